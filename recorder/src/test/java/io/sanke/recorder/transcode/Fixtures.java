package io.sanke.recorder.transcode;

import io.sanke.recorder.capture.CaptureConfig;
import io.sanke.recorder.capture.CaptureManifest;
import io.sanke.recorder.capture.RecordingImporter;
import io.sanke.recorder.capture.RecordingImporter.Source;
import io.sanke.recorder.capture.RecordingImporter.StageChange;
import io.sanke.recorder.capture.SyntheticLesson;
import io.sanke.recorder.capture.TrackRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small lesson made once per test JVM: 4 s, teacher (blue, 440 Hz), classroom c-a
 * (red, 660 Hz), classroom c-b (yellow, silent, joins at 1 s), courseware (green,
 * shared 1.5 s .. 3.0 s), c-a on stage from 3.2 s.
 */
final class Fixtures {
  static final Instant START = Instant.parse("2026-11-20T01:00:00Z");
  static final Duration LESSON = Duration.ofSeconds(4);
  private static Path media;

  private Fixtures() {}

  static synchronized Path media() throws Exception {
    if (media == null) {
      media = Files.createTempDirectory("sanke-rec-media");
      media.toFile().deleteOnExit();
      SyntheticLesson.participant(media.resolve("teacher.webm"), "color=c=blue", 160, 90, 25, 440, LESSON, 200);
      SyntheticLesson.participant(media.resolve("ca.webm"), "color=c=red", 160, 90, 25, 660, LESSON, 200);
      SyntheticLesson.participant(media.resolve("cb.webm"), "color=c=yellow", 160, 90, 25, 0, Duration.ofSeconds(3), 200);
      SyntheticLesson.participant(media.resolve("cw.webm"), "color=c=green", 160, 90, 25, 0, Duration.ofMillis(1500), 200);
    }
    return media;
  }

  /** Imports the lesson into a new recording directory under {@code dir}. */
  static Path recording(Path dir) throws Exception {
    Path m = media();
    Path rec = dir.resolve("rec");
    CaptureConfig cfg = new CaptureConfig(Duration.ofSeconds(1), Duration.ofSeconds(2), "127.0.0.1", 1 << 20, 16);
    CaptureManifest manifest = RecordingImporter.importLesson(rec, "rec-1", START, List.of(
        new Source(m.resolve("teacher.webm"), TrackRole.TEACHER, null, Duration.ZERO),
        new Source(m.resolve("ca.webm"), TrackRole.CLASSROOM, "c-a", Duration.ZERO),
        new Source(m.resolve("cb.webm"), TrackRole.CLASSROOM, "c-b", Duration.ofSeconds(1)),
        new Source(m.resolve("cw.webm"), TrackRole.COURSEWARE, null, Duration.ofMillis(1500))),
        List.of(new StageChange(Duration.ofMillis(3200), "c-a", true)), cfg);
    if (manifest.segments().isEmpty()) {
      throw new AssertionError("import wrote no segment");
    }
    return rec;
  }

  /** 320x180 composite, ladder 320x180 (remuxed from the MP4), 160x90, 80x44; thumbnails every second. */
  static TranscodeSettings small() {
    return new TranscodeSettings(320, 180, 25, "libx264", "veryfast", 600, 64, Duration.ofSeconds(1),
        Duration.ofSeconds(2), List.of(new Rendition("full", 320, 180, 600, 64), new Rendition("half", 160, 90, 200, 48),
            new Rendition("quarter", 80, 44, 80, 32)), Duration.ofSeconds(1), 64, 2);
  }

  /** A clock that moves 40 ms each time it is read (progress and ETA without sleeping). */
  static Clock ticking() {
    AtomicLong ms = new AtomicLong();
    return new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return START.plusMillis(ms.addAndGet(40));
      }
    };
  }
}
