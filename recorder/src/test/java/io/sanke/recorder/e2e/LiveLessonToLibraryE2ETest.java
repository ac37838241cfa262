package io.sanke.recorder.e2e;

import io.sanke.client.MediaPeer;
import io.sanke.media.api.Command;
import io.sanke.media.server.InProcessControl;
import io.sanke.media.server.MediaConfig;
import io.sanke.media.server.MediaServer;
import io.sanke.recorder.api.Caller;
import io.sanke.recorder.api.Recording;
import io.sanke.recorder.api.RecordingState;
import io.sanke.recorder.capture.CaptureConfig;
import io.sanke.recorder.capture.CaptureStats;
import io.sanke.recorder.capture.LessonCapture;
import io.sanke.recorder.jobs.JavaCvTranscoder;
import io.sanke.recorder.jobs.LessonCaptureControl;
import io.sanke.recorder.server.Recorder;
import io.sanke.recorder.testing.Eventually;
import io.sanke.recorder.testing.Ffmpeg;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The whole pipeline into the library: a teacher and a classroom publish with libwebrtc
 * to the in-process SFU; the recorder starts recording the lesson (its
 * {@link LessonCaptureControl} opens the capture the SFU's plain-RTP egress sends to);
 * stopping uploads the capture to a real S3 server and queues the transcode job; a
 * worker runs the JavaCV transcoder; a reviewer publishes; a viewer's master playlist
 * lists three renditions, each opened by FFmpeg through presigned URLs and lasting the
 * captured lesson (± 1 s). Real redis-server, real S3 (S3Proxy), private network namespace.
 */
@Tag("netns")
class LiveLessonToLibraryE2ETest {
    @TempDir
    Path dir;


    @Test
    @DisplayName("a live SFU lesson is captured, transcoded in a job, stored in S3 and played as three renditions")
    void liveLessonReachesTheLibrary() throws Exception {
        if (!"1".equals(System.getenv("SANKE_NETNS"))) {
            fail("WebRTC tests must run inside scripts/netns-java (surefire execution webrtc-netns), not on the host network");
        }
        Vertx vertx = Vertx.vertx();
        MediaServer sfu = MediaServer.start(
                MediaConfig.withOverrides("sanke.media.ice { bind-address = \"::\", udp-port = 0, tcp-port = 0 }"),
                Clock.systemUTC());
        Recorder recorder = null;
        try (RedisProcess redis = RedisProcess.start(); TestS3 s3 = TestS3.start()) {
            TranscodeSettings small = new TranscodeSettings(320, 180, 25, "libx264", "veryfast", 600, 64,
                    Duration.ofSeconds(1), Duration.ofSeconds(2), List.of(new Rendition("720p", 320, 180, 600, 64),
                    new Rendition("360p", 160, 90, 200, 48), new Rendition("180p", 80, 44, 80, 32)),
                    Duration.ofSeconds(2), 64, 2);
            LessonCaptureControl captures = new LessonCaptureControl(dir.resolve("capture"),
                    CaptureConfig.defaults().withTiming(Duration.ofSeconds(1), Duration.ofSeconds(2)), Clock.systemUTC());
            recorder = Recorder.start(vertx, Harness.config(redis, dir.resolve("jobs"), 1, "e2e", Map.of()),
                    s3.repository(Clock.systemUTC()), new JavaCvTranscoder(new LessonTranscoder(small, Clock.systemUTC())),
                    captures, Clock.systemUTC(), false);

            String session = "e1@2026-09-07";
            Recording r = recorder.control().start(Lessons.started(session, LocalDate.of(2026, 9, 7), Instant.now(), true),
                    "auto", Caller.SYSTEM).await(30, TimeUnit.SECONDS);
            LessonCapture capture = captures.capture(r.id());
            double lessonSeconds;
            try (MediaPeer teacher = new MediaPeer(MediaPeer.Options.classroom("teacher").withVideo(320, 180, 15, 1).withTone(440));
                 MediaPeer room = new MediaPeer(MediaPeer.Options.classroom("li-jia").withVideo(320, 180, 15, 1).withTone(660))) {
                InProcessControl control = new InProcessControl(sfu);
                TwoPeerLesson.publish(control, teacher, room).recordInto(capture);
                Eventually.until("six seconds of media captured", Duration.ofSeconds(60), () -> {
                    CaptureStats s = capture.stats();
                    return s.firstPacket() != null && Duration.between(s.firstPacket(), s.lastPacket()).toMillis() >= 6_000;
                });
                control.execute(new Command.Close(Command.Kind.TRANSPORT, "rec"));
                CaptureStats stats = capture.stats();
                lessonSeconds = Duration.between(stats.firstPacket(), stats.lastPacket()).toMillis() / 1000.0;
            }

            Recording stopped = recorder.control().stop(session, Caller.SYSTEM).await(60, TimeUnit.SECONDS);
            assertEquals(RecordingState.RECORDED, stopped.state(), String.valueOf(stopped.reason()));
            Recorder rec = recorder;
            Recording done = Eventually.until("transcoded", Duration.ofMinutes(5), () -> {
                Recording x = rec.catalog().get(r.id()).await();
                return x.state() == RecordingState.PENDING_REVIEW || x.state() == RecordingState.FAILED ? x : null;
            });
            assertEquals(RecordingState.PENDING_REVIEW, done.state(), String.valueOf(done.reason()));
            recorder.review().publish(r.id(), new Caller("u-review", Caller.REVIEWER, null)).await(30, TimeUnit.SECONDS);

            String viewer = new TokenIssuer(vertx, Fixtures.SECRET, Clock.systemUTC(), Duration.ofHours(1)).viewer("u-v", "观众");
            String base = "http://127.0.0.1:" + recorder.httpPort();
            HttpClient http = HttpClient.newHttpClient();
            JsonObject playback = new JsonObject(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/recordings/"
                    + r.id() + "/playback")).header("Authorization", "Bearer " + viewer).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            String master = http.send(HttpRequest.newBuilder(URI.create(base + playback.getString("master")))
                    .header("Authorization", "Bearer " + viewer).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertEquals(List.of("720p/index.m3u8", "360p/index.m3u8", "180p/index.m3u8"),
                    master.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList());
            JsonArray renditions = playback.getJsonArray("renditions");
            assertEquals(3, renditions.size());
            for (int i = 0; i < 3; i++) {
                String url = base + renditions.getJsonObject(i).getString("playlist") + "?access_token=" + viewer;
                double seconds = Ffmpeg.duration(url);
                assertEquals(lessonSeconds, seconds, 1.0, renditions.getJsonObject(i).getString("name")
                        + " lasts " + seconds + " s, the lesson " + lessonSeconds + " s");
            }
        } finally {
            if (recorder != null) {
                recorder.stop();
            }
            sfu.close();
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }
}
