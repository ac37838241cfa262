package io.sanke.media.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sanke.media.api.Command;
import io.sanke.media.api.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Simulcast by rid through the SFU with real libwebrtc peers, in the network namespace. */
@Tag("netns")
class SimulcastE2ETest extends SfuRoomTest {
  private static int lastWidth(WebRtcPeer sub) {
    List<WebRtcPeer.Decoded> d = sub.decoded();
    return d.isEmpty() ? -1 : d.get(d.size() - 1).width();
  }

  @Test
  @DisplayName("a preference change switches the decoded resolution within 2 s without a keyframe request from the subscriber")
  void preferenceChangeSwitchesResolution() throws Exception {
    try (WebRtcPeer pub = WebRtcPeer.publisher(960, 540, 3, 10); WebRtcPeer sub = WebRtcPeer.subscriber(1, 1)) {
      control.execute(new Command.CreateWebRtcTransport("room", "pub"));
      Reply.Answer answer = control.execute(new Command.ProcessOffer("pub", pub.createOffer()));
      pub.setAnswer(answer.answerSdp());
      Reply.ProducerInfo video = answer.producers().stream().filter(p -> p.kind().equals("video")).findFirst()
          .orElseThrow();
      assertEquals(List.of("0", "1", "2"), video.rids());
      Reply.ProducerInfo audio = answer.producers().stream().filter(p -> p.kind().equals("audio")).findFirst()
          .orElseThrow();

      control.execute(new Command.CreateWebRtcTransport("room", "sub"));
      String offer = sub.createOffer();
      List<String> mids = sub.mids();
      control.execute(new Command.CreateConsumer("sub", "sub-video", video.producerId(), mids.get(0)));
      control.execute(new Command.CreateConsumer("sub", "sub-audio", audio.producerId(), mids.get(1)));
      sub.setAnswer(control.execute(new Command.ProcessOffer("sub", offer)).answerSdp());

      // The publisher's estimate grows from our transport-cc feedback until it sends a layer above the lowest.
      Await.until(Duration.ofSeconds(45), () -> lastWidth(sub) >= 480,
          () -> "decoded width " + lastWidth(sub) + ", publisher " + publisherView(pub)
              + ", producer " + stats(Command.Kind.PRODUCER, video.producerId())
              + ", consumer " + stats(Command.Kind.CONSUMER, "sub-video"));
      int high = lastWidth(sub);
      System.out.println("highest layer decoded before the switch: " + high + " wide");

      long plisBefore = sub.rtpStat("inbound-rtp", "video", "pliCount");
      long switchAt = System.nanoTime();
      control.execute(new Command.SetPreferredLayers("sub-video", 0, 2));
      Await.until(Duration.ofSeconds(2), () -> lastWidth(sub) == 240,
          () -> "decoded width " + lastWidth(sub) + " consumer " + stats(Command.Kind.CONSUMER, "sub-video"));
      long switchMillis = (System.nanoTime() - switchAt) / 1_000_000;
      System.out.println("switch to layer 0 took " + switchMillis + " ms");
      int framesAtLow = sub.decoded().size();
      Await.until(Duration.ofSeconds(5), () -> sub.decoded().size() >= framesAtLow + 20,
          () -> "frames after the switch " + (sub.decoded().size() - framesAtLow));
      for (WebRtcPeer.Decoded d : sub.decoded().subList(framesAtLow, sub.decoded().size())) {
        assertEquals(240, d.width(), "after the keyframe of layer 0 every frame is 240 wide");
        assertEquals(135, d.height());
      }
      assertEquals(plisBefore, sub.rtpStat("inbound-rtp", "video", "pliCount"),
          "the rewritten stream has no sequence or picture-id gap, so the subscriber never asks for a keyframe");
      Reply.Stats consumer = control.execute(new Command.GetStats(Command.Kind.CONSUMER, "sub-video"));
      assertEquals(0, consumer.currentSpatialLayer());
      assertTrue(high >= 480);

      // Temporal layers: libwebrtc sends each simulcast layer in three (0-2-1-2 pattern at 10 fps).
      assertEquals(2L, consumer.counters().get("temporal.highest-seen"), "consumer " + consumer);
      assertEquals(2, consumer.currentTemporalLayer());
      control.execute(new Command.SetPreferredLayers("sub-video", 0, 0));
      int atTl0 = decodedAfter(sub, Duration.ofMillis(500));
      int tl0Frames = decodedAfter(sub, Duration.ofSeconds(4));
      consumer = control.execute(new Command.GetStats(Command.Kind.CONSUMER, "sub-video"));
      assertEquals(0, consumer.currentTemporalLayer());
      control.execute(new Command.SetPreferredLayers("sub-video", 0, 2));
      decodedAfter(sub, Duration.ofMillis(500));
      int allFrames = decodedAfter(sub, Duration.ofSeconds(4));
      consumer = control.execute(new Command.GetStats(Command.Kind.CONSUMER, "sub-video"));
      System.out.println("decoded in 4 s: TL0 only " + tl0Frames + ", all temporal layers " + allFrames
          + " (first 0.5 s after the cap fell: " + atTl0 + "); consumer " + consumer);
      assertTrue(tl0Frames >= 4 && tl0Frames <= 16, "a quarter of 10 fps, still decoding: " + tl0Frames);
      assertTrue(allFrames >= 28, "back to 10 fps: " + allFrames);
      assertEquals(2, consumer.currentTemporalLayer());
      assertEquals(plisBefore, sub.rtpStat("inbound-rtp", "video", "pliCount"),
          "dropped temporal layers leave no sequence or picture-id gap: no keyframe request either");
    }
  }

  /** Frames the subscriber decodes in the next {@code d}, after waiting it. */
  private static int decodedAfter(WebRtcPeer sub, Duration d) throws InterruptedException {
    int before = sub.decoded().size();
    Thread.sleep(d.toMillis());
    return sub.decoded().size() - before;
  }

  /** What the publisher's libwebrtc says about its layers: size, target bitrate, what limits it. */
  private static String publisherView(WebRtcPeer pub) {
    try {
      StringBuilder b = new StringBuilder();
      for (Map<String, Object> s : pub.stats("outbound-rtp")) {
        if ("video".equals(s.get("kind"))) {
          b.append(s.get("rid")).append(':').append(s.get("frameWidth")).append(" target=")
              .append(s.get("targetBitrate")).append(" limit=").append(s.get("qualityLimitationReason")).append("; ");
        }
      }
      for (Map<String, Object> s : pub.stats("candidate-pair")) {
        if (s.get("availableOutgoingBitrate") != null) {
          b.append("available=").append(s.get("availableOutgoingBitrate")).append(' ');
        }
      }
      return b.toString();
    } catch (Exception e) {
      return e.toString();
    }
  }

  private String stats(Command.Kind kind, String id) {
    try {
      return control.execute(new Command.GetStats(kind, id)).toString();
    } catch (Exception e) {
      return e.toString();
    }
  }
}
