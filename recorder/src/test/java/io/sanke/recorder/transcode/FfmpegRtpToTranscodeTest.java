package io.sanke.recorder.transcode;

import static org.junit.jupiter.api.Assertions.*;

import io.sanke.recorder.capture.CaptureConfig;
import io.sanke.recorder.capture.CaptureManifest;
import io.sanke.recorder.capture.CapturedTrack;
import io.sanke.recorder.capture.LessonCapture;
import io.sanke.recorder.capture.TrackKind;
import io.sanke.recorder.capture.TrackRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real RTP sender (the ffmpeg command line, VP8 with an extended payload descriptor,
 * Opus, RTCP sender reports on the same port) streams a 3-second lesson live to a
 * capture; the recording is then transcoded.
 */
class FfmpegRtpToTranscodeTest {
  static final Path FFMPEG = Path.of("/usr/bin/ffmpeg");

  @TempDir
  Path dir;

  @Test
  @DisplayName("VP8 and Opus streamed live by ffmpeg are captured and transcoded to the lesson's duration")
  void liveRtpIsCapturedAndTranscoded() throws Exception {
    assertTrue(Files.isExecutable(FFMPEG), "needs the Debian package ffmpeg (scripts/lib.sh installs it)");
    Path rec = dir.resolve("rec");
    double capturedSeconds;
    try (LessonCapture c = LessonCapture.open(rec, "rec-ffmpeg", CaptureConfig.defaults(), Clock.systemUTC())) {
      c.addTrack(CapturedTrack.of("teacher/video", 1111, TrackKind.VIDEO, "VP8", 90_000, 96, TrackRole.TEACHER, null));
      c.addTrack(CapturedTrack.of("teacher/audio", 2222, TrackKind.AUDIO, "opus", 48_000, 111, TrackRole.TEACHER, null));
      String url = "rtp://127.0.0.1:" + c.port() + "?rtcpport=" + c.port() + "&pkt_size=1200";
      Process p = new ProcessBuilder(FFMPEG.toString(), "-hide_banner", "-loglevel", "error", "-re",
          "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=3",
          "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=3",
          "-map", "0:v", "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "300k", "-g", "25",
          "-ssrc", "1111", "-payload_type", "96", "-f", "rtp", url,
          "-map", "1:a", "-c:a", "libopus", "-ac", "1", "-b:a", "32k", "-ssrc", "2222", "-payload_type", "111",
          "-f", "rtp", url)
          .redirectErrorStream(true).redirectOutput(dir.resolve("ffmpeg.log").toFile()).start();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ffmpeg did not finish");
      assertEquals(0, p.exitValue(), Files.readString(dir.resolve("ffmpeg.log")));
      CaptureUdpWait.until(() -> c.stats().packets() > 200, "packets from ffmpeg");
      assertEquals(0, c.stats().unknownSsrc());
      assertTrue(c.stats().dropped() > 0, "RTCP sender reports are counted and dropped");
      capturedSeconds = java.time.Duration.between(c.stats().firstPacket(), c.stats().lastPacket()).toMillis() / 1000.0;
    }
    CaptureManifest m = CaptureManifest.read(rec);
    assertTrue(m.segments().size() >= 1);
    TranscodeOutput out = new LessonTranscoder(Fixtures.small(), Clock.systemUTC())
        .transcode(rec, dir.resolve("out"), p -> { });
    MediaProbe.Info info = MediaProbe.info(out.mp4());
    // as long as it was captured (3 s of media; a loaded machine may stretch the sending)
    assertEquals(capturedSeconds, info.seconds(), 0.5, info.toString());
    for (String r : List.of("full", "half", "quarter")) {
      assertEquals(capturedSeconds, MediaProbe.info(out.renditions().get(r)).seconds(), 1.0, r);
    }
    double[] rgb = MediaProbe.meanRgb(out.mp4(), 1.5, 0.2, 0.2, 0.6, 0.6);
    assertTrue(rgb[0] + rgb[1] + rgb[2] > 150, "the test pattern is on screen: " + java.util.Arrays.toString(rgb));
    float[] a = MediaProbe.audio(out.mp4(), 0.5, 2.5);
    assertTrue(MediaProbe.tone(a, 440, 48_000) > 10 * MediaProbe.tone(a, 550, 48_000), "the 440 Hz tone is heard");
  }
}
