package io.sanke.infra.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.ConfigFactory;
import io.sanke.infra.SankeServer;
import io.sanke.infra.SignalingServer;
import io.sanke.scheduler.api.SessionCalendar;
import io.sanke.scheduler.testing.RedisProcess;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Everything a live lesson needs, started by the composition root inside the private
 * network namespace: {@link SankeServer} (scheduler, embedded Redis, demo county, the
 * in-process SFU node, signaling serving the pages on the namespace address)
 * on a clock that is moved, once signaling listens, to two minutes before the demo's
 * next Monday 08:00 maths lesson (陈静, 实验小学 主讲教室一,
 * paired with 李家村, 王家村 and 张家湾 teaching points); signaling follows the
 * scheduler's lesson events. Starting waits until the scheduler opened
 * the lesson and signaling opened its room, starts the lesson as the coordinator, and
 * fetches every participant's lesson token from signaling's token API.
 *
 * <p>{@link #withMediaNodes} adds a second signaling node ({@link SignalingServer}, as
 * {@code scripts/cluster} runs it) on sanke-server's Redis and secret whose SFU nodes are
 * media nodes in processes of their own ({@code sanke.signaling.media-nodes}); the clients'
 * WebSocket, the pages and the tokens then come from that node, and sanke-server's own
 * signaling node and in-process SFU are not used.
 */
final class LessonStack implements AutoCloseable {
  /** The namespace's non-loopback address (scripts/netns-java). */
  static final String HOST = "198.18.0.1";
  static final String TEACHER = "tch-u1-1";
  static final String MASTER_ROOM = "cr-u1-a";
  static final List<String> LISTENING = List.of("cr-v1", "cr-v2", "cr-v3");
  private static final String SECRET = "sanke-e2e-secret-0123456789abcdefghijklmnop";

  final Path dataDir;
  final SankeServer server;
  /** The signaling node on remote media nodes, or null: sanke-server's own serves the lesson. */
  final SignalingServer signalingNode;
  final Vertx vertx;
  final String sessionId;
  final Map<String, JsonObject> tokens = new HashMap<>();
  private final WebClient web;

  private LessonStack(Path dataDir, SankeServer server, SignalingServer signalingNode, Vertx vertx, String sessionId) {
    this.dataDir = dataDir;
    this.server = server;
    this.signalingNode = signalingNode;
    this.vertx = vertx;
    this.sessionId = sessionId;
    this.web = WebClient.create(vertx);
  }

  static LessonStack start() throws Exception {
    return start(List.of());
  }

  /**
   * The lesson served by a separate signaling node whose SFU nodes are {@code mediaNodes},
   * entries of {@code sanke.signaling.media-nodes} ({@code {id, url, secret}}).
   */
  static LessonStack withMediaNodes(List<Map<String, Object>> mediaNodes) throws Exception {
    if (mediaNodes.isEmpty()) {
      throw new IllegalArgumentException("no media nodes");
    }
    return start(mediaNodes);
  }

  private static LessonStack start(List<Map<String, Object>> mediaNodes) throws Exception {
    if (!"1".equals(System.getenv("SANKE_NETNS"))) {
      fail("end-to-end lessons must run inside scripts/netns-java (surefire execution e2e-netns), not on the host network");
    }
    LocalDate monday = LocalDate.now(SessionCalendar.ZONE).with(TemporalAdjusters.next(DayOfWeek.MONDAY));
    Instant lessonStart = monday.atTime(LocalTime.of(8, 0)).atZone(SessionCalendar.ZONE).toInstant();
    // Before the open lead (15 min) while signaling starts: its lesson-event reader follows
    // new events only, so the lesson opens once it listens (moved below).
    ShiftableClock clock = new ShiftableClock(Duration.between(Instant.now(), lessonStart.minus(Duration.ofMinutes(30))));
    String sessionId = "tt-math-1@" + monday;

    Path dataDir = Files.createTempDirectory("sanke-e2e-");
    int redisPort = RedisProcess.freePort(); // known, so that a second signaling node can share the embedded Redis
    SankeServer server = SankeServer.start(ConfigFactory.parseMap(Map.of(
            "sanke.server.data-dir", dataDir.toString(),
            "sanke.server.embedded-redis-port", redisPort,
            "sanke.scheduler.http.port", 0,
            "sanke.scheduler.tick", "500 ms",
            "sanke.scheduler.auth.secret", SECRET,
            "sanke.signaling.http.host", HOST,
            "sanke.signaling.http.port", 0,
            "sanke.media.ice.bind-address", "::",
            "sanke.media.ice.udp-port", 0,
            "sanke.media.ice.tcp-port", 0))
        .withFallback(ConfigFactory.load()), clock);
    Vertx vertx = Vertx.vertx();
    SignalingServer signalingNode = null;
    try {
      if (!mediaNodes.isEmpty()) {
        signalingNode = SignalingServer.start(ConfigFactory.parseMap(Map.of(
                "sanke.signaling.node-id", "signaling-2",
                "sanke.signaling.redis.uri", "redis://127.0.0.1:" + redisPort + "/0",
                "sanke.signaling.auth.secret", SECRET,
                "sanke.signaling.http.host", HOST,
                "sanke.signaling.http.port", 0,
                "sanke.signaling.media-nodes", mediaNodes))
            .withFallback(ConfigFactory.load()), clock);
      }
      LessonStack stack = new LessonStack(dataDir, server, signalingNode, vertx, sessionId);
      clock.setNow(lessonStart.minus(Duration.ofMinutes(2)));
      stack.openLesson();
      return stack;
    } catch (Exception | Error e) {
      vertx.close().await(10, TimeUnit.SECONDS);
      if (signalingNode != null) {
        signalingNode.close();
      }
      server.close();
      throw e;
    }
  }

