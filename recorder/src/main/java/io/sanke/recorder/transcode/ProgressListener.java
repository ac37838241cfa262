package io.sanke.recorder.transcode;

/** Receives progress on the transcoding thread; must be quick and must not throw. */
@FunctionalInterface
public interface ProgressListener {
  void onProgress(TranscodeProgress progress);

  ProgressListener NONE = p -> { };
}
