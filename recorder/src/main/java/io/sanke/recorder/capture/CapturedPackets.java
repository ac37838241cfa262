package io.sanke.recorder.capture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Reads a recording's packets back, segment by segment, in arrival order. */
public final class CapturedPackets {
  private CapturedPackets() {}

  /** Every packet of the closed segments of {@code manifest}, in order. */
  public static void forEach(Path recordingDir, CaptureManifest manifest, Consumer<CapturedPacket> sink) {
    Path segmentsDir = recordingDir.resolve(CaptureManifest.SEGMENTS);
    for (Segment s : manifest.segments()) {
      Path file = segmentsDir.resolve(s.file());
      if (!Files.exists(file)) {
        throw new CaptureException(CaptureException.BAD_MANIFEST, "segment missing [file:%s]", file);
      }
      SegmentFormat.read(file, sink);
    }
  }
}
