package io.sanke.media.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SessionDescriptionTest {

  /** An offer that libwebrtc (webrtc-java 0.14) wrote in the netns test. */
  static String resource(String name) throws IOException {
    try (InputStream in = SessionDescriptionTest.class.getResourceAsStream("/sdp/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The same offer with three simulcast layers, the way libwebrtc writes them when encodings have no rid. */
  static String simulcastOffer() throws IOException {
    String offer = resource("libwebrtc-publisher-offer.sdp");
    return offer.replace("a=ssrc-group:FID",
        "a=rid:0 send\r\na=rid:1 send\r\na=rid:2 send\r\na=simulcast:send 0;1;2\r\na=x-removed-ssrc-group:FID");
  }

  @Test
  @DisplayName("reads a libwebrtc unified-plan offer: bundle, mids, codecs with RTX, extensions and SSRCs")
  void readsLibwebrtcOffer() throws Exception {
    SessionDescription sdp = SessionDescription.parse(resource("libwebrtc-publisher-offer.sdp"));
    assertEquals("BUNDLE 0 1", sdp.attr("group"));
    assertEquals(2, sdp.media().size());
    MediaSection video = sdp.media().get(0);
    assertEquals("video", video.type());
    assertEquals("0", video.mid());
    assertEquals("sendonly", video.direction());
    assertTrue(video.has("rtcp-mux"));
    Codec vp8 = video.codecs().get(0);
    assertEquals("VP8", vp8.name());
    assertEquals(96, vp8.payloadType());
    assertEquals(90000, vp8.clockRate());
    assertTrue(vp8.feedback().containsAll(List.of("nack", "nack pli", "transport-cc", "ccm fir")));
    Codec rtx = video.codecs().get(1);
    assertTrue(rtx.is("rtx"));
    assertEquals(96, rtx.apt());
    Codec h264 = video.codecs().stream().filter(c -> c.is("H264") && "1".equals(c.param("packetization-mode")))
        .findFirst().orElseThrow();
    assertEquals("42001f", h264.param("profile-level-id"));
    Map<Integer, String> ext = video.extmaps();
    assertEquals("urn:ietf:params:rtp-hdrext:sdes:mid", ext.get(9));
    assertEquals("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", ext.get(10));
    assertEquals(1, video.rtxPairs().size());
    assertEquals(2, video.ssrcs().size());
    MediaSection audio = sdp.media().get(1);
    assertEquals("opus", audio.codecs().get(0).name());
    assertEquals(2, audio.codecs().get(0).channels());
    assertEquals("urn:ietf:params:rtp-hdrext:ssrc-audio-level", audio.extmaps().get(14));
    assertTrue(sdp.attrAnyLevel("fingerprint").startsWith("sha-256 "));
  }

  @Test
  @DisplayName("reads send rids and the simulcast line")
  void readsSimulcast() throws Exception {
    MediaSection video = SessionDescription.parse(simulcastOffer()).media().get(0);
    assertEquals(List.of("0", "1", "2"), video.sendRids());
    assertEquals("send 0;1;2", video.attr("simulcast"));
  }

  @Test
  @DisplayName("writes what it read: parsing the written SDP gives the same sections and attributes")
  void roundTrips() throws Exception {
    SessionDescription a = SessionDescription.parse(resource("libwebrtc-subscriber-offer.sdp"));
    String written = a.toString();
    assertTrue(written.endsWith("\r\n"));
    SessionDescription b = SessionDescription.parse(written);
    assertEquals(a.media(), b.media());
    assertEquals(a.attributes(), b.attributes());
  }

  @Test
  @DisplayName("refuses what is not SDP, naming the line")
  void refusesGarbage() {
    assertThrows(SdpException.class, () -> SessionDescription.parse(""));
    assertThrows(SdpException.class, () -> SessionDescription.parse(null));
    SdpException e = assertThrows(SdpException.class, () -> SessionDescription.parse("v=0\r\no=- 1 1 IN IP4 1.1.1.1\r\nbogus\r\n"));
    assertTrue(e.getMessage().contains("[line:3]"), e.getMessage());
    assertThrows(SdpException.class, () -> SessionDescription.parse("v=1\r\no=x\r\n"));
    assertThrows(SdpException.class, () -> SessionDescription.parse("v=0\r\no=x\r\nm=video\r\n"));
    assertThrows(SdpException.class, () -> SessionDescription.parse("v=0\r\no=x\r\nm=video port UDP 96\r\n"));
    assertThrows(SdpException.class, () -> SessionDescription.parse("s=-\r\n"));
  }

  @Test
  @DisplayName("tolerates odd but legal lines: flags, unknown attributes, bad numbers in optional fields")
  void toleratesOddLines() throws Exception {
    SessionDescription sdp = SessionDescription.parse(String.join("\n", "v=0", "o=- 1 1 IN IP4 0.0.0.0", "s=-",
        "m=audio 9 UDP/TLS/RTP/SAVPF 111 x", "a=rtpmap:111 opus/48000/2", "a=rtpmap:abc nonsense",
        "a=extmap:zz urn:x", "a=ssrc:notanumber cname:x", "a=x-custom", ""));
    MediaSection m = sdp.media().get(0);
    assertEquals(1, m.codecs().size());
    assertTrue(m.extmaps().isEmpty());
    assertTrue(m.ssrcs().isEmpty());
    assertEquals("", m.attr("x-custom"));
    assertNull(m.mid());
  }
}
