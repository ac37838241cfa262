package io.sanke.media.server;

import io.sanke.media.rtp.Codec;
import io.sanke.media.rtp.RtcpPacket;
import io.sanke.media.rtp.RtpPacket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An incoming track of one transport: its codec and payload types, its simulcast layers
 * (by rid or SSRC, lowest first) and the consumers it feeds. Hands every packet of a
 * layer to each consumer; sends keyframe requests upstream, at most one per layer per
 * {@code keyframe-request-interval}. Does not decrypt or rewrite anything.
 */
public final class Producer extends Closeable {
  /** One simulcast layer (or the only one). SSRCs are learned from SDP or from rid/mid. */
  static final class Layer {
    final int index;
    final String rid;
    volatile long ssrc = -1;
    volatile long rtxSsrc = -1;
    volatile long lastKeyframeRequestMillis = Long.MIN_VALUE / 2;
    final Rates in;

    Layer(int index, String rid, Clock clock) {
      this.index = index;
      this.rid = rid;
      this.in = new Rates(clock);
    }
  }

  private final String id;
  private final String kind;
  private final String mid;
  private final Codec codec;
  private final int payloadType;
  private final int rtxPayloadType;
  private final String fmtp;
  private final List<Layer> layers;
  private final WebRtcTransport transport;
  private final Clock clock;
  private final Duration keyframeInterval;
  private final List<Consumer> consumers = new CopyOnWriteArrayList<>();
  final Map<String, Long> counters = new ConcurrentHashMap<>();
  private volatile RtcpPacket.SenderReport lastSenderReport;

  Producer(String id, String kind, String mid, Codec codec, int payloadType, int rtxPayloadType, String fmtp, List<Layer> layers,
      WebRtcTransport transport, Clock clock, Duration keyframeInterval) {
    this.id = id;
    this.kind = kind;
    this.mid = mid;
    this.codec = codec;
    this.payloadType = payloadType;
    this.rtxPayloadType = rtxPayloadType;
    this.fmtp = fmtp;
    this.layers = List.copyOf(layers);
    this.transport = transport;
    this.clock = clock;
    this.keyframeInterval = keyframeInterval;
  }

  public String id() {
    return id;
  }

  public String kind() {
    return kind;
  }

  public String mid() {
    return mid;
  }

  public Codec codec() {
    return codec;
  }

  int payloadType() {
    return payloadType;
  }

  int rtxPayloadType() {
    return rtxPayloadType;
  }

  /** The fmtp line of the producer's codec, or null. */
  public String fmtp() {
    return fmtp;
  }

  /** H.264 profile-level-id from the fmtp, or null. */
  String h264ProfileLevelId() {
    if (fmtp == null) {
      return null;
    }
    for (String kv : fmtp.split(";")) {
      String[] p = kv.trim().split("=", 2);
      if (p.length == 2 && p[0].equalsIgnoreCase("profile-level-id")) {
        return p[1];
      }
    }
    return null;
  }

  public int layerCount() {
    return layers.size();
  }

  List<Layer> layers() {
    return layers;
  }

  public List<String> rids() {
    return layers.stream().map(l -> l.rid).filter(r -> r != null).toList();
  }

  WebRtcTransport transport() {
    return transport;
  }

  List<Consumer> consumers() {
    return consumers;
  }

  void addConsumer(Consumer c) {
    consumers.add(c);
  }

  void removeConsumer(Consumer c) {
    consumers.remove(c);
  }

  long bitrateInBps() {
    long s = 0;
    for (Layer l : layers) {
      s += l.in.bitrateBps();
    }
    return s;
  }

  long packetsIn() {
    long s = 0;
    for (Layer l : layers) {
      s += l.in.packets.sum();
    }
    return s;
  }

  /** One decrypted media packet of {@code layer}; forwarded to every consumer. */
  void onRtp(Layer layer, RtpPacket packet) {
    layer.in.add(packet.length());
    boolean keyframe = codec.isVideo() && codec.isKeyframe(packet);
    for (Consumer c : consumers) {
      c.onRtp(layer.index, packet, keyframe);
    }
  }

  void onSenderReport(Layer layer, RtcpPacket.SenderReport sr) {
    lastSenderReport = sr;
    for (Consumer c : consumers) {
      c.onSenderReport(layer.index, sr);
    }
  }

  RtcpPacket.SenderReport lastSenderReport() {
    return lastSenderReport;
  }

  /** Asks the sender for a keyframe on {@code layerIndex}; throttled. Returns whether a request went out. */
  boolean requestKeyFrame(int layerIndex) {
    if (!codec.isVideo() || layerIndex < 0 || layerIndex >= layers.size() || isClosed()) {
      return false;
    }
    Layer l = layers.get(layerIndex);
    long now = clock.millis();
    synchronized (l) {
      if (now - l.lastKeyframeRequestMillis < keyframeInterval.toMillis() || l.ssrc < 0) {
        counters.merge("keyframe.request.throttled", 1L, Long::sum);
        return false;
      }
      l.lastKeyframeRequestMillis = now;
    }
    counters.merge("keyframe.request.sent", 1L, Long::sum);
    transport.sendRtcpPackets(List.of(new RtcpPacket.Pli(transport.localRtcpSsrc(), l.ssrc)));
    return true;
  }

  @Override
  protected void closeChildren() {
    for (Consumer c : consumers) {
      c.close();
    }
    consumers.clear();
  }
}
