package io.sanke.media.server;

import io.sanke.media.api.Command;
import io.sanke.media.api.MediaException;
import io.sanke.media.api.MediaServerControl;
import io.sanke.media.api.Reply;
import io.sanke.media.sdp.SdpException;
import io.sanke.media.sdp.SessionDescription;
import java.util.Map;
import java.util.TreeMap;

/**
 * The control API served in process by one {@link MediaServer}: checks each command's
 * arguments, finds the objects by id and calls their factory and close methods. A
 * refused command throws a {@link MediaException} and changes nothing.
 */
public final class InProcessControl implements MediaServerControl {
  private final MediaServer server;

  public InProcessControl(MediaServer server) {
    this.server = server;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <R extends Reply> R execute(Command<R> command) throws MediaException {
    if (command == null) {
      throw new MediaException(MediaException.Code.BAD_REQUEST, "no command");
    }
    server.mediaLock().lock();
    try {
      return (R) run(command);
    } catch (RuntimeException e) {
      throw new MediaException(MediaException.Code.INTERNAL, "command failed [command:"
          + command.getClass().getSimpleName() + "]: " + e, e);
    } finally {
      server.mediaLock().unlock();
    }
  }

  private Reply run(Command<?> command) throws MediaException {
    Reply r = switch (command) {
      case Command.CreateRouter c -> {
        server.createRouter(c.routerId());
        yield new Reply.Done();
      }
      case Command.CreateWebRtcTransport c -> router(c.routerId()).createWebRtcTransport(c.transportId()).info();
      case Command.ProcessOffer c -> {
        WebRtcTransport t = webRtc(c.transportId());
        SessionDescription offer;
        try {
          offer = SessionDescription.parse(c.offerSdp());
        } catch (SdpException e) {
          throw new MediaException(MediaException.Code.BAD_SDP, e.getMessage() + " [transport:" + c.transportId() + "]");
        }
        yield t.processOffer(offer);
      }
      case Command.CreateOffer c -> webRtc(c.transportId()).createOffer();
      case Command.ProcessAnswer c -> {
        WebRtcTransport t = webRtc(c.transportId());
        SessionDescription answer;
        try {
          answer = SessionDescription.parse(c.answerSdp());
        } catch (SdpException e) {
          throw new MediaException(MediaException.Code.BAD_SDP, e.getMessage() + " [transport:" + c.transportId() + "]");
        }
        t.processAnswer(answer);
        yield new Reply.Done();
      }
      case Command.CreateConsumer c -> {
        Router router = routerOfTransport(c.transportId());
        Consumer consumer = router.consume(c.transportId(), c.consumerId(), c.producerId(), c.mid());
        yield new Reply.ConsumerCreated(consumer.id(), consumer.ssrc(), consumer.rtxSsrc(), consumer.producer().kind());
      }
      case Command.SetPreferredLayers c -> {
        if (c.spatialLayer() < 0 || c.temporalLayer() < 0) {
          throw new MediaException(MediaException.Code.BAD_REQUEST, "layers must be >= 0 [consumer:" + c.consumerId() + "]");
        }
        consumer(c.consumerId()).setPreferredLayers(c.spatialLayer(), c.temporalLayer());
        yield new Reply.Done();
      }
      case Command.SetPriority c -> {
        consumer(c.consumerId()).setPriority(c.priority());
        yield new Reply.Done();
      }
      case Command.SetPaused c -> {
        consumer(c.consumerId()).setPaused(c.paused());
        yield new Reply.Done();
      }
      case Command.RequestKeyFrame c -> {
        consumer(c.consumerId()).requestKeyFrame();
        yield new Reply.Done();
      }
      case Command.CreatePlainRtpTransport c -> {
        PlainRtpTransport t = router(c.routerId()).createPlainRtpTransport(c.transportId(), c.host(), c.port());
        yield new Reply.PlainTransportCreated(t.id(), "0.0.0.0", t.localPort());
      }
      case Command.Close c -> {
        close(c.kind(), c.id());
        yield new Reply.Done();
      }
      case Command.GetStats c -> stats(c.kind(), c.id());
      case Command.GetLoad c -> server.load();
    };
    return r;
  }

  /** The SDP a recorder opens to receive a plain transport's consumers. */
  public String plainSdp(String transportId) throws MediaException {
    for (Router r : server.routers()) {
      PlainRtpTransport t = r.plainTransport(transportId);
      if (t != null) {
        return t.sdp();
      }
    }
    throw MediaException.notFound("plain transport", transportId);
  }

  private Router router(String id) throws MediaException {
    Router r = id == null ? null : server.router(id);
    if (r == null) {
      throw MediaException.notFound("router", id);
    }
    return r;
  }

  private Router routerOfTransport(String transportId) throws MediaException {
    for (Router r : server.routers()) {
      if (r.webRtcTransport(transportId) != null || r.plainTransport(transportId) != null) {
        return r;
      }
    }
    throw MediaException.notFound("transport", transportId);
  }

  private WebRtcTransport webRtc(String id) throws MediaException {
    for (Router r : server.routers()) {
      WebRtcTransport t = r.webRtcTransport(id);
      if (t != null) {
        return t;
      }
    }
    throw MediaException.notFound("transport", id);
  }

  private Producer producer(String id) throws MediaException {
    for (Router r : server.routers()) {
      Producer p = r.producer(id);
      if (p != null) {
        return p;
      }
    }
    throw MediaException.notFound("producer", id);
  }

  private Consumer consumer(String id) throws MediaException {
    for (Router r : server.routers()) {
      Consumer c = r.consumer(id);
      if (c != null) {
        return c;
      }
    }
    throw MediaException.notFound("consumer", id);
  }

  private void close(Command.Kind kind, String id) throws MediaException {
    if (kind == null) {
      throw new MediaException(MediaException.Code.BAD_REQUEST, "close without a kind [id:" + id + "]");
    }
    switch (kind) {
      case ROUTER -> router(id).close();
      case TRANSPORT -> routerOfTransport(id).closeTransport(id);
      case PRODUCER -> producer(id).close();
      case CONSUMER -> consumer(id).close();
    }
  }

  private Reply.Stats stats(Command.Kind kind, String id) throws MediaException {
    if (kind == null) {
      throw new MediaException(MediaException.Code.BAD_REQUEST, "stats without a kind [id:" + id + "]");
    }
    return switch (kind) {
      case ROUTER -> {
        Router r = router(id);
        long in = 0;
        long out = 0;
        for (WebRtcTransport t : r.webRtcTransports()) {
          in += t.in.bitrateBps();
          out += t.out.bitrateBps();
        }
        yield new Reply.Stats(id, in, out, 0, 0, 0, -1, -1, Map.of("transports", (long) r.webRtcTransports().size(),
            "producers", (long) r.producers().size(), "consumers", (long) r.consumers().size()));
      }
      case TRANSPORT -> {
        WebRtcTransport t = webRtc(id);
        yield new Reply.Stats(id, t.in.bitrateBps(), t.out.bitrateBps(), 0, 0, 0, -1, -1, t.statsCounters());
      }
      case PRODUCER -> {
        Producer p = producer(id);
        Map<String, Long> m = new TreeMap<>();
        m.put("packets.in", p.packetsIn());
        long[] layerRates = p.layerBitrates();
        for (int i = 0; i < layerRates.length; i++) {
          m.put("layer." + i + ".bitrate", layerRates[i]);
        }
        double lost = 0;
        double jitter = 0;
        for (var st : p.rxStats().streams()) {
          lost = Math.max(lost, st.lossFraction());
          jitter = Math.max(jitter, st.jitterMillis());
        }
        yield new Reply.Stats(id, p.bitrateInBps(), 0, lost, 0, jitter, -1, -1, m);
      }
      case CONSUMER -> {
        Consumer c = consumer(id);
        var st = c.txStream();
        yield new Reply.Stats(id, 0, st == null ? 0 : st.bitrateBps(), st == null ? 0 : st.lossFraction(),
            st == null ? 0 : st.rttMillis(), st == null ? 0 : st.jitterMillis(), c.currentLayer(),
            c.currentTemporalLayer(), c.counters());
      }
    };
  }
}
