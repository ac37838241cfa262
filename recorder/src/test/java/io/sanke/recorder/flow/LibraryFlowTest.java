package io.sanke.recorder.flow;

import io.sanke.recorder.api.Recording;
import io.sanke.recorder.api.RecordingState;
import io.sanke.recorder.catalog.RecorderKeys;
import io.sanke.recorder.server.Recorder;
import io.sanke.recorder.testing.Eventually;
import io.sanke.recorder.testing.Ffmpeg;
import io.sanke.recorder.testing.FfmpegTranscoder;
import io.sanke.recorder.testing.FileCapture;
import io.sanke.recorder.testing.Harness;
import io.sanke.recorder.testing.TestS3;
import io.sanke.scheduler.server.Scheduler;
import io.sanke.scheduler.server.TokenIssuer;
import io.sanke.scheduler.store.Actor;
import io.sanke.scheduler.testing.Fixtures;
import io.sanke.scheduler.testing.MutableClock;
import io.sanke.scheduler.testing.RedisProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library end to end on real parts: the real scheduler and recorder on one real
 * redis-server, a real S3 server, FFmpeg. A lesson of a recorded classroom goes live
 * and ends through the scheduler; the recorder records, transcodes and queues it for
 * review; roles decide who sees and who decides; publishing moves the scheduler's
 * recording coverage; playback goes through presigned URLs only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LibraryFlowTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static RedisProcess redisServer;
    static TestS3 s3;
    static Vertx vertx;
    static Scheduler scheduler;
    static Recorder recorder;
    static Path work;
    static Path clip;
    static final MutableClock clock = MutableClock.at(Fixtures.MONDAY + "T07:50");
    static String viewer;
    static String reviewer;
    static String teacher;
    static String coordinator;
    static String recordingId;

    @BeforeAll
    static void start() throws Exception {
        redisServer = RedisProcess.start();
        s3 = TestS3.start();
        vertx = Vertx.vertx();
        work = Files.createTempDirectory("sanke-flow-");
        clip = Ffmpeg.clip(work.resolve("lesson.mp4"), 6);
        scheduler = Scheduler.start(vertx, Fixtures.config(redisServer), clock, false).await(30, TimeUnit.SECONDS);
        scheduler.store().seedIfEmpty(Fixtures.plan(), List.of(), List.of(), Actor.SYSTEM).await(30, TimeUnit.SECONDS);
        recorder = Recorder.start(vertx, Harness.config(redisServer, work.resolve("jobs"), 1, "flow", Map.of()),
                s3.repository(Clock.systemUTC()), new FfmpegTranscoder(false), new FileCapture(clip), clock, false);
        TokenIssuer tokens = new TokenIssuer(vertx, Fixtures.SECRET, Clock.systemUTC(), Duration.ofHours(1));
        viewer = tokens.viewer("u-viewer", "张老师");
        teacher = tokens.teacher("u-master", "主讲教师", "t-master");
        coordinator = tokens.coordinator("u-coord", "协调员");
        reviewer = tokens.issue(new JsonObject().put("sub", "u-review").put("name", "审核员").put("role", "reviewer"),
                Duration.ofHours(1));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (recorder != null) {
                recorder.stop();
            }
            if (scheduler != null) {
                scheduler.stop().await(30, TimeUnit.SECONDS);
            }
            vertx.close().await(30, TimeUnit.SECONDS);
        } finally {
            s3.close();
            redisServer.close();
            RedisProcess.deleteTree(work);
        }
    }

    static HttpResponse<String> call(String method, String path, String token, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path
                : "http://127.0.0.1:" + recorder.httpPort() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static Recording recording() {
        return recorder.catalog().get(recordingId).await();
    }

    static int recordedCoverage() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + scheduler.httpPort()
                        + "/api/v1/coverage?scope=all&from=" + Fixtures.MONDAY + "&to=" + Fixtures.MONDAY))
                .header("Authorization", "Bearer " + coordinator).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body()).getJsonObject("lessons").getInteger("recorded");
    }

    @Test
    @Order(1)
    @DisplayName("a lesson of a recorded classroom is recorded when it goes live and transcoded when it ends")
    void lessonIsRecordedAutomatically() throws Exception {
        scheduler.lifecycle().tick().await(30, TimeUnit.SECONDS); // SCHEDULED -> OPEN
        clock.set(Fixtures.MONDAY + "T08:00");
        scheduler.lifecycle().start(Fixtures.SESSION, new Actor("u-master", Actor.TEACHER, "t-master")).await(30, TimeUnit.SECONDS);
        assertTrue(recorder.follower().poll().await(30, TimeUnit.SECONDS) >= 1);
        Recording r = recorder.catalog().ofSession(Fixtures.SESSION).await();
        assertNotNull(r, "the recorded classroom's lesson is being recorded");
        recordingId = r.id();
        assertEquals(RecordingState.RECORDING, r.state());
        assertEquals("auto", r.trigger());
        assertEquals("数学", r.metadata().subject());
        assertEquals("t-master", r.metadata().teacherId());
        assertEquals("s-urban", r.metadata().masterSchoolId());
        assertEquals(List.of("s-v1", "s-v2"), r.metadata().ruralSchoolIds());

        clock.set(Fixtures.MONDAY + "T08:45");
        scheduler.lifecycle().end(Fixtures.SESSION, new Actor("u-master", Actor.TEACHER, "t-master")).await(30, TimeUnit.SECONDS);
        assertTrue(recorder.follower().poll().await(30, TimeUnit.SECONDS) >= 1);
        Recording done = Eventually.until("transcoded and pending review", Duration.ofMinutes(3), () -> {
            Recording x = recording();
            return x.state() == RecordingState.PENDING_REVIEW || x.state() == RecordingState.FAILED ? x : null;
        });
        assertEquals(RecordingState.PENDING_REVIEW, done.state(), String.valueOf(done.reason()));
        assertEquals(3, done.metadata().renditions().size());
        assertEquals(6.0, done.metadata().duration().toMillis() / 1000.0, 0.5);
    }

    @Test
    @Order(2)
    @DisplayName("an unpublished recording is invisible to a viewer and a teacher, visible to a reviewer")
    void unpublishedIsInvisible() throws Exception {
        assertEquals(404, call("GET", "/api/v1/recordings/" + recordingId, viewer, null).statusCode());
        assertEquals(404, call("GET", "/api/v1/recordings/" + recordingId, teacher, null).statusCode());
        assertEquals(404, call("GET", "/api/v1/recordings/" + recordingId + "/playback", viewer, null).statusCode());
        assertEquals(404, call("GET", "/api/v1/recordings/" + recordingId + "/hls/master.m3u8", viewer, null).statusCode());
        assertEquals(0, new JsonObject(call("GET", "/api/v1/recordings", viewer, null).body()).getInteger("total"));
        assertEquals(403, call("GET", "/api/v1/recordings?state=PENDING_REVIEW", viewer, null).statusCode());
        assertEquals(403, call("GET", "/api/v1/review/queue", viewer, null).statusCode());
        assertEquals(200, call("GET", "/api/v1/recordings/" + recordingId, reviewer, null).statusCode());
        JsonArray queue = new JsonObject(call("GET", "/api/v1/review/queue", reviewer, null).body()).getJsonArray("items");
        assertEquals(recordingId, queue.getJsonObject(0).getString("id"));
        assertEquals(401, call("GET", "/api/v1/recordings", null, null).statusCode());
    }

    @Test
    @Order(3)
    @DisplayName("only a reviewer may publish or reject; a rejection needs a reason; bad requests change nothing")
    void reviewTransitionsAreEnforcedByRole() throws Exception {
        String publish = "/api/v1/recordings/" + recordingId + "/publish";
        String reject = "/api/v1/recordings/" + recordingId + "/reject";
        assertEquals(403, call("POST", publish, viewer, null).statusCode());
        assertEquals(403, call("POST", publish, teacher, null).statusCode());
        assertEquals(403, call("POST", publish, coordinator, null).statusCode());
        assertEquals(403, call("POST", reject, teacher, "{\"reason\":\"x\"}").statusCode());
        HttpResponse<String> noReason = call("POST", reject, reviewer, "{}");
        assertEquals(400, noReason.statusCode());
        assertEquals("invalid", new JsonObject(noReason.body()).getJsonObject("error").getString("code"));
        assertEquals(400, call("POST", reject, reviewer, "not json").statusCode());
        assertEquals(400, call("POST", reject, reviewer, "{\"reason\":42}").statusCode());
        assertEquals(404, call("POST", "/api/v1/recordings/rec-nope/publish", reviewer, null).statusCode());
        assertEquals(RecordingState.PENDING_REVIEW, recording().state(), "refused requests changed nothing");
    }

    @Test
    @Order(4)
    @DisplayName("publishing moves the scheduler's recording coverage and makes the lesson visible to viewers")
    void publishingMovesCoverage() throws Exception {
        assertEquals(0, recordedCoverage());
        HttpResponse<String> published = call("POST", "/api/v1/recordings/" + recordingId + "/publish", reviewer, null);
        assertEquals(200, published.statusCode(), published.body());
        assertEquals(409, call("POST", "/api/v1/recordings/" + recordingId + "/publish", reviewer, null).statusCode());
        assertEquals(409, call("POST", "/api/v1/recordings/" + recordingId + "/reject", reviewer,
                "{\"reason\":\"太晚了\"}").statusCode());

        assertTrue(scheduler.recordings().poll().await(30, TimeUnit.SECONDS) >= 1);
        assertEquals(1, recordedCoverage(), "the scheduler counts the published recording");
        assertTrue(scheduler.store().session(Fixtures.SESSION).await(30, TimeUnit.SECONDS).recorded());

        JsonObject page = new JsonObject(call("GET", "/api/v1/recordings?subject=" + enc("数学") + "&school=s-v2&from="
                + Fixtures.MONDAY + "&to=" + Fixtures.MONDAY, viewer, null).body());
        assertEquals(1, page.getInteger("total"));
        assertEquals(0, new JsonObject(call("GET", "/api/v1/recordings?subject=" + enc("语文"), viewer, null).body())
                .getInteger("total"));
        assertEquals(0, new JsonObject(call("GET", "/api/v1/recordings?from=2026-09-08", viewer, null).body())
                .getInteger("total"));
        assertEquals(200, call("GET", "/api/v1/recordings/" + recordingId, viewer, null).statusCode());

        JsonArray audit = new JsonObject(call("GET", "/api/v1/recordings/" + recordingId + "/audit", reviewer, null).body())
                .getJsonArray("items");
        assertEquals("recording.published", audit.getJsonObject(0).getString("action"));
        assertEquals("u-review", audit.getJsonObject(0).getString("who"));
        var events = recorder.catalog().redis().send(Request.cmd(Command.XRANGE).arg(RecorderKeys.RECORDING_EVENTS)
                .arg("-").arg("+")).await();
        assertTrue(events.toString().contains("PUBLISHED"));
    }

    @Test
    @Order(5)
    @DisplayName("a viewer plays the master playlist: three renditions, each opened by FFmpeg through presigned URLs")
    void playbackThroughPresignedUrls() throws Exception {
        HttpResponse<String> pb = call("GET", "/api/v1/recordings/" + recordingId + "/playback", viewer, null);
        assertEquals(200, pb.statusCode(), pb.body());
        JsonObject playback = new JsonObject(pb.body());
        assertEquals(3, playback.getJsonArray("renditions").size());
        assertTrue(playback.getString("poster").contains("X-Amz-Signature="));
        assertEquals(200, HTTP.send(HttpRequest.newBuilder(URI.create(playback.getString("poster"))).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());

        HttpResponse<String> master = call("GET", playback.getString("master"), viewer, null);
        assertEquals(200, master.statusCode());
        List<String> variants = master.body().lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
        assertEquals(List.of("360p/index.m3u8", "240p/index.m3u8", "144p/index.m3u8"), variants);

        for (int i = 0; i < 3; i++) {
            JsonObject rendition = playback.getJsonArray("renditions").getJsonObject(i);
            String url = "http://127.0.0.1:" + recorder.httpPort() + rendition.getString("playlist") + "?access_token=" + viewer;
            HttpResponse<String> media = call("GET", url, null, null);
            assertEquals(200, media.statusCode());
            List<String> segments = media.body().lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
            assertFalse(segments.isEmpty());
            for (String s : segments) {
                assertTrue(s.startsWith(s3.endpoint() + "/") && s.contains("X-Amz-Signature="), s);
            }
            String unsigned = segments.getFirst().substring(0, segments.getFirst().indexOf('?'));
            assertEquals(403, HTTP.send(HttpRequest.newBuilder(URI.create(unsigned)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode(), "no public bucket");
            double seconds = Ffmpeg.duration(url);
            assertEquals(6.0, seconds, 1.0, rendition.getString("name"));
            assertEquals(rendition.getInteger("width") + "x" + rendition.getInteger("height"), Ffmpeg.size(url));
        }
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
