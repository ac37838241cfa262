package io.sanke.recorder.flow;

import io.sanke.recorder.api.Caller;
import io.sanke.recorder.api.Recording;
import io.sanke.recorder.api.RecordingState;
import io.sanke.recorder.capture.CaptureConfig;
import io.sanke.recorder.capture.RecordingImporter;
import io.sanke.recorder.capture.SyntheticLesson;
import io.sanke.recorder.capture.TrackRole;
import io.sanke.recorder.jobs.JavaCvTranscoder;
import io.sanke.recorder.server.Recorder;
import io.sanke.recorder.testing.Eventually;
import io.sanke.recorder.testing.Ffmpeg;
import io.sanke.recorder.testing.FileCapture;
import io.sanke.recorder.testing.Harness;
import io.sanke.recorder.testing.Lessons;
import io.sanke.recorder.testing.TestS3;
import io.sanke.recorder.transcode.LessonTranscoder;
import io.sanke.recorder.transcode.Rendition;
import io.sanke.recorder.transcode.TranscodeSettings;
import io.sanke.scheduler.server.TokenIssuer;
import io.sanke.scheduler.testing.Fixtures;
import io.sanke.scheduler.testing.RedisProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The media pipeline into the library on real parts: a lesson captured in the capture
 * format (imported from synthetic WebRTC-like VP8/Opus media), transcoded by the JavaCV
 * transcoder inside a recording job, uploaded to a real S3 server, served as a master
 * playlist whose three renditions FFmpeg opens through the library's presigned URLs.
 * (The live-SFU part of the pipeline is the capture's own test.)
 */
class PipelineTest {
    static final Duration LESSON = Duration.ofSeconds(6);

    @Test
    @DisplayName("a captured lesson becomes a master playlist of three renditions, each opened by FFmpeg with the lesson's duration")
    void capturedLessonBecomesPlayableLadder() throws Exception {
        Path work = Files.createTempDirectory("sanke-pipeline-");
        Vertx vertx = Vertx.vertx();
        Recorder recorder = null;
        try (RedisProcess redis = RedisProcess.start(); TestS3 s3 = TestS3.start()) {
            Path media = Files.createDirectories(work.resolve("media"));
            SyntheticLesson.participant(media.resolve("teacher.webm"), "testsrc2", 320, 180, 25, 440, LESSON, 300);
            SyntheticLesson.participant(media.resolve("ca.webm"), "color=c=red", 160, 90, 25, 660, LESSON, 150);
            Path capture = work.resolve("capture");
            RecordingImporter.importLesson(capture, "captured", Instant.parse("2026-09-07T00:00:00Z"), List.of(
                    new RecordingImporter.Source(media.resolve("teacher.webm"), TrackRole.TEACHER, null, Duration.ZERO),
                    new RecordingImporter.Source(media.resolve("ca.webm"), TrackRole.CLASSROOM, "l1", Duration.ZERO)),
                    List.of(), new CaptureConfig(Duration.ofSeconds(2), Duration.ofSeconds(2), "127.0.0.1", 1 << 20, 4));

            TranscodeSettings settings = new TranscodeSettings(640, 360, 25, "libx264", "veryfast", 800, 64,
                    Duration.ofSeconds(2), Duration.ofSeconds(2), List.of(new Rendition("360p", 640, 360, 800, 64),
                    new Rendition("240p", 426, 240, 400, 64), new Rendition("144p", 256, 144, 150, 48)),
                    Duration.ofSeconds(2), 96, 2);
            recorder = Recorder.start(vertx, Harness.config(redis, work.resolve("jobs"), 1, "pipeline", Map.of()),
                    s3.repository(Clock.systemUTC()), new JavaCvTranscoder(new LessonTranscoder(settings, Clock.systemUTC())),
                    new FileCapture(capture), Clock.systemUTC(), false);

            recorder.control().start(Lessons.started("e1@2026-09-07", LocalDate.of(2026, 9, 7), Instant.now(), true),
                    "auto", Caller.SYSTEM).await(30, TimeUnit.SECONDS);
            Recording r = recorder.control().stop("e1@2026-09-07", Caller.SYSTEM).await(60, TimeUnit.SECONDS);
            Recorder rec = recorder;
            Recording done = Eventually.until("transcoded", Duration.ofMinutes(5), () -> {
                Recording x = rec.catalog().get(r.id()).await();
                return x.state() == RecordingState.PENDING_REVIEW || x.state() == RecordingState.FAILED ? x : null;
            });
            assertEquals(RecordingState.PENDING_REVIEW, done.state(), String.valueOf(done.reason()));
            TokenIssuer tokens = new TokenIssuer(vertx, Fixtures.SECRET, Clock.systemUTC(), Duration.ofHours(1));
            recorder.review().publish(r.id(), new Caller("u-review", Caller.REVIEWER, null)).await(30, TimeUnit.SECONDS);

            String viewer = tokens.viewer("u-viewer", "观众");
            String base = "http://127.0.0.1:" + recorder.httpPort();
            HttpClient http = HttpClient.newHttpClient();
            JsonObject playback = new JsonObject(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/recordings/"
                    + r.id() + "/playback")).header("Authorization", "Bearer " + viewer).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            String master = http.send(HttpRequest.newBuilder(URI.create(base + playback.getString("master")))
                    .header("Authorization", "Bearer " + viewer).build(), HttpResponse.BodyHandlers.ofString()).body();
            List<String> variants = master.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
            assertEquals(3, variants.size(), master);
            JsonArray renditions = playback.getJsonArray("renditions");
            assertEquals(3, renditions.size());
            for (int i = 0; i < 3; i++) {
                JsonObject x = renditions.getJsonObject(i);
                String url = base + x.getString("playlist") + "?access_token=" + viewer;
                double seconds = Ffmpeg.duration(url);
                assertEquals(LESSON.toMillis() / 1000.0, seconds, 1.0, x.getString("name"));
                assertEquals(x.getInteger("width") + "x" + x.getInteger("height"), Ffmpeg.size(url));
            }
            assertTrue(playback.getString("mp4").contains("X-Amz-Signature="));
            assertEquals(LESSON.toMillis() / 1000.0, Ffmpeg.duration(playback.getString("mp4")), 1.0);
        } finally {
            if (recorder != null) {
                recorder.stop();
            }
            vertx.close().await(30, TimeUnit.SECONDS);
            RedisProcess.deleteTree(work);
        }
    }
}
