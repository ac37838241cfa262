package io.sanke.media.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test tools for payload types in SDP: renumber an offer as another browser would, check a BUNDLE as libwebrtc does. */
public final class PayloadTypes {
  private PayloadTypes() {}

  private static final Pattern M_LINE = Pattern.compile("(?m)^(m=\\S+ \\d+ \\S+)((?: \\d+)+)(\\r?)$");
  private static final Pattern PT_ATTR = Pattern.compile("(?m)^a=(rtpmap|fmtp|rtcp-fb):(\\d+)");
  private static final Pattern APT = Pattern.compile("apt=(\\d+)");

  /**
   * {@code sdp} with its payload types swapped as {@code swap} says (each pair both ways, so
   * the result is as consistent as the input): m-lines, rtpmap, fmtp, rtcp-fb and apt=.
   */
  public static String renumber(String sdp, Map<Integer, Integer> swap) {
    Map<Integer, Integer> map = new TreeMap<>();
    for (var e : swap.entrySet()) {
      map.put(e.getKey(), e.getValue());
      map.put(e.getValue(), e.getKey());
    }
    String out = replace(M_LINE, sdp, m -> {
      StringBuilder b = new StringBuilder(m.group(1));
      for (String pt : m.group(2).trim().split(" ")) {
        b.append(' ').append(map.getOrDefault(Integer.parseInt(pt), Integer.parseInt(pt)));
      }
      return b.append(m.group(3)).toString();
    });
    out = replace(PT_ATTR, out, m -> "a=" + m.group(1) + ":"
        + map.getOrDefault(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(2))));
    return replace(APT, out, m -> "apt=" + map.getOrDefault(Integer.parseInt(m.group(1)),
        Integer.parseInt(m.group(1))));
  }

  private static String replace(Pattern p, String s, java.util.function.Function<Matcher, String> f) {
    Matcher m = p.matcher(s);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(b, Matcher.quoteReplacement(f.apply(m)));
    }
    m.appendTail(b);
    return b.toString();
  }

  /**
   * Every payload type that means two things in the BUNDLE group of {@code d}, as libwebrtc's
   * {@code ValidateBundledPayloadTypes} sees it: across the accepted m-sections of the group one
   * number must have the same media type, name, clock rate, channels and fmtp parameters.
   */
  public static List<String> collisions(SessionDescription d) {
    String group = d.attr("group");
    List<String> bundled = group == null ? List.of() : List.of(group.replaceFirst("^BUNDLE\\s*", "").split("\\s+"));
    Map<Integer, String> seen = new TreeMap<>();
    List<String> out = new ArrayList<>();
    for (MediaSection m : d.media()) {
      if (m.isRejected() || !bundled.contains(m.mid())) {
        continue;
      }
      for (Codec c : m.codecs()) {
        String meaning = m.type() + " " + c.name().toLowerCase() + "/" + c.clockRate() + "/" + c.channels() + " "
            + new TreeMap<>(params(c.fmtp()));
        String before = seen.putIfAbsent(c.payloadType(), meaning);
        if (before != null && !before.equals(meaning)) {
          out.add(c.payloadType() + ": " + before + " vs " + meaning + " (mid " + m.mid() + ")");
        }
      }
    }
    return out;
  }

  private static Map<String, String> params(String fmtp) {
    Map<String, String> out = new TreeMap<>();
    if (fmtp != null) {
      for (String kv : fmtp.split(";")) {
        int eq = kv.indexOf('=');
        if (eq > 0) {
          out.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        } else if (!kv.isBlank()) {
          out.put(kv.trim(), "");
        }
      }
    }
    return out;
  }

  /** The codec of the first format of each accepted m-section, by mid: "VP8/90000 96", RTX as "rtx 97 apt=96". */
  public static Map<String, List<String>> codecsByMid(SessionDescription d) {
    Map<String, List<String>> out = new java.util.LinkedHashMap<>();
    for (MediaSection m : d.media()) {
      if (m.isRejected()) {
        continue;
      }
      List<String> codecs = new ArrayList<>();
      for (Codec c : m.codecs()) {
        codecs.add(c.is("rtx") ? "rtx " + c.payloadType() + " apt=" + c.apt()
            : c.name() + "/" + c.clockRate() + " " + c.payloadType());
      }
      out.put(m.mid(), codecs);
    }
    return out;
  }
}
