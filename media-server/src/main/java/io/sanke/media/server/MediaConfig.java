package io.sanke.media.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.sanke.media.transport.SrtpProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The media server's settings, read once from {@code sanke.media} and validated; a bad
 * value stops the start with a message naming the key.
 */
public record MediaConfig(String nodeId, String region, String bindAddress, int udpPort, int tcpPort,
    List<String> advertisedAddresses, boolean ipv6, Duration consentTimeout, Duration consentCheckInterval,
    Duration dtlsHandshakeTimeout, Duration certificateValidity, List<SrtpProfile> srtpProfiles,
    Duration keyframeRequestInterval, int sendThreads, long capacityBps, int maxConsumers) {

  public MediaConfig {
    advertisedAddresses = List.copyOf(advertisedAddresses);
    srtpProfiles = List.copyOf(srtpProfiles);
  }

  /** Reads {@code sanke.media} from the default configuration stack. */
  public static MediaConfig load() {
    return from(ConfigFactory.load());
  }

  public static MediaConfig from(Config root) {
    Config c = root.getConfig("sanke.media");
    List<SrtpProfile> profiles = new ArrayList<>();
    for (String p : c.getStringList("dtls.srtp-profiles")) {
      try {
        profiles.add(SrtpProfile.valueOf(p));
      } catch (IllegalArgumentException e) {
        throw new ConfigException.BadValue("sanke.media.dtls.srtp-profiles", "unknown SRTP profile [profile:" + p + "]");
      }
    }
    if (profiles.isEmpty()) {
      throw new ConfigException.BadValue("sanke.media.dtls.srtp-profiles", "at least one profile is needed");
    }
    MediaConfig m = new MediaConfig(c.getString("node-id"), c.getString("region"), c.getString("ice.bind-address"),
        port(c, "ice.udp-port", false), port(c, "ice.tcp-port", true), c.getStringList("ice.advertised-addresses"),
        c.getBoolean("ice.ipv6"), positive(c, "ice.consent-timeout"), positive(c, "ice.consent-check-interval"),
        positive(c, "dtls.handshake-timeout"), positive(c, "dtls.certificate-validity"), profiles,
        positive(c, "forwarding.keyframe-request-interval"), c.getInt("forwarding.send-threads"),
        bitrate(c, "load.capacity"),
        c.getInt("load.max-consumers"));
    if (m.sendThreads < 0 || m.sendThreads > 64) {
      throw new ConfigException.BadValue("sanke.media.forwarding.send-threads", "must be 0..64");
    }
    if (m.maxConsumers <= 0) {
      throw new ConfigException.BadValue("sanke.media.load.max-consumers", "must be > 0");
    }
    return m;
  }

  /** The defaults with ephemeral ports on 127.0.0.1 only, for tests on the host network. */
  public static MediaConfig forTests() {
    return withOverrides("sanke.media.ice { bind-address = \"127.0.0.1\", udp-port = 0, tcp-port = 0,"
        + " advertised-addresses = [\"127.0.0.1\"] }");
  }

  /** The reference defaults under {@code hocon} overrides (a HOCON snippet). */
  public static MediaConfig withOverrides(String hocon) {
    return from(ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()).resolve());
  }

  public MediaConfig withAdvertised(List<String> addresses) {
    return new MediaConfig(nodeId, region, bindAddress, udpPort, tcpPort, addresses, ipv6, consentTimeout,
        consentCheckInterval, dtlsHandshakeTimeout, certificateValidity, srtpProfiles, keyframeRequestInterval,
        sendThreads, capacityBps, maxConsumers);
  }

  private static int port(Config c, String key, boolean allowOff) {
    int p = c.getInt(key);
    if (p < (allowOff ? -1 : 0) || p > 65535) {
      throw new ConfigException.BadValue("sanke.media." + key, "not a port [value:" + p + "]");
    }
    return p;
  }

  private static Duration positive(Config c, String key) {
    Duration d = c.getDuration(key);
    if (d.isNegative() || d.isZero()) {
      throw new ConfigException.BadValue("sanke.media." + key, "must be > 0");
    }
    return d;
  }

  /** Parses "500 Mbps", "2500 kbps", "64000 bps" into bits per second. */
  static long bitrate(Config c, String key) {
    String v = c.getString(key).trim().toLowerCase(Locale.ROOT).replace(" ", "");
    long mult;
    String num;
    if (v.endsWith("gbps")) {
      mult = 1_000_000_000L;
      num = v.substring(0, v.length() - 4);
    } else if (v.endsWith("mbps")) {
      mult = 1_000_000L;
      num = v.substring(0, v.length() - 4);
    } else if (v.endsWith("kbps")) {
      mult = 1_000L;
      num = v.substring(0, v.length() - 4);
    } else if (v.endsWith("bps")) {
      mult = 1L;
      num = v.substring(0, v.length() - 3);
    } else {
      throw new ConfigException.BadValue("sanke.media." + key, "bitrate needs a unit (bps, kbps, Mbps, Gbps)");
    }
    try {
      long r = Math.round(Double.parseDouble(num) * mult);
      if (r <= 0) {
        throw new NumberFormatException();
      }
      return r;
    } catch (NumberFormatException e) {
      throw new ConfigException.BadValue("sanke.media." + key, "not a bitrate [value:" + v + "]");
    }
  }
}
