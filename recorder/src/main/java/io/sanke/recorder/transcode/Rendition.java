package io.sanke.recorder.transcode;

/**
 * One rung of the HLS ladder.
 *
 * @param name       directory name under {@code hls/} and label in the master playlist (e.g. "720p")
 * @param width      frame width, even
 * @param height     frame height, even
 * @param videoKbps  H.264 target bitrate
 * @param audioKbps  AAC bitrate
 */
public record Rendition(String name, int width, int height, int videoKbps, int audioKbps) {
  public Rendition {
    if (name == null || !name.matches("[a-z0-9_-]{1,32}")) {
      throw new TranscodeException(TranscodeException.BAD_SETTINGS, "rendition name invalid [name:%s]", name);
    }
    if (width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0) {
      throw new TranscodeException(TranscodeException.BAD_SETTINGS,
          "rendition size must be even and at least 16 [name:%s] [size:%dx%d]", name, width, height);
    }
    if (videoKbps < 16 || audioKbps < 8) {
      throw new TranscodeException(TranscodeException.BAD_SETTINGS, "rendition bitrate too low [name:%s]", name);
    }
  }
}
