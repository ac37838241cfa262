package io.sanke.infra;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sanke.client.ClassroomClient;
import io.sanke.client.MediaPeer;
import io.sanke.scheduler.api.LessonEvent;
import io.sanke.scheduler.api.LessonProfile;
import io.sanke.scheduler.api.LessonSession;
import io.sanke.scheduler.api.PairedClassroom;
import io.sanke.scheduler.api.Pairing;
import io.sanke.scheduler.api.Participant;
import io.sanke.scheduler.api.SessionState;
import io.sanke.scheduler.store.Json;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * sanke-server records a live lesson with nobody wiring media by hand: the lesson opens
 * and starts (scheduler events on the embedded Redis), the recorder starts recording it
 * automatically (autoRecord), and the live capture follows the lesson's SFU router through
 * signaling — the teacher publishes and after two seconds shares the screen, the master and
 * a rural classroom join late, the teacher gives the rural one the floor, the lesson ends. The
 * manifest lists every track with its start, the floor change is in its timeline, and
 * the transcode job produces the three renditions, each lasting the captured lesson.
 * Real libwebrtc peers (webrtc-java) in a private network namespace.
 */
@Tag("netns")
class LiveLessonRecordingE2ETest {
    private static final String SID = "e7@2026-09-07";

    @TempDir
    Path dir;

    private static Config config(Path dataDir) {
        return ConfigFactory.parseString("""
                        sanke.server { data-dir = "%s", demo-data = false, embedded-redis-port = 0 }
                        sanke.scheduler.http.port = 0
                        sanke.signaling.http.port = 0
                        sanke.recorder { http.port = 0, s3.embedded-port = 0, jobs.block = 500 milliseconds, lessons.poll = 200 milliseconds }
                        sanke.recorder.capture { segment = 1 second, silence-gap = 3 seconds }
                        sanke.recorder.transcode {
                          width = 320, height = 180, mp4-video-bitrate = 600 kbps, audio-bitrate = 64 kbps
                          keyframe-interval = 1 second, hls-segment = 2 seconds, threads = 2
                          renditions = [
                            { name = "720p", width = 320, height = 180, video-bitrate = 600 kbps, audio-bitrate = 64 kbps }
                            { name = "360p", width = 160, height = 90, video-bitrate = 200 kbps, audio-bitrate = 48 kbps }
                            { name = "180p", width = 80, height = 44, video-bitrate = 80 kbps, audio-bitrate = 32 kbps }
                          ]
                        }
                        sanke.media.ice { bind-address = "::", udp-port = 0, tcp-port = 0 }
                        """.formatted(dataDir.toString().replace("\\", "/")))
                .withFallback(ConfigFactory.load());
    }

    private static LessonEvent event(String type, Instant at) {
        LessonSession s = new LessonSession(SID, "e7", "p7", LocalDate.of(2026, 9, 7), at, at.plusSeconds(2700),
                SessionState.LIVE, at, null, false);
        Pairing p = new Pairing("p7", "m1", List.of(new PairedClassroom("l1", "t-a1")), "语文", "五年级", "t-master",
                LessonProfile.STANDARD, true);
        return new LessonEvent(type, SID, at, s, p, List.of(
                new Participant(Participant.Role.MASTER_TEACHER, "t-master", "陈静", "s-urban", "m1"),
                new Participant(Participant.Role.MASTER_CLASSROOM, "m1", "县第一小学 主讲教室", "s-urban", "m1"),
                new Participant(Participant.Role.LISTENING_CLASSROOM, "l1", "李家村教学点", "s-v1", "l1"),
                new Participant(Participant.Role.ASSISTANT_TEACHER, "t-a1", "林芳", "s-v1", "l1")), null);
    }

    private static void lessonEvent(RedisAPI redis, String type) throws Exception {
        redis.xadd(List.of("sanke:lesson-events", "*", "type", type, "sessionId", SID, "payload",
                Json.write(event(type, Instant.now())))).await(10, TimeUnit.SECONDS);
    }

