package io.sanke.media.server;

import io.sanke.media.api.MediaException;
import io.sanke.media.sdp.MediaSection;
import io.sanke.media.sdp.SessionDescription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The payload types one WebRTC transport uses for what it sends, across its BUNDLE group
 * and its whole session (RFC 8843 §9.1, RFC 3264 §8.3.2): a number, once it stands for a
 * codec, stands for that codec only, in every m-section and every later offer.
 *
 * <p>A codec is its name, clock rate, channels and the fmtp parameters that change what the
 * stream is ({@link CodecKey}: H.264 packetization-mode and profile-level-id; RTX the payload
 * type it repairs). The first fmtp line written for a number is the one written for it from
 * then on, so every m-section that shares the number describes it identically (libwebrtc
 * compares the whole fmtp across a BUNDLE). A new codec gets the number its publisher used
 * when that number is still free, else the lowest free one of 96–127, then 35–63 (64–95 would
 * clash with RTCP packet types under rtcp-mux, RFC 5761 §4).
 *
 * <p>Numbers are never released. The SFU's own offers draw from the table; when the endpoint
 * offers, its numbers win and the table {@link #learn learns} them. Does not touch packets
 * (consumers write the numbers, {@code Consumer.setPayloadTypes}); not thread-safe (used
 * under the transport's lock).
 */
final class PayloadTypeTable {
  /** What a payload type stands for; {@code params} holds only what tells two configurations apart. */
  record CodecKey(String name, int clockRate, int channels, String params) {
    static CodecKey of(String name, int clockRate, int channels, String fmtp) {
      String n = name.toLowerCase(Locale.ROOT);
      String params = switch (n) {
        case "h264" -> "packetization-mode=" + param(fmtp, "packetization-mode", "0")
            + ";profile-level-id=" + param(fmtp, "profile-level-id", "420010").toLowerCase(Locale.ROOT);
        case "rtx" -> "apt=" + param(fmtp, "apt", "");
        default -> "";
      };
      return new CodecKey(n, clockRate, Math.max(1, channels), params);
    }

    static CodecKey of(io.sanke.media.sdp.Codec c) {
      return of(c.name(), c.clockRate(), c.channels(), c.fmtp());
    }

    static CodecKey rtx(int apt) {
      return new CodecKey("rtx", 90000, 1, "apt=" + apt);
    }

    private static String param(String fmtp, String key, String absent) {
      if (fmtp != null) {
        for (String kv : fmtp.split(";")) {
          int eq = kv.indexOf('=');
          if (eq > 0 && kv.substring(0, eq).trim().equalsIgnoreCase(key)) {
            return kv.substring(eq + 1).trim();
          }
        }
      }
      return absent;
    }
  }

  /** One number: the codec it stands for and the fmtp written with it (null: none). */
  record Entry(int payloadType, CodecKey key, String rtpmap, String fmtp) {}

  private final Map<Integer, Entry> byPt = new TreeMap<>();
  /** The number a codec is offered under from now on (a codec may own older numbers too). */
  private final Map<CodecKey, Integer> current = new LinkedHashMap<>();

  PayloadTypeTable() {}

  private PayloadTypeTable(PayloadTypeTable other) {
    byPt.putAll(other.byPt);
    current.putAll(other.current);
  }

  /** A copy to plan an offer on; the caller keeps it only once the offer is made. */
  PayloadTypeTable copy() {
    return new PayloadTypeTable(this);
  }

  /** What {@code pt} stands for, or null. */
  Entry entry(int pt) {
    return byPt.get(pt);
  }

  /** Whether {@code pt} stands for {@code key}. */
  boolean means(int pt, CodecKey key) {
    Entry e = byPt.get(pt);
    return e != null && e.key().equals(key);
  }

  /**
   * The number for {@code key}: the one it has, else {@code preferred} when free and dynamic,
   * else the lowest free one. {@code rtpmap} ("VP8/90000") and {@code fmtp} are written with
   * the number from now on (when the number is new).
   */
  int assign(CodecKey key, int preferred, String rtpmap, String fmtp) throws MediaException {
    Integer have = current.get(key);
    if (have != null) {
      return have;
    }
    int pt = -1;
    if (isDynamic(preferred) && !byPt.containsKey(preferred)) {
      pt = preferred;
    }
    for (int candidate = 96; pt < 0 && candidate <= 127; candidate++) {
      if (!byPt.containsKey(candidate)) {
        pt = candidate;
      }
    }
    for (int candidate = 35; pt < 0 && candidate <= 63; candidate++) {
      if (!byPt.containsKey(candidate)) {
        pt = candidate;
      }
    }
    if (pt < 0) {
      throw new MediaException(MediaException.Code.BAD_REQUEST, "no free payload type [codec:" + rtpmap + "]");
    }
    byPt.put(pt, new Entry(pt, key, rtpmap, fmtp));
    current.put(key, pt);
    return pt;
  }

  /**
   * The endpoint used {@code pt} for {@code key} (its numbers win): from now on {@code pt}
   * stands for {@code key}; a codec that stood for {@code pt} before gets a new number when it
   * is offered next.
   */
  void learn(CodecKey key, int pt, String rtpmap, String fmtp) {
    Entry old = byPt.get(pt);
    if (old != null && old.key().equals(key)) {
      current.putIfAbsent(key, pt);
      return;
    }
    if (old != null) {
      current.remove(old.key(), pt);
    }
    byPt.put(pt, new Entry(pt, key, rtpmap, fmtp));
    current.putIfAbsent(key, pt);
  }

  /** Learns every payload type of the accepted m-sections of {@code d} (the endpoint's numbers). */
  void learn(SessionDescription d) {
    for (MediaSection m : d.media()) {
      if (m.isRejected()) {
        continue;
      }
      for (io.sanke.media.sdp.Codec c : m.codecs()) {
        learn(CodecKey.of(c), c.payloadType(), rtpmap(c), c.fmtp());
      }
    }
  }

  /**
   * The first payload type that stands for two codecs across the accepted m-sections of
   * {@code d} ("pt:96, mid:0 VP8/90000, mid:1 H264/90000"), or null when there is none.
   */
  static String collision(SessionDescription d) {
    Map<Integer, CodecKey> seen = new TreeMap<>();
    Map<Integer, String> where = new TreeMap<>();
    for (MediaSection m : d.media()) {
      if (m.isRejected()) {
        continue;
      }
      for (io.sanke.media.sdp.Codec c : m.codecs()) {
        CodecKey key = CodecKey.of(c);
        CodecKey before = seen.putIfAbsent(c.payloadType(), key);
        if (before == null) {
          where.put(c.payloadType(), "mid:" + m.mid() + " " + rtpmap(c));
        } else if (!before.equals(key)) {
          return "pt:" + c.payloadType() + ", " + where.get(c.payloadType()) + ", mid:" + m.mid() + " " + rtpmap(c);
        }
      }
    }
    return null;
  }

  /** "VP8/90000", "opus/48000/2". */
  static String rtpmap(io.sanke.media.sdp.Codec c) {
    return c.name() + "/" + c.clockRate() + (c.channels() > 1 ? "/" + c.channels() : "");
  }

  /** Every number in use, lowest first. */
  List<Entry> entries() {
    return new ArrayList<>(byPt.values());
  }

  static boolean isDynamic(int pt) {
    return (pt >= 96 && pt <= 127) || (pt >= 35 && pt <= 63);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("{");
    for (Entry e : byPt.values()) {
      b.append(b.length() > 1 ? ", " : "").append(e.payloadType()).append('=').append(e.rtpmap());
      if (e.fmtp() != null) {
        b.append(' ').append(e.fmtp());
      }
    }
    return b.append('}').toString();
  }
}
