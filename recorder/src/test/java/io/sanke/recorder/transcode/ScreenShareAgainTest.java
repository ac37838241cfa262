package io.sanke.recorder.transcode;

import static org.junit.jupiter.api.Assertions.*;

import io.sanke.recorder.capture.CaptureConfig;
import io.sanke.recorder.capture.CaptureManifest;
import io.sanke.recorder.capture.RecordingImporter;
import io.sanke.recorder.capture.RecordingImporter.Source;
import io.sanke.recorder.capture.TrackRole;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScreenShareAgainTest {
  @TempDir
  Path dir;

  @Test
  @DisplayName("courseware shared, stopped and shared again under the same track id with a new SSRC comes back large")
  void coursewareSharedTwice() throws Exception {
    Path m = Fixtures.media();
    Path rec = dir.resolve("rec");
    CaptureManifest manifest = RecordingImporter.importLesson(rec, "rec-share", Fixtures.START, List.of(
        new Source(m.resolve("teacher.webm"), TrackRole.TEACHER, null, Duration.ZERO),
        new Source(m.resolve("cw.webm"), TrackRole.COURSEWARE, null, Duration.ofMillis(200)),
        new Source(m.resolve("cw.webm"), TrackRole.COURSEWARE, null, Duration.ofMillis(2500))), List.of(),
        new CaptureConfig(Duration.ofSeconds(1), Duration.ofSeconds(2), "127.0.0.1", 1 << 20, 1));
    List<Long> coursewareSsrcs = manifest.tracks().stream().filter(t -> t.trackId().equals("courseware/video"))
        .map(t -> t.ssrc()).toList();
    assertEquals(2, coursewareSsrcs.size());
    assertNotEquals(coursewareSsrcs.get(0), coursewareSsrcs.get(1));
    TranscodeOutput out = new LessonTranscoder(Fixtures.small(), Fixtures.ticking())
        .transcode(rec, dir.resolve("out"), p -> { });
    double[] first = MediaProbe.meanRgb(out.mp4(), 1.0, 0.2, 0.3, 0.3, 0.3);
    double[] between = MediaProbe.meanRgb(out.mp4(), 2.2, 0.4, 0.3, 0.2, 0.3);
    double[] again = MediaProbe.meanRgb(out.mp4(), 3.2, 0.2, 0.3, 0.3, 0.3);
    assertTrue(LessonTranscoderTest.green(first), Arrays.toString(first));
    assertTrue(LessonTranscoderTest.blue(between), Arrays.toString(between));
    assertTrue(LessonTranscoderTest.green(again), Arrays.toString(again));
  }
}
