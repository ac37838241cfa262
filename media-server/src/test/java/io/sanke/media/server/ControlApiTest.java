package io.sanke.media.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import io.sanke.media.api.Command;
import io.sanke.media.api.MediaException;
import io.sanke.media.api.Reply;
import io.sanke.media.sdp.MediaSection;
import io.sanke.media.sdp.SessionDescription;
import io.sanke.media.transport.StunTestMessages;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The object model through the control API, on a real node bound to 127.0.0.1, without peers. */
class ControlApiTest {
  static final class ManualClock extends Clock {
    private volatile Instant now = Instant.parse("2026-11-21T08:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final ManualClock clock = new ManualClock();
  private MediaServer server;
  private InProcessControl control;

  @BeforeEach
  void start() throws Exception {
    server = MediaServer.start(MediaConfig.withOverrides("sanke.media { ice { bind-address = \"127.0.0.1\", "
        + "udp-port = 0, tcp-port = 0, advertised-addresses = [\"127.0.0.1\"] }, load.max-consumers = 4 }"), clock);
    control = new InProcessControl(server);
    control.execute(new Command.CreateRouter("room"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static String resource(String name) throws IOException {
    try (InputStream in = ControlApiTest.class.getResourceAsStream("/sdp/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private Reply.Answer publish(String transportId) throws Exception {
    control.execute(new Command.CreateWebRtcTransport("room", transportId));
    return control.execute(new Command.ProcessOffer(transportId, resource("libwebrtc-publisher-offer.sdp")));
  }

  @Test
  @DisplayName("answers a libwebrtc offer with ICE-lite, BUNDLE, rtcp-mux, passive DTLS and a producer per sent track")
  void answersPublisherOffer() throws Exception {
    Reply.TransportCreated t = control.execute(new Command.CreateWebRtcTransport("room", "pub"));
    assertTrue(t.iceLite());
    assertEquals(List.of("udp", "tcp"), t.candidates().stream().map(Reply.Candidate::protocol).toList());
    Reply.Answer a = control.execute(new Command.ProcessOffer("pub", resource("libwebrtc-publisher-offer.sdp")));
    SessionDescription answer = SessionDescription.parse(a.answerSdp());
    assertEquals("", answer.attr("ice-lite"));
    assertEquals("BUNDLE 0 1", answer.attr("group"));
    MediaSection video = answer.media().get(0);
    assertEquals("recvonly", video.direction());
    assertEquals("passive", video.attr("setup"));
    assertEquals(t.iceUfrag(), video.attr("ice-ufrag"));
    assertEquals(t.dtlsFingerprint(), video.attr("fingerprint"));
    assertEquals(List.of("96", "97"), video.formats());
    assertTrue(video.has("rtcp-mux"));
    assertTrue(video.attrs("candidate").get(0).contains("127.0.0.1 " + server.udpPort() + " typ host"));
    assertTrue(video.attrs("candidate").get(1).contains("tcptype passive"));
    assertEquals(java.util.Set.of(2, 4, 9, 10, 11), video.extmaps().keySet(),
        "abs-send-time, transport-cc, mid, rid and repaired-rid are accepted; the rest is not");
    assertEquals(List.of("111"), answer.media().get(1).formats());
    assertEquals(List.of("pub/0", "pub/1"), a.producers().stream().map(Reply.ProducerInfo::producerId).toList());
  }

  @Test
  @DisplayName("a simulcast offer makes one producer with three layers and is answered with simulcast recv")
  void answersSimulcastOffer() throws Exception {
    control.execute(new Command.CreateWebRtcTransport("room", "pub"));
    String offer = resource("libwebrtc-publisher-offer.sdp").replace("a=ssrc-group:FID",
        "a=rid:0 send\r\na=rid:1 send\r\na=rid:2 send\r\na=simulcast:send 0;1;2\r\na=x-ssrc-group:FID");
    Reply.Answer a = control.execute(new Command.ProcessOffer("pub", offer));
    assertEquals(List.of("0", "1", "2"), a.producers().get(0).rids());
    MediaSection video = SessionDescription.parse(a.answerSdp()).media().get(0);
    assertEquals("recv 0;1;2", video.attr("simulcast"));
    assertEquals(3, server.router("room").producer("pub/0").layerCount());
  }

  @Test
  @DisplayName("a subscriber's recvonly m-sections are answered sendonly with the consumers' SSRCs and its payload types")
  void answersSubscriberOffer() throws Exception {
    publish("pub");
    control.execute(new Command.CreateWebRtcTransport("room", "sub"));
    Reply.ConsumerCreated v = control.execute(new Command.CreateConsumer("sub", "c-v", "pub/0", "0"));
    control.execute(new Command.CreateConsumer("sub", "c-a", "pub/1", "1"));
    Reply.Answer a = control.execute(new Command.ProcessOffer("sub", resource("libwebrtc-subscriber-offer.sdp")));
    MediaSection video = SessionDescription.parse(a.answerSdp()).media().get(0);
    assertEquals("sendonly", video.direction());
    assertTrue(video.attrs("ssrc").contains(v.ssrc() + " cname:sanke-pub"));
    assertEquals("FID " + v.ssrc() + " " + v.rtxSsrc(), video.attr("ssrc-group"));
    assertEquals("VP8", video.codecs().get(0).name());
    assertTrue(a.producers().isEmpty());
  }

  @Test
  @DisplayName("a subscriber numbering the extensions otherwise gets them under its own ids, without mid and rid")
  void subscriberExtensionIdsAreRemapped() throws Exception {
    publish("pub");
    control.execute(new Command.CreateWebRtcTransport("room", "sub"));
    control.execute(new Command.CreateConsumer("sub", "c-v", "pub/0", "0"));
    control.execute(new Command.CreateConsumer("sub", "c-a", "pub/1", "1"));
    String offer = resource("libwebrtc-subscriber-offer.sdp")
        .replace("a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
            "a=extmap:12 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time")
        .replace("a=extmap:4 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
            "a=extmap:13 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01");
    Reply.Answer a = control.execute(new Command.ProcessOffer("sub", offer));
    MediaSection video = SessionDescription.parse(a.answerSdp()).media().get(0);
    assertEquals(java.util.Map.of(12, "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
        13, "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"), video.extmaps());
    // The publisher (libwebrtc-publisher-offer.sdp) numbered abs-send-time 2, transport-cc 4 and
    // audio-level 14; ids are per transport (BUNDLE), so the video consumer's table has all three.
    Consumer consumer = server.router("room").webRtcTransport("sub").consumer("c-v");
    assertEquals(java.util.Map.of(2, 12, 4, 13, 14, 14), consumer.extensionMapping());
    assertEquals(12, consumer.absSendTimeId(), "abs-send-time is stamped under the receiver's id");
  }

  @Test
  @DisplayName("a temporal preference reaches the VP8 consumer's filter, and stats report the layers it forwards")
  void temporalPreference() throws Exception {
    publish("pub");
    control.execute(new Command.CreateWebRtcTransport("room", "sub"));
    control.execute(new Command.CreateConsumer("sub", "c-v", "pub/0", "0"));
    control.execute(new Command.CreateConsumer("sub", "c-a", "pub/1", "1"));
    control.execute(new Command.SetPreferredLayers("c-v", 2, 1));
    Reply.Stats video = control.execute(new Command.GetStats(Command.Kind.CONSUMER, "c-v"));
    assertEquals(1L, video.counters().get("temporal.target"));
    assertEquals(-1, video.currentSpatialLayer(), "nothing forwarded yet");
    assertEquals(-1, video.currentTemporalLayer());
    control.execute(new Command.SetPreferredLayers("c-v", 2, 7));
    assertEquals(3L, control.execute(new Command.GetStats(Command.Kind.CONSUMER, "c-v")).counters()
        .get("temporal.target"), "above the highest layer means the highest");
    Reply.Stats audio = control.execute(new Command.GetStats(Command.Kind.CONSUMER, "c-a"));
    assertEquals(0, audio.currentTemporalLayer(), "audio has one layer");
    assertNull(audio.counters().get("temporal.target"));
  }

  @Test
  @DisplayName("the SFU's offer to a receiver has a sendonly m-section per consumer mid, the producer's extension ids when free, and actpass")
  void sfuOffer() throws Exception {
    publish("pub");
    control.execute(new Command.CreateWebRtcTransport("room", "rx"));
    assertCode(MediaException.Code.BAD_REQUEST, new Command.CreateOffer("rx"));
    assertCode(MediaException.Code.BAD_REQUEST, new Command.ProcessAnswer("rx", resource("libwebrtc-subscriber-offer.sdp")));
    Reply.ConsumerCreated v = control.execute(new Command.CreateConsumer("rx", "v", "pub/0", "v0"));
    control.execute(new Command.CreateConsumer("rx", "a", "pub/1", "a0"));
    SessionDescription offer = SessionDescription.parse(control.execute(new Command.CreateOffer("rx")).offerSdp());
    assertEquals("BUNDLE v0 a0", offer.attr("group"));
    MediaSection video = offer.media().get(0);
    assertEquals("sendonly", video.direction());
    assertEquals("actpass", video.attr("setup"));
    assertEquals(List.of("96", "97"), video.formats());
    assertTrue(video.attrs("ssrc").contains(v.ssrc() + " cname:sanke-pub"));
    assertEquals("http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01", video.extmaps().get(4));
    String actpass = offer.toString().replace("a=setup:actpass", "a=setup:actpass");
    assertCode(MediaException.Code.BAD_SDP, new Command.ProcessAnswer("rx", actpass));
  }

  @Test
  @DisplayName("bad commands are refused with their code and change nothing")
  void badCommandsChangeNothing() throws Exception {
    assertCode(MediaException.Code.ALREADY_EXISTS, new Command.CreateRouter("room"));
    assertCode(MediaException.Code.BAD_REQUEST, new Command.CreateRouter(" "));
    assertCode(MediaException.Code.NOT_FOUND, new Command.CreateWebRtcTransport("nowhere", "t"));
    control.execute(new Command.CreateWebRtcTransport("room", "pub"));
    assertCode(MediaException.Code.ALREADY_EXISTS, new Command.CreateWebRtcTransport("room", "pub"));
    assertCode(MediaException.Code.BAD_SDP, new Command.ProcessOffer("pub", "hello"));
    String noFingerprint = resource("libwebrtc-publisher-offer.sdp").replaceAll("a=fingerprint:[^\r\n]*\r\n", "");
    assertCode(MediaException.Code.BAD_SDP, new Command.ProcessOffer("pub", noFingerprint));
    String noMux = resource("libwebrtc-publisher-offer.sdp").replace("a=rtcp-mux\r\n", "");
    assertCode(MediaException.Code.BAD_SDP, new Command.ProcessOffer("pub", noMux));
    assertTrue(server.router("room").producers().isEmpty(), "a refused offer creates no producer");
    control.execute(new Command.ProcessOffer("pub", resource("libwebrtc-publisher-offer.sdp")));
    control.execute(new Command.CreateWebRtcTransport("room", "sub"));
    assertCode(MediaException.Code.NOT_FOUND, new Command.CreateConsumer("sub", "c", "pub/9", "0"));
    assertCode(MediaException.Code.BAD_REQUEST, new Command.CreateConsumer("sub", "c", "pub/0", null));
    control.execute(new Command.CreateConsumer("sub", "c", "pub/0", "0"));
    assertCode(MediaException.Code.ALREADY_EXISTS, new Command.CreateConsumer("sub", "c", "pub/0", "1"));
    assertCode(MediaException.Code.ALREADY_EXISTS, new Command.CreateConsumer("sub", "c2", "pub/1", "0"));
    assertCode(MediaException.Code.BAD_REQUEST, new Command.SetPreferredLayers("c", -1, 0));
    assertCode(MediaException.Code.NOT_FOUND, new Command.SetPaused("nobody", true));
    assertCode(MediaException.Code.NOT_FOUND, new Command.SetPriority("nobody", 1));
    control.execute(new Command.SetPriority("c", 5));
    assertEquals(5, server.router("room").consumer("c").priority());
    assertCode(MediaException.Code.BAD_REQUEST, new Command.CreatePlainRtpTransport("room", "rec", "127.0.0.1", 5001));
    assertCode(MediaException.Code.BAD_REQUEST, new Command.CreatePlainRtpTransport("room", "rec", "no such host.", 5000));
    assertCode(MediaException.Code.NOT_FOUND, new Command.GetStats(Command.Kind.CONSUMER, "nobody"));
    assertEquals(1, server.router("room").consumers().size());
    assertEquals(2, server.router("room").webRtcTransports().size());
    assertNull(server.router("room").plainTransport("rec"));
  }

  private void assertCode(MediaException.Code code, Command<?> c) {
    MediaException e = assertThrows(MediaException.class, () -> control.execute(c));
    assertEquals(code, e.code(), e.getMessage());
  }

  @Test
  @DisplayName("closing a router closes transports, producers and consumers in cascade and tells listeners")
  void closesInCascade() throws Exception {
    publish("pub");
    control.execute(new Command.CreateWebRtcTransport("room", "sub"));
    control.execute(new Command.CreateConsumer("sub", "c", "pub/0", "0"));
    control.execute(new Command.CreatePlainRtpTransport("room", "rec", "127.0.0.1", 40000));
    control.execute(new Command.CreateConsumer("rec", "r", "pub/0", null));
    Router router = server.router("room");
    List<String> closed = new ArrayList<>();
    Consumer c = router.consumer("c");
    Producer p = router.producer("pub/0");
    WebRtcTransport sub = router.webRtcTransport("sub");
    c.onClose(() -> closed.add("consumer c"));
    router.consumer("r").onClose(() -> closed.add("consumer r"));
    p.onClose(() -> closed.add("producer"));
    sub.onClose(() -> closed.add("transport sub"));
    router.onClose(() -> closed.add("router"));

    control.execute(new Command.Close(Command.Kind.PRODUCER, "pub/0"));
    assertTrue(closed.containsAll(List.of("producer", "consumer c", "consumer r")), closed.toString());
    assertTrue(router.consumers().isEmpty());
    assertFalse(sub.isClosed(), "the consumer's transport stays");

    control.execute(new Command.Close(Command.Kind.ROUTER, "room"));
    assertTrue(closed.containsAll(List.of("transport sub", "router")), closed.toString());
    assertNull(server.router("room"));
    Reply.Load load = control.execute(new Command.GetLoad());
    assertEquals(0, load.routers());
    assertEquals(0, load.transports());
    assertEquals(0.0, load.stress());
  }

  @Test
  @DisplayName("a closed transport's ICE credentials no longer answer on the shared port")
  void closedTransportStopsAnswering() throws Exception {
    Reply.TransportCreated t = control.execute(new Command.CreateWebRtcTransport("room", "pub"));
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      s.setSoTimeout(5000);
      InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.udpPort());
      byte[] check = StunTestMessages.bindingRequest(t.iceUfrag() + ":x", t.icePassword(), true);
      s.send(new DatagramPacket(check, check.length, to));
      DatagramPacket resp = new DatagramPacket(new byte[1500], 1500);
      s.receive(resp);
      assertEquals(0x0101, ((resp.getData()[0] & 0xff) << 8) | (resp.getData()[1] & 0xff));
      control.execute(new Command.Close(Command.Kind.TRANSPORT, "pub"));
      long before = server.mux().counters().get("drop.stun.ufrag");
      s.send(new DatagramPacket(check, check.length, to));
      long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (server.mux().counters().get("drop.stun.ufrag") == before && System.nanoTime() < end) {
        Thread.onSpinWait();
      }
      assertEquals(before + 1, server.mux().counters().get("drop.stun.ufrag"));
    }
  }

  @Test
  @DisplayName("a transport with no ICE consent for longer than the timeout is closed (injected clock)")
  void consentTimeoutClosesTransport() throws Exception {
    control.execute(new Command.CreateWebRtcTransport("room", "pub"));
    clock.advance(Duration.ofSeconds(29));
    server.checkConsent();
    assertTrue(server.router("room").webRtcTransport("pub") != null);
    clock.advance(Duration.ofSeconds(2));
    server.checkConsent();
    assertNull(server.router("room").webRtcTransport("pub"));
  }

  @Test
  @DisplayName("the load report counts objects and reports stress as the larger share of capacity")
  void loadReport() throws Exception {
    publish("pub");
    control.execute(new Command.CreateWebRtcTransport("room", "sub"));
    control.execute(new Command.CreateConsumer("sub", "c1", "pub/0", "0"));
    control.execute(new Command.CreateConsumer("sub", "c2", "pub/1", "1"));
    Reply.Load load = control.execute(new Command.GetLoad());
    assertEquals(2, load.transports());
    assertEquals(2, load.producers());
    assertEquals(2, load.consumers());
    assertEquals(0.5, load.stress(), 1e-9);
    assertEquals("media-1", load.nodeId());
  }

  @Test
  @DisplayName("behind a 1:1 NAT the advertised IPv4 and IPv6 addresses are the candidates, UDP and passive TCP")
  void advertisedAddressesBecomeCandidates() throws Exception {
    try (MediaServer nat = MediaServer.start(MediaConfig.withOverrides("sanke.media.ice { bind-address = \"127.0.0.1\","
        + " udp-port = 0, tcp-port = 0, advertised-addresses = [\"203.0.113.7\", \"2001:db8::7\"] }"), clock)) {
      List<Reply.Candidate> c = nat.candidates();
      assertEquals(4, c.size());
      assertEquals("203.0.113.7", c.get(0).address());
      assertEquals(nat.udpPort(), c.get(0).port());
      assertEquals("passive", c.get(1).tcpType());
      assertEquals(nat.tcpPort(), c.get(1).port());
      assertTrue(c.get(2).address().startsWith("2001:db8:"), c.get(2).address());
      assertTrue(c.get(0).priority() > c.get(1).priority(), "UDP before TCP");
      assertTrue(c.get(0).sdp().endsWith("203.0.113.7 " + nat.udpPort() + " typ host"));
    }
  }

  @Test
  @DisplayName("a bad configuration value stops the start with the key named")
  void badConfigIsRefused() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> MediaConfig.withOverrides("sanke.media.ice.udp-port = 70000"));
    assertTrue(e.getMessage().contains("sanke.media.ice.udp-port"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> MediaConfig.withOverrides("sanke.media.load.capacity = fast"));
    assertTrue(e.getMessage().contains("sanke.media.load.capacity"), e.getMessage());
    e = assertThrows(ConfigException.class,
        () -> MediaConfig.withOverrides("sanke.media.dtls.srtp-profiles = [NULL_CIPHER]"));
    assertTrue(e.getMessage().contains("srtp-profiles"), e.getMessage());
    assertEquals(500_000_000L, MediaConfig.load().capacityBps());
    assertEquals(Duration.ofSeconds(30), MediaConfig.load().consentTimeout());
  }
}
