package io.sanke.media.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One m-section: media type, port, protocol, payload types, connection line and its
 * attributes in order. Accessors read the WebRTC attributes; the record stays raw so
 * that writing it back loses nothing.
 */
public record MediaSection(String type, int port, String proto, List<String> formats, String connection,
    List<Attribute> attributes) {
  public MediaSection {
    formats = List.copyOf(formats);
    attributes = List.copyOf(attributes);
  }

  public String attr(String name) {
    for (Attribute a : attributes) {
      if (a.name().equals(name)) {
        return a.value() == null ? "" : a.value();
      }
    }
    return null;
  }

  public List<String> attrs(String name) {
    List<String> out = new ArrayList<>();
    for (Attribute a : attributes) {
      if (a.name().equals(name)) {
        out.add(a.value() == null ? "" : a.value());
      }
    }
    return out;
  }

  public boolean has(String name) {
    return attr(name) != null;
  }

  public String mid() {
    return attr("mid");
  }

  /** sendrecv, sendonly, recvonly or inactive (sendrecv when absent). */
  public String direction() {
    for (String d : List.of("sendrecv", "sendonly", "recvonly", "inactive")) {
      if (has(d)) {
        return d;
      }
    }
    return "sendrecv";
  }

  /** Codecs in the order of the m-line's formats, with fmtp and rtcp-fb joined in. */
  public List<Codec> codecs() {
    Map<Integer, String[]> maps = new LinkedHashMap<>();
    Map<Integer, String> fmtps = new LinkedHashMap<>();
    Map<Integer, List<String>> fbs = new LinkedHashMap<>();
    List<String> wildcardFb = new ArrayList<>();
    for (Attribute a : attributes) {
      if (a.value() == null) {
        continue;
      }
      String v = a.value();
      int sp = v.indexOf(' ');
      if (sp <= 0) {
        continue;
      }
      String head = v.substring(0, sp);
      String rest = v.substring(sp + 1).trim();
      switch (a.name()) {
        case "rtpmap" -> parseInt(head).ifPresent(pt -> maps.put(pt, rest.split("/")));
        case "fmtp" -> parseInt(head).ifPresent(pt -> fmtps.put(pt, rest));
        case "rtcp-fb" -> {
          if (head.equals("*")) {
            wildcardFb.add(rest);
          } else {
            parseInt(head).ifPresent(pt -> fbs.computeIfAbsent(pt, k -> new ArrayList<>()).add(rest));
          }
        }
        default -> { }
      }
    }
    List<Codec> out = new ArrayList<>();
    for (String f : formats) {
      var ptOpt = parseInt(f);
      if (ptOpt.isEmpty() || !maps.containsKey(ptOpt.getAsInt())) {
        continue;
      }
      int pt = ptOpt.getAsInt();
      String[] m = maps.get(pt);
      int clock = m.length > 1 ? parseInt(m[1]).orElse(0) : 0;
      int ch = m.length > 2 ? parseInt(m[2]).orElse(1) : 1;
      List<String> fb = new ArrayList<>(wildcardFb);
      fb.addAll(fbs.getOrDefault(pt, List.of()));
      out.add(new Codec(pt, m[0], clock, ch, fmtps.get(pt), fb));
    }
    return out;
  }

  /** Header extensions offered: id → URI. */
  public Map<Integer, String> extmaps() {
    Map<Integer, String> out = new LinkedHashMap<>();
    for (String v : attrs("extmap")) {
      String[] p = v.trim().split("\\s+");
      if (p.length >= 2) {
        String id = p[0].contains("/") ? p[0].substring(0, p[0].indexOf('/')) : p[0];
        parseInt(id).ifPresent(i -> out.put(i, p[1]));
      }
    }
    return out;
  }

  /** SSRCs declared with {@code a=ssrc}, in order, without duplicates. */
  public List<Long> ssrcs() {
    List<Long> out = new ArrayList<>();
    for (String v : attrs("ssrc")) {
      String n = v.split("\\s+")[0];
      try {
        long s = Long.parseLong(n);
        if (!out.contains(s)) {
          out.add(s);
        }
      } catch (NumberFormatException ignored) {
        // counted as absent
      }
    }
    return out;
  }

  /** {@code a=ssrc-group:FID a b} pairs: media SSRC → RTX SSRC. */
  public Map<Long, Long> rtxPairs() {
    Map<Long, Long> out = new LinkedHashMap<>();
    for (String v : attrs("ssrc-group")) {
      String[] p = v.trim().split("\\s+");
      if (p.length == 3 && p[0].equals("FID")) {
        try {
          out.put(Long.parseLong(p[1]), Long.parseLong(p[2]));
        } catch (NumberFormatException ignored) {
          // ignored group
        }
      }
    }
    return out;
  }

  /** Send rids ({@code a=rid:x send}) in the order given. */
  public List<String> sendRids() {
    List<String> out = new ArrayList<>();
    for (String v : attrs("rid")) {
      String[] p = v.trim().split("\\s+");
      if (p.length >= 2 && p[1].equals("send")) {
        out.add(p[0]);
      }
    }
    return out;
  }

  public boolean isRejected() {
    return port == 0;
  }

  private static java.util.OptionalInt parseInt(String s) {
    try {
      return java.util.OptionalInt.of(Integer.parseInt(s.trim()));
    } catch (NumberFormatException e) {
      return java.util.OptionalInt.empty();
    }
  }
}
