package io.sanke.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OfferMungerTest {
  private static final String OFFER = String.join("\r\n",
      "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0 1 2",
      "m=video 9 UDP/TLS/RTP/SAVPF 96 97", "a=mid:0",
      "a=extmap:4 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
      "a=extmap:9 urn:ietf:params:rtp-hdrext:sdes:mid",
      "a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id",
      "a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id",
      "a=sendonly", "a=msid:cr-v1 camera", "a=rtpmap:96 VP8/90000", "a=rtpmap:97 rtx/90000",
      "a=ssrc-group:FID 1000 1001", "a=ssrc:1000 cname:abc", "a=ssrc:1000 msid:cr-v1 camera",
      "a=ssrc:1001 cname:abc", "a=ssrc:1001 msid:cr-v1 camera",
      "m=audio 9 UDP/TLS/RTP/SAVPF 111", "a=mid:1", "a=extmap:9 urn:ietf:params:rtp-hdrext:sdes:mid",
      "a=sendonly", "a=rtpmap:111 opus/48000/2", "a=ssrc:2000 cname:abc",
      "m=video 9 UDP/TLS/RTP/SAVPF 96 97", "a=mid:2", "a=extmap:9 urn:ietf:params:rtp-hdrext:sdes:mid",
      "a=recvonly", "a=rtpmap:96 VP8/90000") + "\r\n";

  @Test
  @DisplayName("leaves out the mid, rid and repaired-rid extensions everywhere and keeps the others")
  void dropsMidAndRidExtensions() {
    String out = OfferMunger.munge(OFFER, List.of());
    assertFalse(out.contains("sdes:mid"), out);
    assertFalse(out.contains("rtp-stream-id"), out);
    assertTrue(out.contains("transport-wide-cc-extensions-01"), out);
    assertTrue(out.endsWith("a=rtpmap:96 VP8/90000\r\n"), out);
    assertEquals(OFFER.lines().count() - 5, out.lines().count(), "only the five extension lines went");
  }

  @Test
  @DisplayName("signals simulcast on the sending camera by SSRC, lowest layer first, each layer with its RTX")
  void addsSimGroupToTheSendingCamera() {
    String out = OfferMunger.munge(OFFER, List.of(3000L, 3001L, 4000L, 4001L));
    String camera = out.substring(out.indexOf("a=mid:0"), out.indexOf("m=audio"));
    assertTrue(camera.contains("a=ssrc-group:SIM 1000 3000 4000\r\n"), camera);
    assertTrue(camera.contains("a=ssrc-group:FID 3000 3001\r\n") && camera.contains("a=ssrc-group:FID 4000 4001\r\n"), camera);
    assertTrue(camera.contains("a=ssrc:4001 msid:cr-v1 camera\r\n") && camera.contains("a=ssrc:3000 cname:abc\r\n"), camera);
    String rest = out.substring(out.indexOf("m=audio"));
    assertFalse(rest.contains("SIM"), "the receiving video m-section is left alone: " + rest);
  }

  @Test
  @DisplayName("a camera without an RTX pair is left without simulcast rather than half-rewritten")
  void noFidNoSimulcast() {
    String plain = OFFER.replace("a=ssrc-group:FID 1000 1001\r\n", "");
    assertFalse(OfferMunger.munge(plain, List.of(3000L, 3001L)).contains("SIM"));
  }
}
