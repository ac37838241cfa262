package io.sanke.recorder.e2e;

import static org.junit.jupiter.api.Assertions.*;

import io.sanke.client.MediaPeer;
import io.sanke.media.api.Command;
import io.sanke.media.server.InProcessControl;
import io.sanke.media.server.MediaConfig;
import io.sanke.media.server.MediaServer;
import io.sanke.recorder.capture.CaptureConfig;
import io.sanke.recorder.capture.CaptureManifest;
import io.sanke.recorder.capture.CaptureStats;
import io.sanke.recorder.capture.LessonCapture;
import io.sanke.recorder.transcode.LessonTranscoder;
import io.sanke.recorder.transcode.Rendition;
import io.sanke.recorder.transcode.TranscodeOutput;
import io.sanke.recorder.transcode.TranscodeSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real pipeline: a teacher and a classroom publish with libwebrtc (webrtc-java,
 * headless client) to the SFU running in process; the SFU's plain-RTP egress sends
 * their four tracks to a live capture; the capture is transcoded; FFmpeg opens the
 * master playlist's three renditions and each lasts as long as the recorded lesson.
 * Runs in the private network namespace (libwebrtc ignores loopback).
 */
@Tag("netns")
class SfuToTranscodeE2ETest {
  @TempDir
  Path dir;


  private static void until(Duration limit, java.util.function.BooleanSupplier done, java.util.function.Supplier<String> seen)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("gave up waiting; saw " + seen.get());
      }
      Thread.sleep(20);
    }
  }

  @Test
  @DisplayName("WebRTC publishers through the SFU are captured live and transcoded into three renditions of the lesson's length")
  void sfuEgressIsCapturedAndTranscoded() throws Exception {
    if (!"1".equals(System.getenv("SANKE_NETNS"))) {
      fail("WebRTC tests must run inside scripts/netns-java (surefire execution webrtc-netns), not on the host network");
    }
    MediaServer server = MediaServer.start(
        MediaConfig.withOverrides("sanke.media.ice { bind-address = \"::\", udp-port = 0, tcp-port = 0 }"),
        Clock.systemUTC());
    Path rec = dir.resolve("rec");
    CaptureStats stats;
    try (MediaPeer teacher = new MediaPeer(MediaPeer.Options.classroom("teacher").withVideo(320, 180, 15, 1).withTone(440));
        MediaPeer room = new MediaPeer(MediaPeer.Options.classroom("li-jia").withVideo(320, 180, 15, 1).withTone(660))) {
      InProcessControl control = new InProcessControl(server);
      TwoPeerLesson lesson = TwoPeerLesson.publish(control, teacher, room);

      CaptureConfig cfg = CaptureConfig.defaults().withTiming(Duration.ofSeconds(1), Duration.ofSeconds(2));
      try (LessonCapture capture = LessonCapture.open(rec, "rec-sfu", cfg, Clock.systemUTC())) {
        lesson.recordInto(capture);
        until(Duration.ofSeconds(30), () -> {
          CaptureStats s = capture.stats();
          return s.firstPacket() != null && Duration.between(s.firstPacket(), s.lastPacket()).toMillis() >= 6_000;
        }, () -> capture.stats().toString());
        control.execute(new Command.Close(Command.Kind.TRANSPORT, "rec"));
        stats = capture.stats();
        assertEquals(0, stats.unknownSsrc(), stats.toString());
      }
    } finally {
      server.close();
    }
    CaptureManifest m = CaptureManifest.read(rec);
    assertEquals(4, m.tracks().size());
    assertTrue(m.segments().size() >= 6, m.segments().toString());
    double lessonSeconds = Duration.between(stats.firstPacket(), stats.lastPacket()).toMillis() / 1000.0;

    TranscodeSettings small = new TranscodeSettings(320, 180, 25, "libx264", "veryfast", 600, 64, Duration.ofSeconds(1),
        Duration.ofSeconds(2), List.of(new Rendition("720p", 320, 180, 600, 64), new Rendition("360p", 160, 90, 200, 48),
            new Rendition("180p", 80, 44, 80, 32)), Duration.ofSeconds(2), 64, 2);
    TranscodeOutput out = new LessonTranscoder(small, Clock.systemUTC()).transcode(rec, dir.resolve("out"), p -> { });
    List<String> uris = Files.readAllLines(out.masterPlaylist()).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    assertEquals(List.of("720p/index.m3u8", "360p/index.m3u8", "180p/index.m3u8"), uris);
    for (String uri : uris) {
      double seconds = decodedSeconds(out.masterPlaylist().resolveSibling(uri));
      assertEquals(lessonSeconds, seconds, 1.0, uri + " lasts " + seconds + " s, the lesson " + lessonSeconds + " s");
    }
    assertEquals(lessonSeconds, decodedSeconds(out.mp4()), 1.0, "lesson.mp4");
  }

  /** Opens a file with FFmpeg and measures how long its video lasts (decoded, not the header's claim). */
  private static double decodedSeconds(Path file) throws Exception {
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
      g.start();
      long first = -1;
      long last = 0;
      int frames = 0;
      Frame f;
      while ((f = g.grabImage()) != null) {
        if (first < 0) {
          first = f.timestamp;
        }
        last = f.timestamp;
        frames++;
      }
      g.stop();
      assertTrue(frames > 0, "no picture in " + file);
      return (last - first) / 1e6 + 1.0 / g.getFrameRate();
    }
  }
}