  /** The port of the signaling node that serves the lesson: pages, {@code /ws/v1}, lesson tokens. */
  int signalingPort() {
    return signalingNode != null ? signalingNode.httpPort() : server.signalingPort();
  }

  private void openLesson() throws Exception {
    String path = "/api/v1/sessions/" + URLEncoder.encode(sessionId, StandardCharsets.UTF_8) + "/tokens";
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    HttpResponse<Buffer> r;
    do {
      r = web.post(signalingPort(), HOST, path).bearerTokenAuthentication(server.coordinatorToken())
          .sendJsonObject(new JsonObject()).await(10, TimeUnit.SECONDS);
      if (r.statusCode() == 200) {
        break;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < end);
    if (r.statusCode() != 200) {
      fail("the demo lesson " + sessionId + " did not open within 30 s: " + r.statusCode() + " " + r.bodyAsString());
    }
    for (Object o : r.bodyAsJsonObject().getJsonArray("tokens")) {
      JsonObject t = (JsonObject) o;
      tokens.put(t.getString("participantId"), t);
    }
    HttpResponse<Buffer> started = web.post(server.httpPort(), "127.0.0.1",
            "/api/v1/sessions/" + URLEncoder.encode(sessionId, StandardCharsets.UTF_8) + "/start")
        .bearerTokenAuthentication(server.coordinatorToken()).send().await(10, TimeUnit.SECONDS);
    if (started.statusCode() / 100 != 2) {
      fail("cannot start the lesson " + sessionId + ": " + started.statusCode() + " " + started.bodyAsString());
    }
  }

  /** Ends the lesson as the coordinator (the scheduler's {@code lesson.ended} closes the room). */
  void endLesson() throws Exception {
    HttpResponse<Buffer> ended = web.post(server.httpPort(), "127.0.0.1",
            "/api/v1/sessions/" + URLEncoder.encode(sessionId, StandardCharsets.UTF_8) + "/end")
        .bearerTokenAuthentication(server.coordinatorToken()).send().await(10, TimeUnit.SECONDS);
    if (ended.statusCode() / 100 != 2) {
      fail("cannot end the lesson " + sessionId + ": " + ended.statusCode() + " " + ended.bodyAsString());
    }
  }

  /** An observer's (巡课) lesson token, issued to the coordinator. */
  JsonObject observer() throws Exception {
    HttpResponse<Buffer> r = web.post(signalingPort(), HOST,
            "/api/v1/sessions/" + URLEncoder.encode(sessionId, StandardCharsets.UTF_8) + "/tokens")
        .bearerTokenAuthentication(server.coordinatorToken()).sendJsonObject(new JsonObject().put("role", "observer"))
        .await(10, TimeUnit.SECONDS);
    if (r.statusCode() != 200) {
      fail("no observer token: " + r.statusCode() + " " + r.bodyAsString());
    }
    return r.bodyAsJsonObject().getJsonArray("tokens").getJsonObject(0);
  }

  String pageUrlWithToken(String page, String token) {
    return origin() + "/" + page + "?session=" + URLEncoder.encode(sessionId, StandardCharsets.UTF_8) + "&token="
        + URLEncoder.encode(token, StandardCharsets.UTF_8);
  }

  String token(String participantId) {
    JsonObject t = tokens.get(participantId);
    if (t == null) {
      fail("no lesson token for " + participantId + "; the lesson has " + tokens.keySet());
    }
    return t.getString("token");
  }

  String name(String participantId) {
    return tokens.get(participantId).getString("name");
  }

  /** A page of the lesson for {@code participantId}, as a link from the timetable would open it. */
  String pageUrl(String page, String participantId) {
    return "http://" + HOST + ":" + signalingPort() + "/" + page + "?session="
        + URLEncoder.encode(sessionId, StandardCharsets.UTF_8) + "&token=" + URLEncoder.encode(token(participantId), StandardCharsets.UTF_8);
  }

  /** The origin of the pages (to be treated as secure by the browser: camera access). */
  String origin() {
    return "http://" + HOST + ":" + signalingPort();
  }

  URI webSocket() {
    return URI.create("ws://" + HOST + ":" + signalingPort() + "/ws/v1");
  }

  @Override
  public void close() throws Exception {
    try {
      web.close();
      vertx.close().await(10, TimeUnit.SECONDS);
    } finally {
      try {
        if (signalingNode != null) {
          signalingNode.close();
        }
      } finally {
        server.close();
        try (var paths = Files.walk(dataDir)) {
          paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }
}
