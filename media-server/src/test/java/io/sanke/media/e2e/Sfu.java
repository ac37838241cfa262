package io.sanke.media.e2e;

import io.sanke.media.api.Command;
import io.sanke.media.api.MediaException;
import io.sanke.media.api.Reply;
import io.sanke.media.server.InProcessControl;
import io.sanke.media.server.MediaServer;
import io.sanke.media.transport.TransportCounters;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** One SFU node in the namespace, driven through its control API the way signaling will. */
final class Sfu implements AutoCloseable {
  record Published(String video, String audio) {}

  final MediaServer server;
  final InProcessControl control;

  Sfu() throws MediaException {
    server = MediaServer.start(NetNs.config(), Clock.systemUTC());
    control = new InProcessControl(server);
    control.execute(new Command.CreateRouter("room"));
  }

  Published publish(String transportId, WebRtcPeer pub) throws Exception {
    control.execute(new Command.CreateWebRtcTransport("room", transportId));
    Reply.Answer answer = control.execute(new Command.ProcessOffer(transportId, pub.createOffer()));
    pub.setAnswer(answer.answerSdp());
    String video = null;
    String audio = null;
    for (Reply.ProducerInfo p : answer.producers()) {
      if (p.kind().equals("video")) {
        video = p.producerId();
      } else {
        audio = p.producerId();
      }
    }
    return new Published(video, audio);
  }

  /** Subscribes to video and audio; {@code answerFilter} may rewrite the answer (e.g. through a relay). */
  void subscribe(String transportId, WebRtcPeer sub, Published p, UnaryOperator<String> answerFilter)
      throws Exception {
    control.execute(new Command.CreateWebRtcTransport("room", transportId));
    String offer = sub.createOffer();
    List<String> mids = sub.mids();
    control.execute(new Command.CreateConsumer(transportId, transportId + "-video", p.video(), mids.get(0)));
    control.execute(new Command.CreateConsumer(transportId, transportId + "-audio", p.audio(), mids.get(1)));
    Reply.Answer answer = control.execute(new Command.ProcessOffer(transportId, offer));
    sub.setAnswer(answerFilter.apply(answer.answerSdp()));
  }

  void subscribe(String transportId, WebRtcPeer sub, Published p) throws Exception {
    subscribe(transportId, sub, p, UnaryOperator.identity());
  }

  Reply.Stats stats(Command.Kind kind, String id) {
    try {
      return control.execute(new Command.GetStats(kind, id));
    } catch (MediaException e) {
      throw new IllegalStateException(e);
    }
  }

  long counter(Command.Kind kind, String id, String name) {
    Long v = stats(kind, id).counters().get(name);
    return v == null ? 0 : v;
  }

  TransportCounters muxCounters() {
    return server.mux().counters();
  }

  Map<String, Long> transportCounters(String id) {
    return stats(Command.Kind.TRANSPORT, id).counters();
  }

  @Override
  public void close() {
    server.close();
  }
}
