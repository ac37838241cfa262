package io.sanke.media.e2e;

import static io.sanke.media.e2e.WebRtcPeer.audioPackets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sanke.media.api.Command;
import io.sanke.media.api.Reply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Real libwebrtc peers through the SFU, inside a private network namespace (surefire
 * forks this JVM through scripts/netns-java).
 */
@Tag("netns")
class ForwardingE2ETest extends SfuRoomTest {
  /** Subscribes {@code sub} to the publisher's video and audio, returns the subscriber's video mid. */
  private String subscribe(String transportId, WebRtcPeer sub, String videoProducer, String audioProducer)
      throws Exception {
    control.execute(new Command.CreateWebRtcTransport("room", transportId));
    String offer = sub.createOffer();
    List<String> mids = sub.mids();
    control.execute(new Command.CreateConsumer(transportId, transportId + "-video", videoProducer, mids.get(0)));
    control.execute(new Command.CreateConsumer(transportId, transportId + "-audio", audioProducer, mids.get(1)));
    Reply.Answer answer = control.execute(new Command.ProcessOffer(transportId, offer));
    sub.setAnswer(answer.answerSdp());
    return mids.get(0);
  }

  @Test
  @DisplayName("one publisher's VP8 and Opus reach two subscribers that decode frames of the right size")
  void publisherReachesTwoSubscribers() throws Exception {
    try (WebRtcPeer pub = WebRtcPeer.publisher(320, 240);
        WebRtcPeer sub1 = WebRtcPeer.subscriber(1, 1);
        WebRtcPeer sub2 = WebRtcPeer.subscriber(1, 1)) {
      control.execute(new Command.CreateWebRtcTransport("room", "pub"));
      Reply.Answer answer = control.execute(new Command.ProcessOffer("pub", pub.createOffer()));
      pub.setAnswer(answer.answerSdp());
      assertEquals(2, answer.producers().size());
      String video = answer.producers().stream().filter(p -> p.kind().equals("video")).findFirst().orElseThrow().producerId();
      String audio = answer.producers().stream().filter(p -> p.kind().equals("audio")).findFirst().orElseThrow().producerId();

      String mid1 = subscribe("sub1", sub1, video, audio);
      String mid2 = subscribe("sub2", sub2, video, audio);

      Await.until(Duration.ofSeconds(20), () -> sub1.frames(mid1) >= 30 && sub2.frames(mid2) >= 30,
          () -> "frames sub1=" + sub1.frames(mid1) + " sub2=" + sub2.frames(mid2) + " pub=" + pub.state()
              + " counters=" + server.router("room").webRtcTransport("pub").counters().snapshot()
              + " sub1=" + server.router("room").webRtcTransport("sub1").counters().snapshot());
      for (WebRtcPeer sub : List.of(sub1, sub2)) {
        WebRtcPeer.Decoded last = sub.decoded().get(sub.decoded().size() - 1);
        assertEquals(320, last.width());
        assertEquals(240, last.height());
      }
      Await.until(Duration.ofSeconds(10), () -> audioPackets(sub1) > 50 && audioPackets(sub2) > 50,
          () -> "audio packets sub1=" + audioPackets(sub1) + " sub2=" + audioPackets(sub2));
      Await.until(Duration.ofSeconds(10), () -> audio.equals(server.router("room").dominantSpeaker()),
          () -> "dominant speaker " + server.router("room").dominantSpeaker());
      Reply.Stats consumerStats = control.execute(new Command.GetStats(Command.Kind.CONSUMER, "sub1-video"));
      assertTrue(consumerStats.counters().get("packets.out") > 0);
      Reply.Load load = control.execute(new Command.GetLoad());
      assertEquals(3, load.transports());
      assertEquals(4, load.consumers());
    }
  }

  @Test
  @DisplayName("the SFU can offer: a receive-only endpoint answers and decodes video and audio")
  void sfuOffersToReceiver() throws Exception {
    try (WebRtcPeer pub = WebRtcPeer.publisher(320, 240); WebRtcPeer rx = WebRtcPeer.receiver()) {
      control.execute(new Command.CreateWebRtcTransport("room", "pub"));
      Reply.Answer answer = control.execute(new Command.ProcessOffer("pub", pub.createOffer()));
      pub.setAnswer(answer.answerSdp());
      control.execute(new Command.CreateWebRtcTransport("room", "rx"));
      control.execute(new Command.CreateConsumer("rx", "rx-video", "pub/0", "v0"));
      control.execute(new Command.CreateConsumer("rx", "rx-audio", "pub/1", "a0"));
      Reply.Offer offer = control.execute(new Command.CreateOffer("rx"));
      control.execute(new Command.ProcessAnswer("rx", rx.answer(offer.offerSdp())));
      Await.until(Duration.ofSeconds(20), () -> rx.frames("v0") >= 30,
          () -> "frames " + rx.frames("v0") + " rx " + server.router("room").webRtcTransport("rx").counters().snapshot());
      assertEquals(320, rx.decoded().get(rx.decoded().size() - 1).width());
      Await.until(Duration.ofSeconds(10), () -> audioPackets(rx) > 50, () -> "audio packets " + audioPackets(rx));
    }
  }


}
