package io.sanke.media.e2e;

import static io.sanke.media.e2e.WebRtcPeer.audioPackets;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sanke.media.api.Command;
import io.sanke.media.api.Reply;
import io.sanke.media.sdp.PayloadTypes;
import io.sanke.media.sdp.SessionDescription;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two publishers that number their codecs differently, consumed by one receive-only libwebrtc
 * peer through the SFU's offers (CreateOffer / ProcessAnswer). One publisher keeps libwebrtc's
 * numbers (VP8 96, RTX 97, Opus 111); the other's offer is rewritten before it is applied, so
 * that every number crosses them (VP8 97, its RTX 96, Opus 109). Offering each m-section under
 * its publisher's numbers put 96 and 97 in one BUNDLE twice with two meanings. Recent Chrome
 * refuses such an offer ("A BUNDLE group contains a codec collision for payload_type"); the
 * libwebrtc of webrtc-java 0.14.0 still takes it (it logs, and demultiplexes by the signalled
 * SSRCs), so besides decoding this test checks each offer with the same rule
 * ({@code PayloadTypes.collisions}): without the transport's table it fails there, not in the peer.
 */
@Tag("netns")
class PayloadTypesE2ETest extends SfuRoomTest {
  private void publish(String transportId, WebRtcPeer peer, Map<Integer, Integer> renumbering) throws Exception {
    control.execute(new Command.CreateWebRtcTransport("room", transportId));
    Reply.Answer answer = control.execute(new Command.ProcessOffer(transportId,
        peer.createOffer(sdp -> PayloadTypes.renumber(sdp, renumbering))));
    peer.setAnswer(answer.answerSdp());
  }

  /** The SFU offers, the receiver answers; returns the offer. */
  private SessionDescription negotiate(WebRtcPeer rx) throws Exception {
    String offer = control.execute(new Command.CreateOffer("rx")).offerSdp();
    control.execute(new Command.ProcessAnswer("rx", rx.answer(offer)));
    return SessionDescription.parse(offer);
  }

  private int lastWidth(WebRtcPeer rx, String mid) {
    List<WebRtcPeer.Decoded> d = rx.decoded().stream().filter(f -> f.mid().equals(mid)).toList();
    return d.isEmpty() ? 0 : d.get(d.size() - 1).width();
  }

  @Test
  @DisplayName("a receiver of a publisher with libwebrtc's numbers and one with crossed numbers decodes both, across re-offers")
  void differentlyNumberedPublishersReachOneReceiver() throws Exception {
    try (WebRtcPeer chrome = WebRtcPeer.publisher(320, 240);
        WebRtcPeer crossed = WebRtcPeer.publisher(240, 180);
        WebRtcPeer rx = WebRtcPeer.receiver()) {
      publish("chrome", chrome, Map.of());
      publish("crossed", crossed, Map.of(96, 97, 111, 109));
      control.execute(new Command.CreateWebRtcTransport("room", "rx"));

      // The crossed publisher first: its numbers are free, so the table takes them.
      control.execute(new Command.CreateConsumer("rx", "x-video", "crossed/0", "xv"));
      control.execute(new Command.CreateConsumer("rx", "x-audio", "crossed/1", "xa"));
      SessionDescription first = negotiate(rx);
      assertEquals(List.of("VP8/90000 97", "rtx 96 apt=97"), PayloadTypes.codecsByMid(first).get("xv"));
      Await.until(Duration.ofSeconds(20), () -> rx.frames("xv") >= 15, () -> "frames xv " + rx.frames("xv"));

      // libwebrtc's publisher joins the same BUNDLE under the table's numbers (its 96 becomes 97).
      control.execute(new Command.CreateConsumer("rx", "c-video", "chrome/0", "cv"));
      control.execute(new Command.CreateConsumer("rx", "c-audio", "chrome/1", "ca"));
      SessionDescription second = negotiate(rx);
      assertEquals(List.of(), PayloadTypes.collisions(second), second.toString());
      assertEquals(List.of("VP8/90000 97", "rtx 96 apt=97"), PayloadTypes.codecsByMid(second).get("cv"));
      assertEquals(List.of("opus/48000 109"), PayloadTypes.codecsByMid(second).get("ca"));
      int before = rx.frames("xv");
      Await.until(Duration.ofSeconds(20), () -> rx.frames("cv") >= 30 && rx.frames("xv") >= before + 30,
          () -> "frames cv " + rx.frames("cv") + " xv " + rx.frames("xv") + " rx "
              + server.router("room").webRtcTransport("rx").counters().snapshot());
      assertEquals(320, lastWidth(rx, "cv"));
      assertEquals(240, lastWidth(rx, "xv"));
      Await.until(Duration.ofSeconds(10), () -> audioPackets(rx) > 100, () -> "audio packets " + audioPackets(rx));

      // A closed audio consumer stays an audio m-section, rejected; the rest keeps its numbers.
      control.execute(new Command.Close(Command.Kind.CONSUMER, "x-audio"));
      SessionDescription third = negotiate(rx);
      assertEquals(PayloadTypes.codecsByMid(second).get("cv"), PayloadTypes.codecsByMid(third).get("cv"));
      int cv = rx.frames("cv");
      int xv = rx.frames("xv");
      Await.until(Duration.ofSeconds(10), () -> rx.frames("cv") >= cv + 30 && rx.frames("xv") >= xv + 30,
          () -> "frames after the third offer cv " + rx.frames("cv") + " xv " + rx.frames("xv"));
    }
  }


}
