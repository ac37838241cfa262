package io.sanke.infra;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sanke.media.api.Command;
import io.sanke.media.server.ControlConfig;
import io.sanke.media.server.ControlHttpServer;
import io.sanke.media.server.HttpMediaControl;
import io.sanke.media.server.InProcessControl;
import io.sanke.media.server.MediaConfig;
import io.sanke.media.server.MediaServer;
import io.sanke.recorder.jobs.Job;
import io.sanke.recorder.jobs.JobQueue;
import io.sanke.recorder.jobs.JobStatus;
import io.sanke.scheduler.testing.MutableClock;
import io.sanke.scheduler.testing.RedisProcess;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.redis.client.Redis;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shape of {@code scripts/cluster} in one JVM: a real redis-server, sanke-server on
 * it (scheduler, signaling node 1 and its SFU, embedded S3; no transcode worker of its
 * own), a standalone media node (a {@link MediaServer} behind its {@link ControlHttpServer},
 * what {@code MediaNodeMain} starts) and {@code signaling-remote}, a {@link SignalingServer}
 * whose only SFU node it is, a second {@link SignalingServer} node with its own SFU and a
 * {@link RecorderServer} worker, each on its own ports and the shared Redis.
 */
class ClusterShapeTest {
    private static final String SECRET = "cluster-test-secret-cluster-test-secret";
    private static final String MEDIA_SECRET = "cluster-media-secret-0123";
    private static final String DATE = "2026-11-23"; // a Monday of the demo term

    private static Config config(Map<String, Object> values) {
        return ConfigFactory.parseMap(values).withFallback(ConfigFactory.load());
    }

    private static Map<String, Object> common(RedisProcess redis) {
        Map<String, Object> m = new HashMap<>();
        m.put("sanke.signaling.http.port", 0);
        m.put("sanke.recorder.http.port", 0);
        m.put("sanke.media.ice.bind-address", "127.0.0.1");
        m.put("sanke.media.ice.udp-port", 0);
        m.put("sanke.media.ice.tcp-port", 0);
        m.put("sanke.signaling.redis.uri", redis.uri());
        m.put("sanke.signaling.auth.secret", SECRET);
        return m;
    }

