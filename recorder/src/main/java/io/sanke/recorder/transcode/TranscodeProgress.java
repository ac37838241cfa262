package io.sanke.recorder.transcode;

import java.time.Duration;

/**
 * Where a transcoding is.
 *
 * @param stage     what runs now
 * @param percent   0..100 over the whole job
 * @param eta       estimated time left (null until it can be estimated)
 * @param processed lesson time done
 * @param total     lesson time to do
 */
public record TranscodeProgress(Stage stage, double percent, Duration eta, Duration processed, Duration total) {
  public enum Stage { READING, COMPOSITING, PACKAGING, THUMBNAILS, DONE }
}
