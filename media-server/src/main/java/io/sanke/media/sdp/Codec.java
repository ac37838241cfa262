package io.sanke.media.sdp;

import java.util.List;
import java.util.Locale;

/**
 * One payload type of an m-section: {@code rtpmap} name/clock/channels, its {@code fmtp}
 * parameters (raw) and {@code rtcp-fb} values.
 */
public record Codec(int payloadType, String name, int clockRate, int channels, String fmtp, List<String> feedback) {
  public Codec {
    feedback = List.copyOf(feedback);
  }

  public boolean is(String codecName) {
    return name.equalsIgnoreCase(codecName);
  }

  /** The payload type an RTX codec repairs ({@code apt=}), or -1. */
  public int apt() {
    return intParam("apt");
  }

  /** An integer fmtp parameter, or -1 when absent. */
  public int intParam(String key) {
    String v = param(key);
    try {
      return v == null ? -1 : Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** An fmtp parameter value, or null. */
  public String param(String key) {
    if (fmtp == null) {
      return null;
    }
    for (String kv : fmtp.split(";")) {
      int eq = kv.indexOf('=');
      if (eq > 0 && kv.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT))) {
        return kv.substring(eq + 1);
      }
    }
    return null;
  }

  public String rtpmap() {
    return payloadType + " " + name + "/" + clockRate + (channels > 1 ? "/" + channels : "");
  }
}
