package io.sanke.media.server;

import io.sanke.media.api.MediaException;
import io.sanke.media.api.Reply;
import io.sanke.media.rtp.Codec;
import io.sanke.media.sdp.Attribute;
import io.sanke.media.sdp.MediaSection;
import io.sanke.media.sdp.SessionDescription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Answers an endpoint's unified-plan offer for one transport: BUNDLE on every accepted
 * m-section, rtcp-mux, ICE-lite credentials and candidates, our fingerprint and DTLS
 * role. An m-section the endpoint sends becomes a producer (Opus, VP8 or H.264 with
 * packetization-mode 1, its RTX, the header extensions the SFU reads, rids/simulcast);
 * an m-section it receives is answered with the consumer bound to its mid (sendonly,
 * with SSRCs), or inactive. Reads the transport, changes nothing: the caller applies
 * the returned {@link Plan}.
 */
final class SdpNegotiator {
  private SdpNegotiator() {}

  record ProducerSpec(String mid, String kind, Codec codec, int payloadType, int rtxPayloadType, List<String> rids,
      List<Long> ssrcs, Map<Long, Long> rtxSsrcs, String fmtp) {}

  record Plan(SessionDescription answer, String fingerprint, String peerSetup, int midExtId, int ridExtId,
      int rridExtId, List<ProducerSpec> producers, Map<String, int[]> consumerPayloadTypes,
      Map<String, Integer> receiveExtIds, Map<String, Integer> sendExtIds) {}

  /** Header extensions forwarded to receivers (under the receiver's ids); mid, rid and repaired-rid are not. */
  static final List<String> SEND = List.of(Ext.ABS_SEND_TIME, Ext.TRANSPORT_CC, Ext.AUDIO_LEVEL);

