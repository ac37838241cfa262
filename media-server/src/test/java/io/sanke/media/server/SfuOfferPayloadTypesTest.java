package io.sanke.media.server;

import static io.sanke.media.server.ControlApiTest.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sanke.media.api.Command;
import io.sanke.media.api.MediaException;
import io.sanke.media.api.Reply;
import io.sanke.media.pipeline.PacketInfo;
import io.sanke.media.rtp.RtcpPacket;
import io.sanke.media.rtp.RtpPacket;
import io.sanke.media.sdp.MediaSection;
import io.sanke.media.sdp.PayloadTypes;
import io.sanke.media.sdp.SessionDescription;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The payload types of the SFU's offers (one table per transport, whatever numbers the
 * publishers chose) and of its answers (the endpoint's numbers), SDP in and SDP out, on a
 * real node with a manual clock; one test reads the forwarded packets off the wire.
 */
class SfuOfferPayloadTypesTest {
  /** libwebrtc's numbers: VP8 96, its RTX 97, Opus 111. */
  private static String chrome() throws Exception {
    return resource("libwebrtc-publisher-offer.sdp");
  }

  /** Firefox's numbers: Opus 109 (mid 0), VP8 120, its RTX 124 (mid 1). */
  private static String firefox() throws Exception {
    return resource("firefox-like-publisher-offer.sdp");
  }

  /** libwebrtc's offer with VP8 and its RTX swapped (VP8 97, RTX 96) and Opus at 109: every number crosses Chrome's. */
  private static String crossed() throws Exception {
    return PayloadTypes.renumber(chrome(), Map.of(96, 97, 111, 109));
  }

  private final ControlApiTest.ManualClock clock = new ControlApiTest.ManualClock();
  private MediaServer server;
  private InProcessControl control;

  @BeforeEach
  void start() throws Exception {
    server = MediaServer.start(MediaConfig.withOverrides("sanke.media { ice { bind-address = \"127.0.0.1\", "
        + "udp-port = 0, tcp-port = 0, advertised-addresses = [\"127.0.0.1\"] } }"), clock);
    control = new InProcessControl(server);
    control.execute(new Command.CreateRouter("room"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void publish(String transportId, String offer) throws Exception {
    control.execute(new Command.CreateWebRtcTransport("room", transportId));
    control.execute(new Command.ProcessOffer(transportId, offer));
  }

  private void consume(String consumerId, String producerId) throws Exception {
    control.execute(new Command.CreateConsumer("rx", consumerId, producerId, consumerId));
  }

  private SessionDescription offer() throws Exception {
    return SessionDescription.parse(control.execute(new Command.CreateOffer("rx")).offerSdp());
  }

  private MediaSection section(SessionDescription d, String mid) {
    return d.media().stream().filter(m -> mid.equals(m.mid())).findFirst().orElseThrow();
  }

  private Consumer consumer(String id) {
    return server.router("room").consumer(id);
  }

  @Test
  @DisplayName("publishers that number VP8, RTX and Opus differently are offered under one table: each codec one number, no number two codecs")
  void oneTableForDifferentlyNumberedPublishers() throws Exception {
    publish("chrome", chrome());
    publish("firefox", firefox());
    publish("crossed", crossed());
    control.execute(new Command.CreateWebRtcTransport("room", "rx"));
    consume("v-chrome", "chrome/0");
    consume("a-chrome", "chrome/1");
    consume("v-firefox", "firefox/1");
    consume("a-firefox", "firefox/0");
    consume("v-crossed", "crossed/0");
    consume("a-crossed", "crossed/1");

    SessionDescription offer = offer();

    assertEquals(List.of(), PayloadTypes.collisions(offer), offer.toString());
    Map<String, List<String>> codecs = PayloadTypes.codecsByMid(offer);
    for (String mid : List.of("v-chrome", "v-firefox", "v-crossed")) {
      assertEquals(List.of("VP8/90000 96", "rtx 97 apt=96"), codecs.get(mid), mid);
      assertEquals(96, consumer(mid).payloadType(), "the consumer writes the table's number [" + mid + "]");
      assertEquals(97, consumer(mid).rtxPayloadType(), mid);
    }
    for (String mid : List.of("a-chrome", "a-firefox", "a-crossed")) {
      assertEquals(List.of("opus/48000 111"), codecs.get(mid), mid);
      assertEquals(111, consumer(mid).payloadType(), mid);
    }
    assertEquals("{96=VP8/90000, 97=rtx/90000 apt=96, 111=opus/48000/2 minptime=10;useinbandfec=1}",
        server.router("room").webRtcTransport("rx").payloadTypes().toString());
    // One fmtp per number in the whole BUNDLE (libwebrtc compares them): Chrome's, which came first.
    Set<String> opusFmtp = new HashSet<>();
    for (String mid : List.of("a-chrome", "a-firefox", "a-crossed")) {
      opusFmtp.addAll(section(offer, mid).attrs("fmtp"));
    }
    assertEquals(Set.of("111 minptime=10;useinbandfec=1"), opusFmtp);
  }

  @Test
  @DisplayName("re-offers keep every number; a number once used is not given to another codec, even after its consumer closed")
  void reOffersKeepNumbers() throws Exception {
    publish("firefox", firefox());
    publish("chrome", chrome());
    // H.264 only (VP8 left without an rtpmap), under the numbers Firefox gave VP8 and its RTX.
    publish("h264", PayloadTypes.renumber(chrome().replace("a=rtpmap:96 VP8/90000\r\n", ""), Map.of(103, 120, 104, 124)));
    assertEquals(120, server.router("room").producer("h264/0").payloadType(), "the fixture: H.264 at 120");
    control.execute(new Command.CreateWebRtcTransport("room", "rx"));
    consume("v-firefox", "firefox/1");
    consume("a-firefox", "firefox/0");
    SessionDescription first = offer();
    assertEquals(List.of("VP8/90000 120", "rtx 124 apt=120"), PayloadTypes.codecsByMid(first).get("v-firefox"),
        "the first publisher's numbers are free, so they are kept");
    SrtpReceiver answerer = new SrtpReceiver(server.udpPort());
    try {
      control.execute(new Command.ProcessAnswer("rx", answerer.answer(first.toString())));
    } finally {
      answerer.close();
    }

    consume("v-chrome", "chrome/0");
    consume("a-chrome", "chrome/1");
    SessionDescription second = offer();
    assertEquals(List.of(), PayloadTypes.collisions(second), second.toString());
    for (String mid : List.of("v-firefox", "a-firefox")) {
      assertEquals(section(first, mid).formats(), section(second, mid).formats(), mid);
      assertEquals(section(first, mid).attrs("rtpmap"), section(second, mid).attrs("rtpmap"), mid);
      assertEquals(section(first, mid).attrs("fmtp"), section(second, mid).attrs("fmtp"), mid);
    }
    assertEquals(List.of("VP8/90000 120", "rtx 124 apt=120"), PayloadTypes.codecsByMid(second).get("v-chrome"));
    assertEquals(List.of("opus/48000 109"), PayloadTypes.codecsByMid(second).get("a-chrome"));
    assertEquals(List.of("120 max-fs=12288;max-fr=60", "124 apt=120"), section(second, "v-chrome").attrs("fmtp"),
        "the fmtp first written for 120 is the one written for it in every m-section");

    control.execute(new Command.Close(Command.Kind.CONSUMER, "v-firefox"));
    control.execute(new Command.Close(Command.Kind.CONSUMER, "v-chrome"));
    control.execute(new Command.Close(Command.Kind.CONSUMER, "a-chrome"));
    consume("v-h264", "h264/0");
    SessionDescription third = offer();
    assertEquals(List.of(), PayloadTypes.collisions(third), third.toString());
    assertEquals(0, section(third, "v-firefox").port(), "a closed consumer's m-section stays, rejected");
    assertEquals("audio", section(third, "a-chrome").type(), "and keeps its media type");
    assertEquals(0, section(third, "a-chrome").port());
    List<String> h264 = PayloadTypes.codecsByMid(third).get("v-h264");
    assertEquals(List.of("H264/90000 96", "rtx 97 apt=96"), h264,
        "120 and 124 still mean VP8 and its RTX in this session: H.264 gets the lowest free numbers");
    PayloadTypeTable table = server.router("room").webRtcTransport("rx").payloadTypes();
    assertEquals("VP8/90000", table.entry(120).rtpmap());
    assertEquals("apt=120", table.entry(124).fmtp());
    assertEquals(96, consumer("v-h264").payloadType());
  }

  @Test
  @DisplayName("an answer that moves an offered codec to another number is refused and changes nothing")
  void renumberingAnswerIsRefused() throws Exception {
    publish("chrome", chrome());
    control.execute(new Command.CreateWebRtcTransport("room", "rx"));
    consume("v", "chrome/0");
    SessionDescription offer = offer();
    try (SrtpReceiver answerer = new SrtpReceiver(server.udpPort())) {
      String renumbered = PayloadTypes.renumber(answerer.answer(offer.toString()), Map.of(96, 97));
      MediaException e = assertThrows(MediaException.class,
          () -> control.execute(new Command.ProcessAnswer("rx", renumbered)));
      assertEquals(MediaException.Code.BAD_SDP, e.code(), e.getMessage());
      assertTrue(e.getMessage().contains("renumbers"), e.getMessage());
      assertEquals(96, consumer("v").payloadType());
      control.execute(new Command.ProcessAnswer("rx", answerer.answer(offer.toString())));
    }
  }

  /** One VP8 frame of one packet as libwebrtc sends it (picture id, TL0PICIDX, TID 0). */
  private static RtpPacket vp8(int pt, long ssrc, int seq, boolean keyframe) {
    byte[] descriptor = {(byte) 0x90, (byte) 0xE0, (byte) (0x80 | (seq >>> 8 & 0x7f)), (byte) seq, (byte) seq, 0};
    byte[] frame = keyframe ? new byte[] {0x10, 0x02, 0x00, (byte) 0x9d, 0x01, 0x2a, 64, 1, (byte) 240, 0}
        : new byte[] {0x01, 0x44, 0x55};
    byte[] payload = new byte[descriptor.length + frame.length];
    System.arraycopy(descriptor, 0, payload, 0, descriptor.length);
    System.arraycopy(frame, 0, payload, descriptor.length, frame.length);
    return RtpPacket.builder().payloadType(pt).ssrc(ssrc).sequenceNumber(seq).timestamp(3000L * seq).marker(true)
        .payload(payload).build();
  }

  private static RtpPacket opus(int pt, long ssrc, int seq) {
    return RtpPacket.builder().payloadType(pt).ssrc(ssrc).sequenceNumber(seq).timestamp(960L * seq)
        .payload(new byte[] {0x78, 0x01, 0x02, 0x03}).build();
  }

  private void receive(String producerId, RtpPacket p) {
    Producer producer = server.router("room").producer(producerId);
    server.withMediaLock(() -> producer.receive(new PacketInfo(p, clock.millis() * 1000)));
  }

  @Test
  @DisplayName("each consumer's forwarded packets and RTX answers carry the table's numbers, whatever its publisher used")
  void forwardedPacketsCarryTheTablesNumbers() throws Exception {
    publish("chrome", chrome());
    publish("crossed", crossed());
    Reply.TransportCreated rx = control.execute(new Command.CreateWebRtcTransport("room", "rx"));
    Reply.ConsumerCreated chromeVideo = control.execute(new Command.CreateConsumer("rx", "v-chrome", "chrome/0", "0"));
    Reply.ConsumerCreated crossedVideo = control.execute(new Command.CreateConsumer("rx", "v-crossed", "crossed/0", "1"));
    control.execute(new Command.CreateConsumer("rx", "a-chrome", "chrome/1", "2"));
    Reply.ConsumerCreated crossedAudio = control.execute(new Command.CreateConsumer("rx", "a-crossed", "crossed/1", "3"));
    SessionDescription offer = offer();
    assertEquals(List.of("VP8/90000 96", "rtx 97 apt=96"), PayloadTypes.codecsByMid(offer).get("1"));
    assertEquals(List.of("opus/48000 111"), PayloadTypes.codecsByMid(offer).get("3"));
    try (SrtpReceiver endpoint = new SrtpReceiver(server.udpPort())) {
      control.execute(new Command.ProcessAnswer("rx", endpoint.answer(offer.toString())));
      endpoint.connect(rx.iceUfrag(), rx.icePassword(), rx.dtlsFingerprint());
      WebRtcTransport t = server.router("room").webRtcTransport("rx");
      long until = System.nanoTime() + 10_000_000_000L;
      while (!t.isConnected() && System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      assertTrue(t.isConnected(), "the SFU's side of DTLS is done");

      // Chrome sends VP8 under 96, the crossed publisher under 97 (its RTX is 96) and Opus under 109.
      receive("chrome/0", vp8(96, 1929728518L, 1000, true));
      receive("crossed/0", vp8(97, 1929728518L, 2000, true));
      receive("crossed/0", vp8(97, 1929728518L, 2001, false));
      receive("crossed/1", opus(109, 2908939125L, 3000));
      List<RtpPacket> out = endpoint.next(4);
      assertEquals(4, out.size(), "forwarded: " + out);
      List<String> seen = new ArrayList<>();
      for (RtpPacket p : out) {
        String who = p.ssrc() == chromeVideo.ssrc() ? "v-chrome" : p.ssrc() == crossedVideo.ssrc() ? "v-crossed"
            : p.ssrc() == crossedAudio.ssrc() ? "a-crossed" : "ssrc " + p.ssrc();
        seen.add(who + " " + p.payloadType());
      }
      seen.sort(null);
      assertEquals(List.of("a-crossed 111", "v-chrome 96", "v-crossed 96", "v-crossed 96"), seen);

      // The receiver lost the crossed publisher's second packet: RTX under the table's 97, apt 96.
      RtpPacket lost = out.stream().filter(p -> p.ssrc() == crossedVideo.ssrc()).reduce((a, b) -> b).orElseThrow();
      endpoint.sendRtcp(new RtcpPacket.Nack(1, crossedVideo.ssrc(), List.of(lost.sequenceNumber())));
      RtpPacket rtx = endpoint.next();
      assertNotNull(rtx, "an RTX answer");
      assertEquals(crossedVideo.rtxSsrc(), rtx.ssrc());
      assertEquals(97, rtx.payloadType());
      byte[] payload = rtx.payload();
      assertEquals(lost.sequenceNumber(), ((payload[0] & 0xff) << 8) | (payload[1] & 0xff), "OSN");
    }
  }

  /** {@code send} (mids 0, 1 sendonly) with {@code receive}'s m-sections appended as mids 2 and 3. */
  private static String sendAndReceive(String send, String receive) {
    String recvMedia = receive.substring(receive.indexOf("m=video"))
        .replace("a=mid:0\r\n", "a=mid:2\r\n").replace("a=mid:1\r\n", "a=mid:3\r\n");
    return send.replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1 2 3") + recvMedia;
  }

  @Test
  @DisplayName("when the endpoint offers, its numbers win: its send and receive m-sections share one numbering, and the answer keeps it")
  void endpointOfferNumbersWin() throws Exception {
    publish("firefox", firefox());
    control.execute(new Command.CreateWebRtcTransport("room", "both"));
    control.execute(new Command.CreateConsumer("both", "v-firefox", "firefox/1", "2"));
    control.execute(new Command.CreateConsumer("both", "a-firefox", "firefox/0", "3"));
    String offer = sendAndReceive(chrome(), resource("libwebrtc-subscriber-offer.sdp"));
    SessionDescription answer = SessionDescription.parse(
        control.execute(new Command.ProcessOffer("both", offer)).answerSdp());
    assertEquals(List.of(), PayloadTypes.collisions(answer), answer.toString());
    Map<String, List<String>> codecs = PayloadTypes.codecsByMid(answer);
    assertEquals(List.of("VP8/90000 96", "rtx 97 apt=96"), codecs.get("0"));
    assertEquals(List.of("VP8/90000 96", "rtx 97 apt=96"), codecs.get("2"), "Firefox's VP8 under the endpoint's 96");
    assertEquals(List.of("opus/48000 111"), codecs.get("3"));
    assertEquals(96, consumer("v-firefox").payloadType());
    assertEquals(97, consumer("v-firefox").rtxPayloadType());
    assertEquals(111, consumer("a-firefox").payloadType());
    PayloadTypeTable table = server.router("room").webRtcTransport("both").payloadTypes();
    assertEquals("VP8/90000", table.entry(96).rtpmap(), "a later SFU offer would keep the endpoint's numbers");
    assertEquals("opus/48000/2", table.entry(111).rtpmap());
  }

  @Test
  @DisplayName("an endpoint offer that gives one number two meanings across its BUNDLE is refused and changes nothing")
  void collidingEndpointOfferIsRefused() throws Exception {
    publish("firefox", firefox());
    control.execute(new Command.CreateWebRtcTransport("room", "both"));
    control.execute(new Command.CreateConsumer("both", "v-firefox", "firefox/1", "2"));
    // The receive m-sections number VP8 103 and H.264 96: its RTX 97 says apt=103 there, apt=96 in mid 0.
    String receive = PayloadTypes.renumber(resource("libwebrtc-subscriber-offer.sdp"), Map.of(96, 103));
    MediaException e = assertThrows(MediaException.class,
        () -> control.execute(new Command.ProcessOffer("both", sendAndReceive(chrome(), receive))));
    assertEquals(MediaException.Code.BAD_SDP, e.code());
    assertTrue(e.getMessage().contains("pt:97"), e.getMessage());
    assertTrue(server.router("room").webRtcTransport("both").producers().isEmpty(), "no producer made");
  }
}