    @Test
    @DisplayName("a separate signaling node refuses to start without the shared Redis or secret, naming the key")
    void signalingNodeRefusesWithoutRedisOrSecret() {
        var noRedis = config(Map.of("sanke.signaling.auth.secret", SECRET));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SignalingServer.start(noRedis, Clock.systemUTC()));
        assertTrue(e.getMessage().contains("sanke.signaling.redis.uri"), e.getMessage());
        var noSecret = config(Map.of("sanke.signaling.redis.uri", "redis://127.0.0.1:9/0"));
        e = assertThrows(IllegalArgumentException.class, () -> SignalingServer.start(noSecret, Clock.systemUTC()));
        assertTrue(e.getMessage().contains("sanke.signaling.auth.secret"), e.getMessage());
        var local = config(Map.of("sanke.signaling.redis.uri", "redis://127.0.0.1:9/0",
                "sanke.signaling.auth.secret", SECRET, "sanke.signaling.state", "local"));
        e = assertThrows(IllegalArgumentException.class, () -> SignalingServer.start(local, Clock.systemUTC()));
        assertTrue(e.getMessage().contains("sanke.signaling.state"), e.getMessage());
        var badMediaNode = config(Map.of("sanke.signaling.redis.uri", "redis://127.0.0.1:9/0",
                "sanke.signaling.auth.secret", SECRET, "sanke.signaling.media-nodes",
                List.of(Map.of("id", "media-2", "url", "ftp://127.0.0.1:8070", "secret", MEDIA_SECRET))));
        e = assertThrows(IllegalArgumentException.class, () -> SignalingServer.start(badMediaNode, Clock.systemUTC()));
        assertTrue(e.getMessage().contains("sanke.signaling.media-nodes[0].url"), e.getMessage());
    }

    @Test
    @DisplayName("a separate signaling node on remote SFU nodes opens no SFU of its own and leaves them running when it stops")
    void signalingNodeOnRemoteMediaNodes() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
             MediaServer media = MediaServer.start(MediaConfig.forTests(), Clock.systemUTC());
             ControlHttpServer control = ControlHttpServer.start(new InProcessControl(media),
                     new ControlConfig("127.0.0.1", 0, MEDIA_SECRET, 256 * 1024))) {
            String url = "http://127.0.0.1:" + control.port();
            Map<String, Object> values = common(redis);
            values.put("sanke.signaling.media-nodes", List.of(Map.of("id", "media-2", "url", url, "secret", MEDIA_SECRET)));
            try (SignalingServer node = SignalingServer.start(config(values), Clock.systemUTC())) {
                assertEquals(-1, node.udpPort());
            }
            try (HttpMediaControl client = new HttpMediaControl(URI.create(url), MEDIA_SECRET)) {
                assertEquals(0, client.execute(new Command.GetLoad()).routers(), "the media node still answers");
            }
        }
    }

    @Test
    @DisplayName("lessons opened by the scheduler are rooms on both signaling nodes and a job is taken by the separate recorder")
    void clusterShapeWorks() throws Exception {
        Path dataDir = Files.createTempDirectory("sanke-cluster-");
        MutableClock clock = MutableClock.at(DATE + "T07:30");
        Vertx vertx = Vertx.vertx();
        WebClient http = WebClient.create(vertx);
        try (RedisProcess redis = RedisProcess.start();
             MediaServer mediaNode = MediaServer.start(MediaConfig.forTests(), Clock.systemUTC());
             ControlHttpServer mediaControl = ControlHttpServer.start(new InProcessControl(mediaNode),
                     new ControlConfig("127.0.0.1", 0, MEDIA_SECRET, 256 * 1024))) {
            Map<String, Object> server = common(redis);
            server.put("sanke.server.data-dir", dataDir.toString());
            server.put("sanke.scheduler.http.port", 0);
            server.put("sanke.scheduler.tick", "100 ms");
            server.put("sanke.scheduler.redis.uri", redis.uri());
            server.put("sanke.scheduler.auth.secret", SECRET);
            server.put("sanke.signaling.node-id", "signaling-1");
            server.put("sanke.recorder.jobs.workers", 0);
            int s3Port = RedisProcess.freePort();
            server.put("sanke.recorder.s3.embedded-port", s3Port);
            Map<String, Object> second = common(redis);
            second.put("sanke.signaling.node-id", "signaling-2");
            second.put("sanke.media.node-id", "media-2");
            Map<String, Object> onMediaNode = common(redis);
            onMediaNode.put("sanke.signaling.node-id", "signaling-remote");
            onMediaNode.put("sanke.signaling.media-nodes", List.of(Map.of("id", "media-node",
                    "url", "http://127.0.0.1:" + mediaControl.port(), "secret", MEDIA_SECRET)));
            try (SankeServer one = SankeServer.start(config(server), clock);
                 SignalingServer two = SignalingServer.start(config(second), clock);
                 SignalingServer remote = SignalingServer.start(config(onMediaNode), clock)) {
                assertEquals(-1, remote.udpPort(), "signaling-remote has no SFU of its own");
                clock.set(DATE + "T07:50"); // within open-lead: the next tick opens the 08:00 lessons
                String lessonA = eventually("the scheduler opens the 08:00 lesson", () -> openLesson(http, one, Set.of()));
                JsonObject onOne = eventually("lesson " + lessonA + " is a room on signaling-1",
                        () -> join(vertx, http, one.signalingPort(), lessonA, one.coordinatorToken()));
                assertEquals("open", onOne.getJsonObject("result").getJsonObject("room").getString("state"), onOne.encode());
                var started = http.post(one.httpPort(), "127.0.0.1", "/api/v1/sessions/" + lessonA + "/start")
                        .bearerTokenAuthentication(one.coordinatorToken()).send().await(20, TimeUnit.SECONDS);
                assertEquals(200, started.statusCode(), started.bodyAsString()); // LIVE: not missed while we go on
                clock.set(DATE + "T08:40"); // the 08:50 lesson opens
                String lessonB = eventually("the scheduler opens the 08:50 lesson",
                        () -> openLesson(http, one, Set.of(lessonA)));
                JsonObject onTwo = eventually("lesson " + lessonB + " is a room on signaling-2",
                        () -> join(vertx, http, two.httpPort(), lessonB, one.coordinatorToken()));
                assertEquals("open", onTwo.getJsonObject("result").getJsonObject("room").getString("state"), onTwo.encode());
                // the limit of this shape: SFU nodes are in-process and not relayed, so a room lives on the
                // SFU of the node its first participant came through; route /ws/v1 sticky by lesson
                JsonObject across = join(vertx, http, two.httpPort(), lessonA, one.coordinatorToken());
                assertEquals("MEDIA_UNAVAILABLE", across.getString("code"), across.encode());
                // signaling-remote knows only the standalone media node: the same limit for rooms on in-process SFUs
                across = join(vertx, http, remote.httpPort(), lessonA, one.coordinatorToken());
                assertEquals("MEDIA_UNAVAILABLE", across.getString("code"), across.encode());

                clock.set(DATE + "T09:50"); // the 10:00 lesson opens; its first participant comes through signaling-remote
                String lessonC = eventually("the scheduler opens the 10:00 lesson",
                        () -> openLesson(http, one, Set.of(lessonA, lessonB)));
                JsonObject onRemote = eventually("lesson " + lessonC + " is a room on signaling-remote",
                        () -> join(vertx, http, remote.httpPort(), lessonC, one.coordinatorToken()));
                assertEquals("open", onRemote.getJsonObject("result").getJsonObject("room").getString("state"),
                        onRemote.encode());
                assertEquals(List.of(lessonC), mediaNode.routers().stream().map(r -> r.id()).toList(),
                        "the room's router is on the standalone media node");

                List<String> keys = Files.readAllLines(dataDir.resolve("s3-credentials"));
                Map<String, Object> worker = common(redis);
                worker.put("sanke.recorder.redis.uri", redis.uri());
                worker.put("sanke.recorder.auth.secret", SECRET);
                worker.put("sanke.recorder.s3.endpoint", "http://127.0.0.1:" + s3Port);
                worker.put("sanke.recorder.s3.access-key", keys.get(0));
                worker.put("sanke.recorder.s3.secret-key", keys.get(1));
                worker.put("sanke.recorder.jobs.consumer", "recorder-2");
                worker.put("sanke.recorder.lessons.consumer", "recorder-2");
                RecorderPart recorder = RecorderServer.start(vertx, config(worker));
                Redis client = Redis.createClient(vertx, redis.uri());
                try {
                    JobQueue queue = new JobQueue(client, Clock.systemUTC());
                    queue.init().await(20, TimeUnit.SECONDS);
                    Job job = queue.newJob(Job.TRANSCODE, "rec-cluster-shape");
                    queue.enqueue(job).await(20, TimeUnit.SECONDS);
                    JobStatus status = eventually("the separate recorder takes job " + job.id(), () -> {
                        JobStatus s = queue.status(job.id()).await(20, TimeUnit.SECONDS);
                        return s != null && s.worker() != null ? s : null;
                    });
                    assertEquals("recorder-2-0", status.worker(), status.toString()); // its first worker thread
                } finally {
                    client.close();
                    recorder.close();
                }
            }
        } finally {
            http.close();
            vertx.close().await(20, TimeUnit.SECONDS);
            RedisProcess.deleteTree(dataDir);
        }
    }

    /** An OPEN session of the day not in {@code except}, or null. */
    private static String openLesson(WebClient http, SankeServer server, Set<String> except) throws Exception {
        JsonArray items = http.get(server.httpPort(), "127.0.0.1", "/api/v1/sessions")
                .addQueryParam("from", DATE).addQueryParam("to", DATE).addQueryParam("state", "OPEN")
                .bearerTokenAuthentication(server.coordinatorToken()).send().await(20, TimeUnit.SECONDS)
                .bodyAsJsonObject().getJsonArray("items");
        for (int i = 0; items != null && i < items.size(); i++) {
            String id = items.getJsonObject(i).getString("id");
            if (!except.contains(id)) {
                return id;
            }
        }
        return null;
    }

    /** An observer token from the node's token route, then {@code join} on its {@code /ws/v1}: the answer, or null while the room is not open. */
    private static JsonObject join(Vertx vertx, WebClient http, int port, String sid, String coordinator) throws Exception {
        var tokens = http.post(port, "127.0.0.1", "/api/v1/sessions/" + sid + "/tokens")
                .bearerTokenAuthentication(coordinator).sendJsonObject(new JsonObject().put("role", "observer"))
                .await(20, TimeUnit.SECONDS);
        if (tokens.statusCode() != 200) {
            return null;
        }
        String token = tokens.bodyAsJsonObject().getJsonArray("tokens").getJsonObject(0).getString("token");
        WebSocket ws = vertx.createWebSocketClient().connect(port, "127.0.0.1", "/ws/v1").await(20, TimeUnit.SECONDS);
        try {
            Promise<JsonObject> answer = Promise.promise();
            ws.textMessageHandler(text -> {
                JsonObject m = new JsonObject(text);
                if ("j1".equals(m.getString("id"))) {
                    answer.tryComplete(m);
                }
            });
            ws.writeTextMessage(new JsonObject().put("v", 1).put("type", "join").put("id", "j1")
                    .put("sessionId", sid).put("token", token).encode()).await(20, TimeUnit.SECONDS);
            JsonObject m = answer.future().await(20, TimeUnit.SECONDS);
            return "ROOM_NOT_OPEN".equals(m.getString("code")) ? null : m;
        } finally {
            ws.close().await(20, TimeUnit.SECONDS);
        }
    }

    /** Polls until the probe answers; the bound only stops a hung test, it asserts no speed. */
    private static <T> T eventually(String what, Probe<T> probe) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            T v = probe.get();
            if (v != null) {
                return v;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("never happened within 60 s: " + what);
            }
            Thread.sleep(50);
        }
    }

    private interface Probe<T> {
        T get() throws Exception;
    }
}
