package io.sanke.recorder.http;

import io.sanke.recorder.api.Caller;
import io.sanke.recorder.api.Recording;
import io.sanke.recorder.api.RecordingState;
import io.sanke.recorder.catalog.RecorderJson;
import io.sanke.recorder.catalog.RecorderKeys;
import io.sanke.recorder.server.Recorder;
import io.sanke.recorder.testing.FfmpegTranscoder;
import io.sanke.recorder.testing.FileCapture;
import io.sanke.recorder.testing.Harness;
import io.sanke.recorder.testing.Lessons;
import io.sanke.recorder.testing.TestS3;
import io.sanke.scheduler.api.LessonEvent;
import io.sanke.scheduler.server.TokenIssuer;
import io.sanke.scheduler.testing.Fixtures;
import io.sanke.scheduler.testing.RedisProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManualRecordingTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    RedisProcess redis;
    TestS3 s3;
    Vertx vertx;
    Recorder recorder;
    Path work;
    TokenIssuer tokens;

    @BeforeEach
    void start() throws Exception {
        redis = RedisProcess.start();
        s3 = TestS3.start();
        vertx = Vertx.vertx();
        work = Files.createTempDirectory("sanke-manual-");
        Path clip = Files.write(work.resolve("clip.mp4"), new byte[1024]);
        recorder = Recorder.start(vertx, Harness.config(redis, work.resolve("jobs"), 0, "manual", Map.of()),
                s3.repository(Clock.systemUTC()), new FfmpegTranscoder(false), new FileCapture(clip), Clock.systemUTC(), false);
        tokens = new TokenIssuer(vertx, Fixtures.SECRET, Clock.systemUTC(), Duration.ofHours(1));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            recorder.stop();
            vertx.close().await(30, TimeUnit.SECONDS);
        } finally {
            s3.close();
            redis.close();
            RedisProcess.deleteTree(work);
        }
    }

    HttpResponse<String> post(String path, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + recorder.httpPort() + path))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + recorder.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    void announce(LessonEvent e) {
        recorder.catalog().redis().send(Request.cmd(Command.XADD).arg(RecorderKeys.LESSON_EVENTS).arg("*")
                .arg("type").arg(e.type()).arg("sessionId").arg(e.sessionId()).arg("payload").arg(RecorderJson.write(e)))
                .await();
        recorder.follower().poll().await();
    }

    @Test
    @DisplayName("a lesson nobody asked to record is not recorded; its master teacher starts and stops recording by hand")
    void teacherRecordsByHand() throws Exception {
        String session = "e9@2026-09-07";
        String path = "/api/v1/sessions/" + session + "/recording/";
        String master = tokens.teacher("u-master", "陈静", "t-master");
        String other = tokens.teacher("u-other", "王老师", "t-other");
        String viewer = tokens.viewer("u-viewer", "家长");

        assertEquals(409, post(path + "start", master).statusCode(), "not live yet");
        recorder.catalog().redis().send(Request.cmd(Command.XADD).arg(RecorderKeys.LESSON_EVENTS).arg("*")
                .arg("type").arg("lesson.started").arg("sessionId").arg("x").arg("payload").arg("{not json")).await();
        announce(Lessons.started(session, LocalDate.of(2026, 9, 7), Instant.now(), false));
        assertNull(recorder.catalog().ofSession(session).await(), "no autoRecord, no recorded classroom: not recorded");
        var pending = recorder.catalog().redis().send(Request.cmd(Command.XPENDING).arg(RecorderKeys.LESSON_EVENTS)
                .arg(RecorderKeys.LESSON_GROUP)).await();
        assertEquals(0, pending.get(0).toInteger(), "a malformed event is dropped, the next one handled");

        assertEquals(403, post(path + "start", other).statusCode());
        assertEquals(403, post(path + "start", viewer).statusCode());
        assertEquals(403, post(path + "start", tokens.reviewer("u-r", "审核员")).statusCode());
        HttpResponse<String> started = post(path + "start", master);
        assertEquals(201, started.statusCode(), started.body());
        Recording r = RecorderJson.read(started.body(), Recording.class);
        assertEquals(RecordingState.RECORDING, r.state());
        assertEquals("manual", r.trigger());
        assertEquals(r.id(), RecorderJson.read(post(path + "start", master).body(), Recording.class).id(),
                "starting twice keeps one recording");

        assertEquals(403, post(path + "stop", viewer).statusCode());
        HttpResponse<String> stopped = post(path + "stop", master);
        assertEquals(200, stopped.statusCode(), stopped.body());
        assertEquals(RecordingState.RECORDED, RecorderJson.read(stopped.body(), Recording.class).state());
        assertEquals(1L, recorder.catalog().redis().send(Request.cmd(Command.XLEN).arg(RecorderKeys.JOBS)).await().toLong(),
                "its transcode job is queued");
        assertTrue(s3.repository(Clock.systemUTC()).list("recordings/" + r.id() + "/raw/").size() >= 1);
        assertEquals("recording.stopped", recorder.catalog().auditLog(r.id(), 5).await().getFirst().action());
    }

    @Test
    @DisplayName("bad search parameters are refused with a clear error naming the field")
    void badSearchParameters() throws Exception {
        String reviewer = tokens.reviewer("u-r", "审核员");
        for (String[] c : new String[][]{{"from=2026-13-01", "from"}, {"limit=0", "limit"}, {"limit=201", "limit"},
                {"offset=-1", "offset"}, {"state=LOST", "state"}, {"from=2026-09-08&to=2026-09-07", "to"}}) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + recorder.httpPort()
                    + "/api/v1/recordings?" + c[0])).header("Authorization", "Bearer " + reviewer).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, r.statusCode(), c[0]);
            JsonObject error = new JsonObject(r.body()).getJsonObject("error");
            assertEquals("invalid", error.getString("code"));
            assertTrue(error.getString("message").contains("[field:" + c[1] + "]"), error.getString("message"));
        }
    }

    @Test
    @DisplayName("the library pages and hls.js are served, zh-CN first")
    void pagesAreServed() throws Exception {
        HttpResponse<String> index = get("/library/");
        assertEquals(200, index.statusCode());
        assertTrue(index.body().contains("<html lang=\"zh-CN\">") && index.body().contains("录播课程资源库"));
        assertTrue(index.body().contains("/webjars/hls.js/1.4.12/dist/hls.min.js"));
        assertEquals(200, get("/library/review.html").statusCode());
        HttpResponse<String> js = get("/library/library.js");
        assertTrue(js.body().contains("'zh-CN'") && js.body().contains("en:"));
        assertEquals(200, get("/webjars/hls.js/1.4.12/dist/hls.min.js").statusCode());
        assertEquals(401, get("/api/v1/review/queue").statusCode());
        HttpResponse<String> missing = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + recorder.httpPort()
                + "/api/v1/nothing")).header("Authorization", "Bearer " + tokens.viewer("v", "v")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode());
        assertEquals("not_found", new JsonObject(missing.body()).getJsonObject("error").getString("code"));
    }
}