    /** Polls (real media flows in real time) until {@code value} answers non-null. */
    private static <T> T until(String what, Duration limit, Supplier<T> value) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            T v = value.get();
            if (v != null) {
                return v;
            }
            Thread.sleep(100);
        }
        return fail("not reached in " + limit + ": " + what);
    }

    private static String recordingId(RedisAPI redis) {
        Response r = redis.hget("sanke:rec:by-session", SID).toCompletionStage().toCompletableFuture().join();
        return r == null ? null : r.toString();
    }

    private static JsonObject recording(RedisAPI redis, String id) {
        Response r = redis.hget("sanke:rec:recordings", id).toCompletionStage().toCompletableFuture().join();
        return r == null ? null : new JsonObject(r.toString());
    }

    private static JsonObject manifest(Path file) {
        try {
            return Files.exists(file) ? new JsonObject(Files.readString(file)) : null;
        } catch (Exception e) {
            return null; // being renamed into place
        }
    }

    private static List<String> trackIds(JsonObject manifest) {
        List<String> ids = new ArrayList<>();
        manifest.getJsonArray("tracks").forEach(o -> ids.add(((JsonObject) o).getString("trackId")));
        return ids;
    }

    /** The manifest's closed segments that hold packets, in order. */
    private static List<JsonObject> segmentsWithPackets(JsonObject manifest) {
        return manifest.getJsonArray("segments").stream().map(o -> (JsonObject) o)
                .filter(o -> o.getLong("packets", 0L) > 0).toList();
    }

    /** Seconds of media in the manifest's closed segments, from the first segment with packets to the last. */
    private static double seconds(JsonObject manifest) {
        List<JsonObject> seg = segmentsWithPackets(manifest);
        if (seg.isEmpty()) {
            return 0;
        }
        return Duration.between(Instant.parse(seg.getFirst().getString("from")),
                Instant.parse(seg.getLast().getString("to"))).toMillis() / 1000.0;
    }

    /**
     * Seconds of media captured since a track was added: from its {@code addedAt} to the end
     * of the last closed segment that holds packets (0 before that). Empty segments do not
     * count, so a starved machine makes the test wait for real media, not for the clock.
     */
    private static double since(JsonObject manifest, String trackId) {
        List<JsonObject> seg = segmentsWithPackets(manifest);
        Optional<JsonObject> t = manifest.getJsonArray("tracks").stream().map(o -> (JsonObject) o)
                .filter(o -> trackId.equals(o.getString("trackId"))).findFirst();
        if (seg.isEmpty() || t.isEmpty()) {
            return 0;
        }
        return Duration.between(Instant.parse(t.get().getString("addedAt")),
                Instant.parse(seg.getLast().getString("to"))).toMillis() / 1000.0;
    }

    private static Optional<Path> find(Path root, String suffix) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().replace('\\', '/').endsWith(suffix)).findFirst();
        }
    }

    private static double ffprobeDuration(Path playlist) throws Exception {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
                playlist.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "ffprobe " + playlist + ": " + out);
        return Double.parseDouble(out.lines().reduce((a, b) -> b).orElseThrow());
    }

    @Test
    @DisplayName("a live lesson is recorded automatically, follows a late classroom, a screen share and the floor, and reaches three renditions")
    void liveLessonIsRecordedFromItsRouter() throws Exception {
        if (!"1".equals(System.getenv("SANKE_NETNS"))) {
            fail("WebRTC tests must run inside scripts/netns-java (surefire execution webrtc-netns), not on the host network");
        }
        Vertx vertx = Vertx.vertx();
        Path data = dir.resolve("data");
        try (SankeServer server = SankeServer.start(config(data), Clock.systemUTC())) {
            Redis client = Redis.createClient(vertx, server.embeddedRedisUri());
            RedisAPI redis = RedisAPI.api(client);
            URI ws = URI.create("ws://127.0.0.1:" + server.signalingPort() + "/ws/v1");
            var signaling = server.signaling();

            lessonEvent(redis, LessonEvent.OPENING);
            lessonEvent(redis, LessonEvent.STARTED);
            String id = until("the recording started automatically", Duration.ofSeconds(30), () -> recordingId(redis));
            Path live = data.resolve("capture").resolve(id).resolve("manifest.json");

            try (ClassroomClient teacher = new ClassroomClient(vertx, ws, new MediaPeer.Options("t-master", true, 320, 180, 15, 1, 440));
                 ClassroomClient master = new ClassroomClient(vertx, ws, new MediaPeer.Options("m1", true, 320, 180, 15, 1, 550));
                 ClassroomClient late = new ClassroomClient(vertx, ws, new MediaPeer.Options("l1", true, 320, 180, 15, 1, 660))) {
                teacher.join(SID, signaling.issueToken(SID, "master-teacher", "t-master", "陈静", null));
                until("the teacher captured for 2 s", Duration.ofSeconds(60), () -> {
                    JsonObject m = manifest(live);
                    return m != null && trackIds(m).contains("t-master/microphone") && since(m, "t-master/camera") >= 2
                            ? m : null;
                });
                teacher.shareScreen();
                until("the screen share captured for 2 s", Duration.ofSeconds(60), () -> {
                    JsonObject m = manifest(live);
                    return m != null && since(m, "t-master/screen") >= 2 ? m : null;
                });
                master.join(SID, signaling.issueToken(SID, "classroom", "m1", "主讲教室", "m1"));
                late.join(SID, signaling.issueToken(SID, "classroom", "l1", "李家村教学点", "l1"));
                until("the classrooms captured", Duration.ofSeconds(60), () -> {
                    JsonObject m = manifest(live);
                    return m != null && trackIds(m).containsAll(List.of("m1/camera", "m1/microphone", "l1/camera",
                            "l1/microphone")) ? m : null;
                });
                teacher.grantFloor("l1");
                until("the floor and two more seconds captured", Duration.ofSeconds(60), () -> {
                    JsonObject m = manifest(live);
                    return m != null && m.getJsonArray("events").stream()
                            .anyMatch(e -> "ON_STAGE".equals(((JsonObject) e).getString("type")))
                            && since(m, "l1/camera") >= 2 ? m : null;
                });
                lessonEvent(redis, LessonEvent.ENDED);
                JsonObject done = until("transcoded", Duration.ofMinutes(5), () -> {
                    JsonObject r = recording(redis, id);
                    return r != null && ("PENDING_REVIEW".equals(r.getString("state")) || "FAILED".equals(r.getString("state")))
                            ? r : null;
                });
                assertEquals("PENDING_REVIEW", done.getString("state"), done.encode());
                assertEquals("auto", done.getString("trigger"), done.encode());
            }

            Path s3 = data.resolve("s3");
            JsonObject manifest = new JsonObject(Files.readString(find(s3, "recordings/" + id + "/raw/manifest.json")
                    .orElseThrow(() -> new AssertionError("no raw/manifest.json in the repository"))));
            Map<String, JsonObject> tracks = new java.util.LinkedHashMap<>();
            manifest.getJsonArray("tracks").forEach(o -> tracks.put(((JsonObject) o).getString("trackId"), (JsonObject) o));
            assertEquals(List.of("t-master/camera", "t-master/microphone", "m1/camera", "m1/microphone", "l1/camera",
                    "l1/microphone", "t-master/screen").stream().sorted().toList(), tracks.keySet().stream().sorted().toList(),
                    manifest.encodePrettily());
            for (JsonObject t : tracks.values()) {
                assertNotNull(t.getString("addedAt"), t.encode());
                assertNotNull(t.getString("removedAt"), "every track ended with the lesson: " + t.encode());
            }
            assertEquals("TEACHER", tracks.get("t-master/camera").getString("role"));
            assertEquals("VP8", tracks.get("t-master/camera").getString("codec"));
            assertEquals("opus", tracks.get("l1/microphone").getString("codec"));
            assertEquals("COURSEWARE", tracks.get("t-master/screen").getString("role"));
            assertEquals("CLASSROOM", tracks.get("l1/camera").getString("role"));
            assertEquals("l1", tracks.get("l1/camera").getString("classroomId"));
            assertEquals("m1", tracks.get("m1/microphone").getString("classroomId"));
            Instant teacherAt = Instant.parse(tracks.get("t-master/camera").getString("addedAt"));
            Instant lateAt = Instant.parse(tracks.get("l1/camera").getString("addedAt"));
            Instant screenAt = Instant.parse(tracks.get("t-master/screen").getString("addedAt"));
            assertTrue(screenAt.isAfter(teacherAt.plusSeconds(1)), "the screen share starts later: " + teacherAt + " " + screenAt);
            assertTrue(lateAt.isAfter(screenAt.plusSeconds(1)), "the classroom joins later: " + screenAt + " " + lateAt);
            assertTrue(manifest.getJsonArray("events").stream().map(e -> (JsonObject) e)
                    .anyMatch(e -> "ON_STAGE".equals(e.getString("type")) && "l1".equals(e.getString("subject"))),
                    manifest.getJsonArray("events").encode());

            Path master = find(s3, "recordings/" + id + "/media/hls/master.m3u8").orElseThrow();
            assertEquals(List.of("720p/index.m3u8", "360p/index.m3u8", "180p/index.m3u8"),
                    Files.readAllLines(master).stream().filter(l -> !l.startsWith("#") && !l.isBlank()).toList());
            double lesson = seconds(manifest);
            for (String name : List.of("720p", "360p", "180p")) {
                double d = ffprobeDuration(master.resolveSibling(name).resolve("index.m3u8"));
                assertEquals(lesson, d, 1.5, name + " lasts " + d + " s, the captured lesson " + lesson + " s");
            }
            client.close();
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }
}
