package io.sanke.recorder.capture;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;

/**
 * Capture settings, read from {@code sanke.recorder.capture} (see reference.conf).
 *
 * @param segment      rotation period of segment files; each is fsync'd when closed
 * @param silenceGap   no packet for this long is recorded as a {@link Gap.Reason#NO_MEDIA} gap
 * @param bindHost     interface the capture sockets listen on
 * @param receiveBuffer socket receive buffer in bytes
 * @param ports        how many ports base, base+2, … a capture listens on (the SFU sends consumer n to base+2n)
 */
public record CaptureConfig(Duration segment, Duration silenceGap, String bindHost, int receiveBuffer, int ports) {

  public CaptureConfig {
    if (segment == null || segment.compareTo(Duration.ofMillis(500)) < 0 || segment.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new CaptureException(CaptureException.BAD_CONFIG,
          "sanke.recorder.capture.segment must be between 500 ms and 10 minutes [value:%s]", segment);
    }
    if (silenceGap == null || silenceGap.compareTo(Duration.ofMillis(100)) < 0) {
      throw new CaptureException(CaptureException.BAD_CONFIG,
          "sanke.recorder.capture.silence-gap must be at least 100 ms [value:%s]", silenceGap);
    }
    if (bindHost == null || bindHost.isBlank()) {
      throw new CaptureException(CaptureException.BAD_CONFIG, "sanke.recorder.capture.bind-host is empty");
    }
    if (receiveBuffer < 64 * 1024) {
      throw new CaptureException(CaptureException.BAD_CONFIG,
          "sanke.recorder.capture.receive-buffer must be at least 64 KiB [value:%d]", receiveBuffer);
    }
    if (ports < 1 || ports > 64) {
      throw new CaptureException(CaptureException.BAD_CONFIG, "sanke.recorder.capture.ports must be 1..64 [value:%d]",
          ports);
    }
  }

  /** The defaults: 4 s segments, 2 s silence gap, 127.0.0.1, 1 MiB buffers, 16 ports. */
  public static CaptureConfig defaults() {
    return new CaptureConfig(Duration.ofSeconds(4), Duration.ofSeconds(2), "127.0.0.1", 1 << 20, 16);
  }

  /** The same settings with another segment period and silence gap (tests, imports). */
  public CaptureConfig withTiming(Duration segmentPeriod, Duration silence) {
    return new CaptureConfig(segmentPeriod, silence, bindHost, receiveBuffer, ports);
  }

  /** Reads {@code sanke.recorder.capture} from a resolved config; a bad value names its key. */
  public static CaptureConfig from(Config root) {
    try {
      Config c = root.getConfig("sanke.recorder.capture");
      return new CaptureConfig(c.getDuration("segment"), c.getDuration("silence-gap"), c.getString("bind-host"),
          (int) Math.min(Integer.MAX_VALUE, c.getBytes("receive-buffer")), c.getInt("ports"));
    } catch (ConfigException e) {
      throw new CaptureException(CaptureException.BAD_CONFIG, e, "bad capture configuration: %s", e.getMessage());
    }
  }
}
