package io.sanke.recorder.transcode;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Turns a captured lesson (a directory written by {@code LessonCapture}) into the MP4,
 * the HLS ladder, the poster and the timeline thumbnails. Blocking and CPU-heavy: run
 * it on a worker thread. It does not upload anything and does not touch Redis.
 */
public final class LessonTranscoder {
  private final TranscodeSettings settings;
  private final Clock clock;

  public LessonTranscoder(TranscodeSettings settings, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Transcodes {@code captureDir} into {@code outputDir} (created; must be empty or absent).
   *
   * @param progress  told at each stage and about twice a second of work (percent, ETA on the clock)
   * @param cancelled polled between frames; when true the job stops with {@link TranscodeException#CANCELLED}
   */
  public TranscodeOutput transcode(Path captureDir, Path outputDir, ProgressListener progress, BooleanSupplier cancelled) {
    throw new TranscodeException(TranscodeException.IO, "not implemented yet");
  }

  /** As above, never cancelled. */
  public TranscodeOutput transcode(Path captureDir, Path outputDir, ProgressListener progress) {
    return transcode(captureDir, outputDir, progress, () -> false);
  }

  public TranscodeSettings settings() {
    return settings;
  }

  Clock clock() {
    return clock;
  }
}
