package io.sanke.recorder.transcode;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Transcoding settings, read from {@code sanke.recorder.transcode} (see reference.conf).
 *
 * @param width              composite (and MP4) width
 * @param height             composite (and MP4) height
 * @param fps                output frame rate
 * @param videoEncoder       {@code libx264} (GPL FFmpeg build) or {@code libopenh264} (LGPL build)
 * @param preset             x264 preset (ignored by openh264)
 * @param mp4VideoKbps       MP4 video bitrate
 * @param audioKbps          MP4 AAC bitrate
 * @param keyframeInterval   GOP length (HLS segments start on a keyframe)
 * @param hlsSegment         HLS target segment duration
 * @param renditions         the HLS ladder, largest first
 * @param thumbnailInterval  one timeline thumbnail this often
 * @param thumbnailWidth     thumbnail width (height follows 16:9)
 * @param threads            encoder threads, 0 = FFmpeg's choice
 */
public record TranscodeSettings(int width, int height, int fps, String videoEncoder, String preset, int mp4VideoKbps,
    int audioKbps, Duration keyframeInterval, Duration hlsSegment, List<Rendition> renditions,
    Duration thumbnailInterval, int thumbnailWidth, int threads) {

  public TranscodeSettings {
    renditions = List.copyOf(renditions == null ? List.of() : renditions);
    if (width < 64 || height < 36 || width % 2 != 0 || height % 2 != 0) {
      throw bad("width/height", width + "x" + height, "must be even and at least 64x36");
    }
    if (fps < 1 || fps > 60) {
      throw bad("fps", fps, "must be 1..60");
    }
    if (!List.of("libx264", "libopenh264").contains(videoEncoder)) {
      throw bad("video-encoder", videoEncoder, "must be libx264 or libopenh264");
    }
    if (mp4VideoKbps < 16 || audioKbps < 8) {
      throw bad("mp4-video-bitrate/audio-bitrate", mp4VideoKbps + "/" + audioKbps, "too low");
    }
    if (keyframeInterval == null || keyframeInterval.toMillis() < 1000 / fps) {
      throw bad("keyframe-interval", keyframeInterval, "must be at least one frame");
    }
    if (hlsSegment == null || hlsSegment.compareTo(keyframeInterval) < 0) {
      throw bad("hls-segment", hlsSegment, "must be at least keyframe-interval");
    }
    if (renditions.isEmpty()) {
      throw bad("renditions", "[]", "must list at least one rendition");
    }
    if (renditions.stream().map(Rendition::name).distinct().count() != renditions.size()) {
      throw bad("renditions", renditions, "names must be unique");
    }
    if (thumbnailInterval == null || thumbnailInterval.toMillis() < 1000) {
      throw bad("thumbnail-interval", thumbnailInterval, "must be at least 1 second");
    }
    if (thumbnailWidth < 32 || thumbnailWidth % 2 != 0) {
      throw bad("thumbnail-width", thumbnailWidth, "must be even and at least 32");
    }
    if (threads < 0 || threads > 64) {
      throw bad("threads", threads, "must be 0..64");
    }
  }

  private static TranscodeException bad(String key, Object value, String why) {
    return new TranscodeException(TranscodeException.BAD_SETTINGS, "sanke.recorder.transcode.%s %s [value:%s]", key,
        why, value);
  }

  /** 720p25 libx264 veryfast, 2 s GOP, 4 s HLS segments, 720p/360p/180p, thumbnails every 10 s. */
  public static TranscodeSettings defaults() {
    return new TranscodeSettings(1280, 720, 25, "libx264", "veryfast", 2500, 128, Duration.ofSeconds(2),
        Duration.ofSeconds(4), List.of(new Rendition("720p", 1280, 720, 2500, 128),
            new Rendition("360p", 640, 360, 800, 96), new Rendition("180p", 320, 180, 250, 64)),
        Duration.ofSeconds(10), 160, 0);
  }

  /** The same settings with another composite size, ladder and thumbnail interval (tests, small runs). */
  public TranscodeSettings withSize(int w, int h, List<Rendition> ladder) {
    return new TranscodeSettings(w, h, fps, videoEncoder, preset, mp4VideoKbps, audioKbps, keyframeInterval,
        hlsSegment, ladder, thumbnailInterval, thumbnailWidth, threads);
  }

  /** Reads {@code sanke.recorder.transcode}; a bad value names its key. */
  public static TranscodeSettings from(Config root) {
    try {
      Config c = root.getConfig("sanke.recorder.transcode");
      List<Rendition> ladder = new ArrayList<>();
      for (Config r : c.getConfigList("renditions")) {
        ladder.add(new Rendition(r.getString("name"), r.getInt("width"), r.getInt("height"),
            kbps(r.getString("video-bitrate")), kbps(r.getString("audio-bitrate"))));
      }
      return new TranscodeSettings(c.getInt("width"), c.getInt("height"), c.getInt("fps"), c.getString("video-encoder"),
          c.getString("preset"), kbps(c.getString("mp4-video-bitrate")), kbps(c.getString("audio-bitrate")),
          c.getDuration("keyframe-interval"), c.getDuration("hls-segment"), ladder, c.getDuration("thumbnail-interval"),
          c.getInt("thumbnail-width"), c.getInt("threads"));
    } catch (ConfigException e) {
      throw new TranscodeException(TranscodeException.BAD_SETTINGS, e, "bad transcode configuration: %s", e.getMessage());
    }
  }

  /** Parses "2500 kbps" (or "2.5 Mbps"). */
  static int kbps(String value) {
    String v = value.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      if (v.endsWith("mbps")) {
        return (int) Math.round(Double.parseDouble(v.substring(0, v.length() - 4).trim()) * 1000);
      }
      if (v.endsWith("kbps")) {
        return Integer.parseInt(v.substring(0, v.length() - 4).trim());
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new TranscodeException(TranscodeException.BAD_SETTINGS, "bitrate needs a unit, kbps or Mbps [value:%s]", value);
  }
}
