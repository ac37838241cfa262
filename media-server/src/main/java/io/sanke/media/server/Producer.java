package io.sanke.media.server;

import io.sanke.media.pipeline.AudioLevelListener;
import io.sanke.media.pipeline.AudioLevelReader;
import io.sanke.media.pipeline.Node;
import io.sanke.media.pipeline.PacketInfo;
import io.sanke.media.pipeline.Pipeline;
import io.sanke.media.pipeline.RtpStats;
import io.sanke.media.pipeline.SimulcastDemux;
import io.sanke.media.rtp.Codec;
import io.sanke.media.rtp.RtcpPacket;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An incoming track of one transport: its codec and payload types, its simulcast layers
 * (lowest first, by rid or by SSRC) and the consumers it feeds. Its receive chain, after
 * the transport's parse/RTX/NACK steps:
 *
 * <pre>
 *  [AudioLevelReader ──► router's DominantSpeakerDetector]   (audio with ssrc-audio-level)
 *  SimulcastDemux        tags the layer (rid or SSRC)
 *  RtpStats("rx")        loss, jitter, bitrate per layer
 *  fan-out               a copy to each consumer's send chain
 * </pre>
 *
 * Keyframe requests go up through the transport's throttled {@code KeyframeRequester}.
 * Does not decrypt or rewrite anything. Runs under the server's media lock.
 */
public final class Producer extends Closeable {
  /** One simulcast layer (or the only one). SSRCs are learned from SDP or from rid/mid. */
  static final class Layer {
    final int index;
    final String rid;
    volatile long ssrc = -1;
    volatile long rtxSsrc = -1;

    Layer(int index, String rid) {
      this.index = index;
      this.rid = rid;
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
  private final List<Consumer> consumers = new CopyOnWriteArrayList<>();
  private final SimulcastDemux demux;
  private final RtpStats rxStats;
  private final Node chain;
  private volatile RtcpPacket.SenderReport lastSenderReport;

  Producer(String id, String kind, String mid, Codec codec, int payloadType, int rtxPayloadType, String fmtp,
      List<Layer> layers, WebRtcTransport transport, Clock clock, int ridExtId, int audioLevelExtId,
      AudioLevelListener levels) {
    this.id = id;
    this.kind = kind;
    this.mid = mid;
    this.codec = codec;
    this.payloadType = payloadType;
    this.rtxPayloadType = rtxPayloadType;
    this.fmtp = fmtp;
    this.layers = List.copyOf(layers);
    this.transport = transport;
    boolean simulcast = layers.size() > 1;
    List<String> rids = layers.stream().map(l -> l.rid).filter(r -> r != null).toList();
    this.demux = !simulcast ? SimulcastDemux.single() : new SimulcastDemux(Math.max(0, ridExtId), rids);
    for (Layer l : layers) {
      if (simulcast && l.ssrc >= 0) {
        demux.mapSsrc(l.ssrc, l.index);
      }
    }
    this.rxStats = new RtpStats("rx", clock, pt -> pt == payloadType ? codec.clockRate() : 0,
        transport.localRtcpSsrc());
    Pipeline.Builder b = Pipeline.builder();
    if (codec == Codec.OPUS && audioLevelExtId > 0 && levels != null) {
      b.node(new AudioLevelReader(audioLevelExtId, levels));
    }
    this.chain = b.node(demux).node(rxStats).sink("fan-out", this::fanOut).build();
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

  /** The publisher's extension ids (URI → id), as its transport negotiated them. */
  Map<String, Integer> receiveExtIds() {
    return transport.receiveExtIds();
  }

  WebRtcTransport transport() {
    return transport;
  }

  List<Consumer> consumers() {
    return consumers;
  }

  Node chain() {
    return chain;
  }

  RtpStats rxStats() {
    return rxStats;
  }

  void addConsumer(Consumer c) {
    consumers.add(c);
  }

  void removeConsumer(Consumer c) {
    consumers.remove(c);
  }

  /** Learned the SSRC of a simulcast layer (from its rid); tells the demultiplexer. */
  void mapLayerSsrc(Layer l) {
    if (layers.size() > 1 && l.ssrc >= 0) {
      demux.mapSsrc(l.ssrc, l.index);
    }
  }

  long bitrateInBps() {
    long s = 0;
    for (RtpStats.StreamStats st : rxStats.streams()) {
      s += st.bitrateBps();
    }
    return s;
  }

  long packetsIn() {
    long s = 0;
    for (RtpStats.StreamStats st : rxStats.streams()) {
      s += st.packets();
    }
    return s;
  }

  /** Bitrate per layer, lowest first, over the last second. */
  long[] layerBitrates() {
    return rxStats.bitrateByLayer(layers.size());
  }

  /** One decrypted, parsed media packet of this producer (RTX already unwrapped). */
  void receive(PacketInfo info) {
    chain.process(info);
  }

  private void fanOut(PacketInfo info) {
    for (Consumer c : consumers) {
      c.send(info);
    }
  }

  void onSenderReport(RtcpPacket.SenderReport sr) {
    lastSenderReport = sr;
    rxStats.onSenderReportReceived(sr);
    for (Consumer c : consumers) {
      c.onSenderReport(sr);
    }
  }

  RtcpPacket.SenderReport lastSenderReport() {
    return lastSenderReport;
  }

  /** Asks the sender for a keyframe on {@code layerIndex} (throttled). Returns whether a request went out. */
  boolean requestKeyFrame(int layerIndex) {
    if (!codec.isVideo() || layerIndex < 0 || layerIndex >= layers.size() || isClosed()) {
      return false;
    }
    long ssrc = layers.get(layerIndex).ssrc;
    return ssrc >= 0 && transport.requestKeyFrame(ssrc);
  }

  /** Asks for a keyframe on an SSRC of this producer (from a consumer's layer selector). */
  void requestKeyFrameOnSsrc(long ssrc) {
    if (ssrc > 0 && !isClosed()) {
      transport.requestKeyFrame(ssrc);
    }
  }

  @Override
  protected void closeChildren() {
    for (Consumer c : consumers) {
      c.close();
    }
    consumers.clear();
  }
}
