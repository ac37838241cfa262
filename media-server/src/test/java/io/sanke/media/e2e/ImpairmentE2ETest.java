package io.sanke.media.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sanke.media.api.Command;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A subscriber behind a UDP relay that loses packets; real libwebrtc peers in the namespace. */
@Tag("netns")
class ImpairmentE2ETest {

  @Test
  @DisplayName("a consumer leg losing every 12th packet is repaired with RTX from the SFU's cache")
  void lossyLegIsRepairedWithRtx() throws Exception {
    try (Sfu sfu = new Sfu();
        WebRtcPeer pub = WebRtcPeer.publisher(320, 240);
        WebRtcPeer sub = WebRtcPeer.subscriber(1, 1);
        UdpRelay relay = new UdpRelay(InetAddress.getByName("198.18.0.2"),
            new InetSocketAddress("198.18.0.1", sfu.server.udpPort()))) {
      Sfu.Published p = sfu.publish("pub", pub);
      relay.dropToPeer(UdpRelay.everyNthRtp(12));
      sfu.subscribe("sub", sub, p, answer -> relay.viaRelay(answer, "198.18.0.2"));
      String mid = sub.mids().get(0);
      Await.until(Duration.ofSeconds(20),
          () -> sub.frames(mid) >= 90 && sfu.counter(Command.Kind.CONSUMER, "sub-video", "rtx.sent") > 0,
          () -> "frames " + sub.frames(mid) + " dropped by relay " + relay.dropped() + " consumer "
              + sfu.stats(Command.Kind.CONSUMER, "sub-video"));
      assertTrue(relay.dropped() > 0);
      assertTrue(sfu.counter(Command.Kind.CONSUMER, "sub-video", "nack.received") > 0);
      assertTrue(sfu.counter(Command.Kind.CONSUMER, "sub-video", "retransmission.hits") > 0);
      assertTrue(sub.rtpStatOrMinusOne("inbound-rtp", "video", "nackCount") > 0, "the subscriber asked with NACKs");
      WebRtcPeer.Decoded last = sub.decoded().get(sub.decoded().size() - 1);
      assertEquals(320, last.width());
    }
  }

  @Test
  @DisplayName("the SFU's own losses from the publisher are asked for again with NACK and repaired by the publisher's RTX")
  void upstreamLossIsRepaired() throws Exception {
    try (Sfu sfu = new Sfu();
        WebRtcPeer pub = WebRtcPeer.publisher(320, 240);
        WebRtcPeer sub = WebRtcPeer.subscriber(1, 1);
        UdpRelay relay = new UdpRelay(InetAddress.getByName("198.18.0.2"),
            new InetSocketAddress("198.18.0.1", sfu.server.udpPort()))) {
      sfu.control.execute(new Command.CreateWebRtcTransport("room", "pub"));
      var answer = sfu.control.execute(new Command.ProcessOffer("pub", pub.createOffer()));
      pub.setAnswer(relay.viaRelay(answer.answerSdp(), "198.18.0.2"));
      relay.dropToServer(UdpRelay.everyNthRtp(15));
      Sfu.Published p = new Sfu.Published("pub/0", "pub/1");
      sfu.subscribe("sub", sub, p);
      String mid = sub.mids().get(0);
      Await.until(Duration.ofSeconds(20),
          () -> sub.frames(mid) >= 90 && sfu.transportCounters("pub").getOrDefault("nack.recovered", 0L) > 0,
          () -> "frames " + sub.frames(mid) + " pub " + sfu.transportCounters("pub"));
      Map<String, Long> c = sfu.transportCounters("pub");
      assertTrue(c.get("nack.sent") > 0, c.toString());
      assertTrue(relay.dropped() > 0);
      assertTrue(c.get("nack.recovered") > 0, "lost packets arrived later, as RTX unwrapped: " + c);
      assertEquals(320, sub.decoded().get(sub.decoded().size() - 1).width());
    }
  }

  @Test
  @DisplayName("after a blackout the subscriber's PLI reaches the publisher and a keyframe brings the picture back")
  void subscriberPliYieldsKeyframe() throws Exception {
    try (Sfu sfu = new Sfu();
        WebRtcPeer pub = WebRtcPeer.publisher(320, 240);
        WebRtcPeer sub = WebRtcPeer.subscriber(1, 1);
        UdpRelay relay = new UdpRelay(InetAddress.getByName("198.18.0.2"),
            new InetSocketAddress("198.18.0.1", sfu.server.udpPort()))) {
      Sfu.Published p = sfu.publish("pub", pub);
      sfu.subscribe("sub", sub, p, answer -> relay.viaRelay(answer, "198.18.0.2"));
      String mid = sub.mids().get(0);
      Await.until(Duration.ofSeconds(20), () -> sub.frames(mid) >= 30, () -> "frames " + sub.frames(mid));
      long keyframesBefore = pub.rtpStatOrMinusOne("outbound-rtp", "video", "keyFramesEncoded");
      long plisAtSfuBefore = sfu.transportCounters("sub").getOrDefault("rtcp.in.pli", 0L);
      // Black out all media to the subscriber for longer than the retransmission cache keeps packets.
      relay.dropToPeer(UdpRelay::isRtp);
      long until = System.nanoTime() + Duration.ofMillis(2500).toNanos();
      while (System.nanoTime() < until) {
        Thread.sleep(50);
      }
      int framesAfterBlackout = sub.frames(mid);
      relay.dropToPeer(b -> false);
      Await.until(Duration.ofSeconds(15),
          () -> sfu.transportCounters("sub").getOrDefault("rtcp.in.pli", 0L) > plisAtSfuBefore
              && sub.frames(mid) > framesAfterBlackout + 30,
          () -> "PLIs at SFU " + sfu.transportCounters("sub").getOrDefault("rtcp.in.pli", 0L) + " frames "
              + sub.frames(mid) + " sub pliCount " + sub.rtpStatOrMinusOne("inbound-rtp", "video", "pliCount"));
      assertTrue(sub.rtpStatOrMinusOne("inbound-rtp", "video", "pliCount") > 0, "the subscriber sent a PLI");
      assertTrue(sfu.transportCounters("pub").getOrDefault("keyframe.request.sent", 0L) > 0,
          "the SFU asked the publisher");
      Await.until(Duration.ofSeconds(5),
          () -> pub.rtpStatOrMinusOne("outbound-rtp", "video", "keyFramesEncoded") > keyframesBefore,
          () -> "publisher keyframes " + pub.rtpStatOrMinusOne("outbound-rtp", "video", "keyFramesEncoded")
              + " before " + keyframesBefore);
    }
  }
}
