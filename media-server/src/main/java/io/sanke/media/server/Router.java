package io.sanke.media.server;

import io.sanke.media.api.MediaException;
import io.sanke.media.pipeline.DominantSpeakerDetector;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One live room: its transports, and an index of every producer in it so that any
 * transport of the room can consume any producer. Closing it closes every transport
 * (and so every producer and consumer) in it. Knows nothing of lessons or users.
 */
public final class Router extends Closeable {
  private final String id;
  private final MediaServer server;
  private final Map<String, WebRtcTransport> webRtcTransports = new ConcurrentHashMap<>();
  private final Map<String, PlainRtpTransport> plainTransports = new ConcurrentHashMap<>();
  private final Map<String, Producer> producers = new ConcurrentHashMap<>();
  private final Map<String, Consumer> consumers = new ConcurrentHashMap<>();

  private final DominantSpeakerDetector speakers;
  private final List<java.util.function.Consumer<String>> speakerListeners = new CopyOnWriteArrayList<>();
  private volatile String dominantSpeaker;

  Router(String id, MediaServer server) {
    this.id = id;
    this.server = server;
    this.speakers = new DominantSpeakerDetector(server.clock(), DominantSpeakerDetector.Config.DEFAULT,
        this::onDominantSpeakerSsrc);
  }

  DominantSpeakerDetector speakers() {
    return speakers;
  }

  /** Tells {@code listener} the producer id of each new dominant speaker (from audio levels). */
  public void onDominantSpeaker(java.util.function.Consumer<String> listener) {
    speakerListeners.add(listener);
  }

  /** The audio producer speaking now, or null. */
  public String dominantSpeaker() {
    return dominantSpeaker;
  }

  void evaluateSpeakers() {
    speakers.evaluate();
  }

  private void onDominantSpeakerSsrc(long ssrc) {
    for (Producer p : producers.values()) {
      for (Producer.Layer l : p.layers()) {
        if (l.ssrc == ssrc && !p.codec().isVideo()) {
          dominantSpeaker = p.id();
          for (var listener : speakerListeners) {
            listener.accept(p.id());
          }
          return;
        }
      }
    }
  }

  public String id() {
    return id;
  }

  /** Creates a WebRTC transport; its ICE credentials are registered on the shared port at once. */
  public synchronized WebRtcTransport createWebRtcTransport(String transportId) throws MediaException {
    requireOpen();
    requireNewTransportId(transportId);
    WebRtcTransport t = new WebRtcTransport(transportId, this, server);
    webRtcTransports.put(transportId, t);
    t.onClose(() -> webRtcTransports.remove(transportId, t));
    return t;
  }

  /** Creates a plain RTP egress towards {@code host:port} (a recorder). */
  public synchronized PlainRtpTransport createPlainRtpTransport(String transportId, String host, int port)
      throws MediaException {
    requireOpen();
    requireNewTransportId(transportId);
    PlainRtpTransport t = PlainRtpTransport.open(transportId, this, server, host, port);
    plainTransports.put(transportId, t);
    t.onClose(() -> plainTransports.remove(transportId, t));
    return t;
  }

  /** Forwards {@code producerId} to a transport of this router. */
  public synchronized Consumer consume(String transportId, String consumerId, String producerId, String mid)
      throws MediaException {
    requireOpen();
    if (consumerId == null || consumerId.isBlank()) {
      throw new MediaException(MediaException.Code.BAD_REQUEST, "consumer id is empty [transport:" + transportId + "]");
    }
    if (consumers.containsKey(consumerId)) {
      throw new MediaException(MediaException.Code.ALREADY_EXISTS, "consumer already exists [id:" + consumerId + "]");
    }
    Producer p = producers.get(producerId);
    if (p == null) {
      throw MediaException.notFound("producer", producerId);
    }
    Consumer c;
    WebRtcTransport w = webRtcTransports.get(transportId);
    if (w != null) {
      if (mid == null || mid.isBlank()) {
        throw new MediaException(MediaException.Code.BAD_REQUEST, "mid is required [consumer:" + consumerId + "]");
      }
      c = w.createConsumer(consumerId, p, mid);
    } else {
      PlainRtpTransport pt = plainTransports.get(transportId);
      if (pt == null) {
        throw MediaException.notFound("transport", transportId);
      }
      c = pt.createConsumer(consumerId, p);
    }
    consumers.put(consumerId, c);
    c.onClose(() -> consumers.remove(consumerId, c));
    return c;
  }

  public WebRtcTransport webRtcTransport(String transportId) {
    return webRtcTransports.get(transportId);
  }

  public PlainRtpTransport plainTransport(String transportId) {
    return plainTransports.get(transportId);
  }

  public Producer producer(String producerId) {
    return producers.get(producerId);
  }

  public Consumer consumer(String consumerId) {
    return consumers.get(consumerId);
  }

  public List<WebRtcTransport> webRtcTransports() {
    return List.copyOf(webRtcTransports.values());
  }

  public List<PlainRtpTransport> plainTransports() {
    return List.copyOf(plainTransports.values());
  }

  public List<Producer> producers() {
    return List.copyOf(producers.values());
  }

  public List<Consumer> consumers() {
    return List.copyOf(consumers.values());
  }

  void registerProducer(Producer p) {
    producers.put(p.id(), p);
    p.onClose(() -> producers.remove(p.id(), p));
  }

  void unregisterProducer(Producer p) {
    producers.remove(p.id(), p);
  }

  void unregisterConsumer(Consumer c) {
    consumers.remove(c.id(), c);
  }

  /** Closes a transport of this router by id; no-op when it is gone already. */
  void closeTransport(String transportId) {
    WebRtcTransport w = webRtcTransports.get(transportId);
    if (w != null) {
      w.close();
    }
    PlainRtpTransport p = plainTransports.get(transportId);
    if (p != null) {
      p.close();
    }
  }

  private void requireOpen() throws MediaException {
    if (isClosed()) {
      throw new MediaException(MediaException.Code.CLOSED, "router is closed [id:" + id + "]");
    }
  }

  private void requireNewTransportId(String transportId) throws MediaException {
    if (transportId == null || transportId.isBlank()) {
      throw new MediaException(MediaException.Code.BAD_REQUEST, "transport id is empty [router:" + id + "]");
    }
    if (webRtcTransports.containsKey(transportId) || plainTransports.containsKey(transportId)
        || server.transport(transportId) != null) {
      throw new MediaException(MediaException.Code.ALREADY_EXISTS, "transport already exists [id:" + transportId + "]");
    }
  }

  @Override
  protected void closeChildren() {
    webRtcTransports.values().forEach(WebRtcTransport::close);
    plainTransports.values().forEach(PlainRtpTransport::close);
    webRtcTransports.clear();
    plainTransports.clear();
    producers.clear();
    consumers.clear();
  }
}