  static Plan plan(SessionDescription offer, WebRtcTransport t) throws MediaException {
    String ufrag = offer.attrAnyLevel("ice-ufrag");
    String pwd = offer.attrAnyLevel("ice-pwd");
    String fingerprint = offer.attrAnyLevel("fingerprint");
    String setup = offer.attrAnyLevel("setup");
    if (ufrag == null || pwd == null) {
      throw bad(t, "offer without ICE credentials");
    }
    if (fingerprint == null || !fingerprint.toLowerCase(Locale.ROOT).startsWith("sha-256 ")) {
      throw bad(t, "offer without a sha-256 DTLS fingerprint");
    }
    setup = setup == null ? "actpass" : setup;
    String ourSetup = switch (setup) {
      case "actpass", "active" -> "passive";
      case "passive" -> "active";
      default -> throw bad(t, "bad DTLS setup [setup:" + setup + "]");
    };
    List<MediaSection> answered = new ArrayList<>();
    List<ProducerSpec> producers = new ArrayList<>();
    Map<String, int[]> consumerPts = new HashMap<>();
    List<String> bundle = new ArrayList<>();
    Map<String, Integer> extIds = new HashMap<>();
    Map<String, Integer> sendExtIds = new HashMap<>();
    Map<String, Consumer> consumersByMid = new HashMap<>();
    for (Consumer c : t.consumersById().values()) {
      consumersByMid.put(c.mid(), c);
    }
    for (MediaSection m : offer.media()) {
      String mid = m.mid();
      if (mid == null) {
        throw bad(t, "m-section without a mid (unified plan is required)");
      }
      boolean media = m.type().equals("audio") || m.type().equals("video");
      if (!media || m.isRejected()) {
        answered.add(rejected(m));
        continue;
      }
      if (!m.has("rtcp-mux")) {
        throw bad(t, "m-section without rtcp-mux [mid:" + mid + "]");
      }
      String dir = m.direction();
      List<Attribute> a = new ArrayList<>();
      a.addAll(WebRtcTransport.iceAndDtlsAttributes(t, ourSetup));
      a.add(new Attribute("mid", mid));
      if (dir.equals("sendonly") || dir.equals("sendrecv")) {
        Codec[] chosen = new Codec[1];
        io.sanke.media.sdp.Codec main = pickPublishCodec(m, t.server().videoCodecPreference());
        if (main == null) {
          throw bad(t, "no supported codec [mid:" + mid + ", kind:" + m.type() + "]");
        }
        chosen[0] = WebRtcTransport.codecOf(main.name());
        io.sanke.media.sdp.Codec rtx = rtxFor(m, main.payloadType());
        List<String> formats = new ArrayList<>();
        formats.add(String.valueOf(main.payloadType()));
        if (rtx != null) {
          formats.add(String.valueOf(rtx.payloadType()));
        }
        a.add(new Attribute("recvonly", null));
        for (var e : m.extmaps().entrySet()) {
          if (Ext.RECEIVE.contains(e.getValue())) {
            a.add(new Attribute("extmap", e.getKey() + " " + e.getValue()));
            extIds.put(e.getValue(), e.getKey());
          }
        }
        a.add(new Attribute("rtcp-mux", null));
        if (m.has("rtcp-rsize")) {
          a.add(new Attribute("rtcp-rsize", null));
        }
        addCodec(a, main, List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"));
        if (rtx != null) {
          addCodec(a, rtx, List.of());
        }
        List<String> rids = new ArrayList<>();
        String simulcast = m.attr("simulcast");
        if (simulcast != null && simulcast.startsWith("send ")) {
          for (String alt : simulcast.substring(5).trim().split(";")) {
            String rid = alt.split(",")[0].trim();
            if (rid.startsWith("~")) {
              rid = rid.substring(1);
            }
            if (!rid.isEmpty()) {
              rids.add(rid);
            }
          }
        } else {
          rids.addAll(m.sendRids());
        }
        for (String rid : rids) {
          a.add(new Attribute("rid", rid + " recv"));
        }
        if (!rids.isEmpty()) {
          a.add(new Attribute("simulcast", "recv " + String.join(";", rids)));
        }
        List<Long> ssrcs = new ArrayList<>();
        Map<Long, Long> fid = m.rtxPairs();
        String sim = null;
        for (String g : m.attrs("ssrc-group")) {
          if (g.startsWith("SIM ")) {
            sim = g;
          }
        }
        if (rids.isEmpty()) {
          if (sim != null) {
            for (String s : sim.substring(4).trim().split("\\s+")) {
              ssrcs.add(Long.parseLong(s));
            }
          } else if (!m.ssrcs().isEmpty()) {
            ssrcs.add(m.ssrcs().get(0));
          }
        }
        producers.add(new ProducerSpec(mid, m.type(), chosen[0], main.payloadType(),
            rtx == null ? -1 : rtx.payloadType(), rids, ssrcs, fid, main.fmtp()));
        answered.add(new MediaSection(m.type(), 9, m.proto(), formats, "IN IP4 0.0.0.0", withCandidates(a, t)));
        bundle.add(mid);
      } else if (dir.equals("recvonly") && consumersByMid.containsKey(mid)) {
        Consumer c = consumersByMid.get(mid);
        Producer p = c.producer();
        if (!p.kind().equals(m.type())) {
          throw bad(t, "consumer kind does not match the m-section [mid:" + mid + ", consumer:" + c.id() + "]");
        }
        io.sanke.media.sdp.Codec main = matchCodec(m, p);
        if (main == null) {
          throw bad(t, "endpoint cannot receive the producer's codec [mid:" + mid + ", codec:" + p.codec() + "]");
        }
        io.sanke.media.sdp.Codec rtx = p.codec().isVideo() ? rtxFor(m, main.payloadType()) : null;
        List<String> formats = new ArrayList<>();
        formats.add(String.valueOf(main.payloadType()));
        if (rtx != null) {
          formats.add(String.valueOf(rtx.payloadType()));
        }
        a.add(new Attribute("sendonly", null));
        String stream = token(p.transport().id());
        String track = token(p.id());
        a.add(new Attribute("msid", stream + " " + track));
        Map<String, Integer> producerExt = p.transport().receiveExtIds();
        boolean tcc = false;
        for (var e : m.extmaps().entrySet()) {
          // Any id: the consumer rewrites the publisher's ids to the receiver's.
          if (SEND.contains(e.getValue()) && producerExt.containsKey(e.getValue())) {
            a.add(new Attribute("extmap", e.getKey() + " " + e.getValue()));
            sendExtIds.put(e.getValue(), e.getKey());
            tcc |= e.getValue().equals(Ext.TRANSPORT_CC);
          }
        }
        a.add(new Attribute("rtcp-mux", null));
        if (m.has("rtcp-rsize")) {
          a.add(new Attribute("rtcp-rsize", null));
        }
        addCodec(a, main, tcc ? List.of("ccm fir", "nack", "nack pli", "transport-cc", "goog-remb")
            : List.of("ccm fir", "nack", "nack pli", "goog-remb"));
        if (rtx != null) {
          addCodec(a, rtx, List.of());
          a.add(new Attribute("ssrc-group", "FID " + c.ssrc() + " " + c.rtxSsrc()));
        }
        String cname = "sanke-" + stream;
        a.add(new Attribute("ssrc", c.ssrc() + " cname:" + cname));
        a.add(new Attribute("ssrc", c.ssrc() + " msid:" + stream + " " + track));
        if (rtx != null) {
          a.add(new Attribute("ssrc", c.rtxSsrc() + " cname:" + cname));
          a.add(new Attribute("ssrc", c.rtxSsrc() + " msid:" + stream + " " + track));
        }
        consumerPts.put(c.id(), new int[] {main.payloadType(), rtx == null ? -1 : rtx.payloadType()});
        answered.add(new MediaSection(m.type(), 9, m.proto(), formats, "IN IP4 0.0.0.0", withCandidates(a, t)));
        bundle.add(mid);
      } else {
        List<String> formats = m.formats().isEmpty() ? List.of("0") : List.of(m.formats().get(0));
        a.add(new Attribute("inactive", null));
        a.add(new Attribute("rtcp-mux", null));
        List<io.sanke.media.sdp.Codec> codecs = m.codecs();
        if (!codecs.isEmpty()) {
          formats = List.of(String.valueOf(codecs.get(0).payloadType()));
          addCodec(a, codecs.get(0), List.of());
        }
        answered.add(new MediaSection(m.type(), 9, m.proto(), formats, "IN IP4 0.0.0.0", withCandidates(a, t)));
        bundle.add(mid);
      }
    }
    List<Attribute> session = new ArrayList<>();
    session.add(new Attribute("ice-lite", null));
    if (!bundle.isEmpty()) {
      session.add(new Attribute("group", "BUNDLE " + String.join(" ", bundle)));
    }
    session.add(new Attribute("msid-semantic", " WMS *"));
    SessionDescription answer = new SessionDescription("sanke 1 1 IN IP4 0.0.0.0", "-", session, answered);
    // Every number in the answer is the endpoint's own, so only an offer that already gives one
    // number two meanings across its BUNDLE can make an answer that does.
    String collision = PayloadTypeTable.collision(answer);
    if (collision != null) {
      throw bad(t, "offer gives one payload type two codecs [" + collision + "]");
    }
    return new Plan(answer, fingerprint, setup, extIds.getOrDefault(Ext.MID, -1),
        extIds.getOrDefault(Ext.RID, -1), extIds.getOrDefault(Ext.RRID, -1), producers, consumerPts, extIds,
        sendExtIds);
  }

  record AnswerPlan(String fingerprint, String peerSetup, Map<String, int[]> consumerPayloadTypes,
      Map<String, Integer> sendExtIds) {}

  /** The SFU's offer, the payload-type table it was written from, and each consumer's numbers. */
  record OfferPlan(SessionDescription offer, PayloadTypeTable payloadTypes, Map<String, int[]> consumerPayloadTypes) {}

  /**
   * The SFU's offer for a receive-only endpoint: one sendonly m-section per offered mid (a
   * closed consumer's mid stays, with port 0 and the media type of {@code previous}, the last
   * offer), header extension ids one per URI across the
   * BUNDLE, RTX, SSRCs, setup actpass. Payload types come from {@code table} (the
   * transport's, copied: this method adds what it assigns to it): a consumer keeps the number
   * it was offered under, a codec new to the session gets one, so no number stands for two
   * codecs in the BUNDLE or across re-offers, whatever numbers the publishers chose.
   */
  static OfferPlan offer(WebRtcTransport t, List<String> mids, SessionDescription previous, PayloadTypeTable table)
      throws MediaException {
    Map<String, Consumer> byMid = new HashMap<>();
    for (Consumer c : t.consumersById().values()) {
      byMid.put(c.mid(), c);
    }
    List<MediaSection> sections = new ArrayList<>();
    List<String> bundle = new ArrayList<>();
    Map<String, Integer> extIds = new LinkedHashMap<>();
    Map<String, int[]> pts = new HashMap<>();
    for (String mid : mids) {
      Consumer c = byMid.get(mid);
      if (c == null) {
        // Closed: rejected, of the kind it was offered as (libwebrtc refuses an m-section that changes type).
        MediaSection before = previous == null ? null
            : previous.media().stream().filter(m -> mid.equals(m.mid())).findFirst().orElse(null);
        sections.add(new MediaSection(before == null ? "video" : before.type(), 0, "UDP/TLS/RTP/SAVPF",
            before == null ? List.of("96") : before.formats().subList(0, 1), "IN IP4 0.0.0.0",
            List.of(new Attribute("mid", mid), new Attribute("inactive", null))));
        continue;
      }
      Producer p = c.producer();
      List<Attribute> a = new ArrayList<>(WebRtcTransport.iceAndDtlsAttributes(t, "actpass"));
      a.add(new Attribute("mid", mid));
      // One id per URI across the BUNDLE: the publisher's when free, else the lowest free one
      // (consumers rewrite the publisher's ids to whatever the receiver ends up with).
      for (String uri : SEND) {
        Integer published = p.transport().receiveExtIds().get(uri);
        if (published == null) {
          continue;
        }
        Integer id = extIds.get(uri);
        if (id == null) {
          id = extIds.containsValue(published) ? null : published;
          for (int free = 1; id == null && free <= 14; free++) {
            if (!extIds.containsValue(free)) {
              id = free;
            }
          }
          extIds.put(uri, id);
        }
        a.add(new Attribute("extmap", id + " " + uri));
      }
      a.add(new Attribute("sendonly", null));
      String stream = token(p.transport().id());
      String track = token(p.id());
      a.add(new Attribute("msid", stream + " " + track));
      a.add(new Attribute("rtcp-mux", null));
      a.add(new Attribute("rtcp-rsize", null));
      int pt = sendPayloadType(c, table);
      PayloadTypeTable.Entry main = table.entry(pt);
      List<String> formats = new ArrayList<>(List.of(String.valueOf(pt)));
      a.add(new Attribute("rtpmap", pt + " " + main.rtpmap()));
      if (p.codec().isVideo()) {
        for (String fb : List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli")) {
          a.add(new Attribute("rtcp-fb", pt + " " + fb));
        }
      } else {
        a.add(new Attribute("rtcp-fb", pt + " transport-cc"));
      }
      if (main.fmtp() != null) {
        a.add(new Attribute("fmtp", pt + " " + main.fmtp()));
      }
      int rtxPt = p.codec().isVideo() && p.rtxPayloadType() >= 0 ? sendRtxPayloadType(c, pt, table) : -1;
      if (rtxPt >= 0) {
        formats.add(String.valueOf(rtxPt));
        a.add(new Attribute("rtpmap", rtxPt + " rtx/90000"));
        a.add(new Attribute("fmtp", rtxPt + " " + table.entry(rtxPt).fmtp()));
        a.add(new Attribute("ssrc-group", "FID " + c.ssrc() + " " + c.rtxSsrc()));
      }
      pts.put(c.id(), new int[] {pt, rtxPt});
      String cname = "sanke-" + stream;
      a.add(new Attribute("ssrc", c.ssrc() + " cname:" + cname));
      a.add(new Attribute("ssrc", c.ssrc() + " msid:" + stream + " " + track));
      if (rtxPt >= 0) {
        a.add(new Attribute("ssrc", c.rtxSsrc() + " cname:" + cname));
        a.add(new Attribute("ssrc", c.rtxSsrc() + " msid:" + stream + " " + track));
      }
      sections.add(new MediaSection(p.kind(), 9, "UDP/TLS/RTP/SAVPF", formats, "IN IP4 0.0.0.0",
          withCandidates(a, t)));
      bundle.add(mid);
    }
    if (bundle.isEmpty()) {
      throw new MediaException(MediaException.Code.BAD_REQUEST, "nothing to offer [transport:" + t.id() + "]");
    }
    List<Attribute> session = new ArrayList<>();
    session.add(new Attribute("ice-lite", null));
    session.add(new Attribute("group", "BUNDLE " + String.join(" ", bundle)));
    session.add(new Attribute("msid-semantic", " WMS *"));
    return new OfferPlan(new SessionDescription("sanke 1 " + System.nanoTime() % 1_000_000 + " IN IP4 0.0.0.0", "-",
        session, sections), table, pts);
  }

  /** The producer's codec as the table knows it: name, clock rate, channels, fmtp. */
  static PayloadTypeTable.CodecKey codecKey(Producer p) {
    return PayloadTypeTable.CodecKey.of(p.codec().name(), p.codec().clockRate(), p.codec() == Codec.OPUS ? 2 : 1,
        p.fmtp());
  }

  private static String rtpmap(Producer p) {
    return switch (p.codec()) {
      case OPUS -> "opus/48000/2";
      case VP8 -> "VP8/90000";
      case H264 -> "H264/90000";
    };
  }

  /** The number a consumer sends its codec under: the one it has when the table agrees, else the table's. */
  private static int sendPayloadType(Consumer c, PayloadTypeTable table) throws MediaException {
    Producer p = c.producer();
    PayloadTypeTable.CodecKey key = codecKey(p);
    if (table.means(c.payloadType(), key)) {
      return c.payloadType();
    }
    return table.assign(key, p.payloadType(), rtpmap(p), p.fmtp());
  }

  /** The number of the consumer's RTX, repairing {@code pt}. */
  private static int sendRtxPayloadType(Consumer c, int pt, PayloadTypeTable table) throws MediaException {
    PayloadTypeTable.CodecKey key = PayloadTypeTable.CodecKey.rtx(pt);
    if (c.rtxPayloadType() >= 0 && table.means(c.rtxPayloadType(), key)) {
      return c.rtxPayloadType();
    }
    return table.assign(key, c.producer().rtxPayloadType(), "rtx/90000", "apt=" + pt);
  }

  /** Checks the endpoint's answer against our offer and says what to apply. */
  static AnswerPlan answer(SessionDescription answer, SessionDescription offer, WebRtcTransport t)
      throws MediaException {
    String fingerprint = answer.attrAnyLevel("fingerprint");
    String setup = answer.attrAnyLevel("setup");
    if (answer.attrAnyLevel("ice-ufrag") == null || answer.attrAnyLevel("ice-pwd") == null) {
      throw bad(t, "answer without ICE credentials");
    }
    if (fingerprint == null || !fingerprint.toLowerCase(Locale.ROOT).startsWith("sha-256 ")) {
      throw bad(t, "answer without a sha-256 DTLS fingerprint");
    }
    if (!"active".equals(setup) && !"passive".equals(setup)) {
      throw bad(t, "answer must choose DTLS active or passive [setup:" + setup + "]");
    }
    Map<String, MediaSection> offered = new HashMap<>();
    for (MediaSection m : offer.media()) {
      offered.put(m.mid(), m);
    }
    Map<String, Consumer> byMid = new HashMap<>();
    for (Consumer c : t.consumersById().values()) {
      byMid.put(c.mid(), c);
    }
    Map<String, int[]> pts = new HashMap<>();
    Map<String, Integer> ext = new HashMap<>();
    for (MediaSection m : answer.media()) {
      MediaSection o = offered.get(m.mid());
      if (o == null) {
        throw bad(t, "answer has an m-section that was not offered [mid:" + m.mid() + "]");
      }
      Consumer c = byMid.get(m.mid());
      if (c == null || m.isRejected()) {
        continue;
      }
      io.sanke.media.sdp.Codec main = matchCodec(m, c.producer());
      if (main == null || !o.formats().contains(String.valueOf(main.payloadType()))) {
        throw bad(t, "answer drops the offered codec [mid:" + m.mid() + "]");
      }
      io.sanke.media.sdp.Codec rtx = c.producer().codec().isVideo() ? rtxFor(m, main.payloadType()) : null;
      // The offer's numbers are the transport's table: an answer must not move a codec to another one.
      if (main.payloadType() != Integer.parseInt(o.formats().get(0))
          || (rtx != null && (o.formats().size() < 2 || rtx.payloadType() != Integer.parseInt(o.formats().get(1))))) {
        throw bad(t, "answer renumbers the offered payload types [mid:" + m.mid() + ", offered:" + o.formats()
            + ", answered:" + m.formats() + "]");
      }
      pts.put(c.id(), new int[] {main.payloadType(), rtx == null ? -1 : rtx.payloadType()});
      for (var e : m.extmaps().entrySet()) {
        if (SEND.contains(e.getValue())) {
          ext.put(e.getValue(), e.getKey());
        }
      }
    }
    return new AnswerPlan(fingerprint, setup, pts, ext);
  }

  private static MediaException bad(WebRtcTransport t, String what) {
    return new MediaException(MediaException.Code.BAD_SDP, what + " [transport:" + t.id() + "]");
  }

  private static MediaSection rejected(MediaSection m) {
    List<Attribute> a = new ArrayList<>();
    if (m.mid() != null) {
      a.add(new Attribute("mid", m.mid()));
    }
    return new MediaSection(m.type(), 0, m.proto(), m.formats().isEmpty() ? List.of("0") : m.formats().subList(0, 1),
        "IN IP4 0.0.0.0", a);
  }

  private static List<Attribute> withCandidates(List<Attribute> a, WebRtcTransport t) {
    List<Attribute> out = new ArrayList<>(a);
    for (Reply.Candidate c : t.server().candidates()) {
      out.add(new Attribute("candidate", c.sdp()));
    }
    out.add(new Attribute("end-of-candidates", null));
    return out;
  }

  private static void addCodec(List<Attribute> a, io.sanke.media.sdp.Codec c, List<String> allowedFeedback) {
    a.add(new Attribute("rtpmap", c.rtpmap()));
    for (String fb : c.feedback()) {
      if (allowedFeedback.contains(fb)) {
        a.add(new Attribute("rtcp-fb", c.payloadType() + " " + fb));
      }
    }
    if (c.fmtp() != null) {
      a.add(new Attribute("fmtp", c.payloadType() + " " + c.fmtp()));
    }
  }

  static boolean isH264Mode1(io.sanke.media.sdp.Codec c) {
    return c.is("H264") && "1".equals(trim(c.param("packetization-mode")));
  }

  private static String trim(String s) {
    return s == null ? null : s.trim();
  }

  /** The endpoint's first codec the SFU forwards: Opus for audio; for video the first by the server's preference. */
  static io.sanke.media.sdp.Codec pickPublishCodec(MediaSection m, List<String> videoPreference) {
    List<io.sanke.media.sdp.Codec> codecs = m.codecs();
    if (m.type().equals("audio")) {
      return codecs.stream().filter(c -> c.is("opus") && c.clockRate() == 48000).findFirst().orElse(null);
    }
    for (String name : videoPreference) {
      for (io.sanke.media.sdp.Codec c : codecs) {
        if (name.equalsIgnoreCase("VP8") && c.is("VP8")) {
          return c;
        }
        if (name.equalsIgnoreCase("H264") && isH264Mode1(c)) {
          return c;
        }
      }
    }
    return null;
  }

  /** The receiver's payload type for the producer's codec (H.264: same profile-level-id when offered). */
  static io.sanke.media.sdp.Codec matchCodec(MediaSection m, Producer p) {
    io.sanke.media.sdp.Codec fallback = null;
    for (io.sanke.media.sdp.Codec c : m.codecs()) {
      switch (p.codec()) {
        case OPUS -> {
          if (c.is("opus")) {
            return c;
          }
        }
        case VP8 -> {
          if (c.is("VP8")) {
            return c;
          }
        }
        case H264 -> {
          if (isH264Mode1(c)) {
            String want = p.h264ProfileLevelId();
            String have = c.param("profile-level-id");
            if (want != null && have != null && want.trim().equalsIgnoreCase(have.trim())) {
              return c;
            }
            if (fallback == null) {
              fallback = c;
            }
          }
        }
      }
    }
    return fallback;
  }

  static io.sanke.media.sdp.Codec rtxFor(MediaSection m, int pt) {
    for (io.sanke.media.sdp.Codec c : m.codecs()) {
      if (c.is("rtx") && c.apt() == pt) {
        return c;
      }
    }
    return null;
  }

  /** msid and cname tokens: letters, digits and a few marks only. */
  static String token(String s) {
    return s.replaceAll("[^A-Za-z0-9_.+-]", "-");
  }
}
