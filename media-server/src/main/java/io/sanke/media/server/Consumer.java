package io.sanke.media.server;

import io.sanke.media.pipeline.AbsSendTimeStamper;
import io.sanke.media.pipeline.HeaderExtensionRewriter;
import io.sanke.media.pipeline.LayerSelector;
import io.sanke.media.pipeline.Node;
import io.sanke.media.pipeline.NodeStats;
import io.sanke.media.pipeline.PacketInfo;
import io.sanke.media.pipeline.Pipeline;
import io.sanke.media.pipeline.RetransmissionCache;
import io.sanke.media.pipeline.RtpRewriter;
import io.sanke.media.pipeline.RtpStats;
import io.sanke.media.pipeline.SenderReportRewriter;
import io.sanke.media.pipeline.TemporalLayerFilter;
import io.sanke.media.pipeline.TransformerNode;
import io.sanke.media.rtp.Codec;
import io.sanke.media.rtp.RtcpPacket;
import io.sanke.media.rtp.RtpPacket;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A producer forwarded to one transport. Its send chain:
 *
 * <pre>
 *  LayerSelector         (video) the simulcast layer this consumer gets; switches on a keyframe
 *  TemporalLayerFilter   (VP8) temporal layers up to the cap; tells the rewriter what it dropped
 *  (copy)                the consumer's own copy of what passed (the rest rewrites in place)
 *  PayloadTypeWriter     the receiving transport's number for the codec (setPayloadTypes)
 *  RtpRewriter           one continuous SSRC / sequence / timestamp / VP8 picture id
 *  HeaderExtensionRewriter  (WebRTC receivers) the receiver's extension ids; mid/rid removed
 *  AbsSendTimeStamper    (WebRTC receivers) abs-send-time = the SFU's send time
 *  RetransmissionCache   answers the receiver's NACKs, with RTX when negotiated (re-stamped)
 *  RtpStats("tx")        what was sent; loss, jitter, RTT from the receiver's reports
 *  sink                  the transport (SRTP, or plain RTP to a recorder)
 * </pre>
 *
 * Sender reports go through a {@link SenderReportRewriter} for lip sync. Paused
 * consumers forward nothing. Runs under the server's media lock.
 */
public final class Consumer extends Closeable {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final java.util.concurrent.atomic.AtomicLong CREATED = new java.util.concurrent.atomic.AtomicLong();
  private final long createdSeq = CREATED.incrementAndGet();

  private final String id;
  private final Producer producer;
  private final RtpSink sink;
  private final String mid;
  private final long ssrc;
  private final long rtxSsrc;
  private final LayerSelector selector;
  private final TemporalLayerFilter temporal;
  private final RtpRewriter rewriter;
  private final HeaderExtensionRewriter extensions;
  private final AbsSendTimeStamper absSendTime;
  private final RetransmissionCache cache;
  private final RtpStats txStats;
  private final SenderReportRewriter srRewriter;
  private final Node chain;
  private final Node head;
  private volatile int payloadType;
  private volatile int rtxPayloadType = -1;
  private volatile boolean paused;
  private volatile int preferredSpatial = LayerSelector.MAX_LAYERS - 1;
  private long rtxSent;
  private long nacksReceived;

  Consumer(String id, Producer producer, RtpSink sink, String mid, long ssrc, long rtxSsrc, Clock clock) {
    this.id = id;
    this.producer = producer;
    this.sink = sink;
    this.mid = mid;
    this.ssrc = ssrc;
    this.rtxSsrc = rtxSsrc;
    this.payloadType = producer.payloadType();
    this.selector = producer.codec().isVideo() ? new LayerSelector(producer.codec(), producer::requestKeyFrameOnSsrc)
        : null;
    this.rewriter = new RtpRewriter(ssrc, producer.codec(), clock);
    this.temporal = producer.codec() == Codec.VP8 ? new TemporalLayerFilter(Codec.VP8, rewriter::skip) : null;
    this.cache = new RetransmissionCache(clock, RetransmissionCache.Config.DEFAULT);
    this.txStats = new RtpStats("tx", clock, pt -> producer.codec().clockRate(), ssrc);
    this.srRewriter = new SenderReportRewriter(rewriter);
    Pipeline.Builder b = Pipeline.builder();
    b.node(new PayloadTypeWriter()).node(rewriter);
    // A plain RTP receiver (the recorder) gets the extensions as the publisher sent them.
    this.extensions = sink instanceof WebRtcTransport ? new HeaderExtensionRewriter() : null;
    this.absSendTime = extensions != null ? new AbsSendTimeStamper(clock) : null;
    if (extensions != null) {
      b.node(extensions).node(absSendTime);
    }
    this.chain = b.node(cache).node(txStats)
        .sink("send", info -> sink.sendRtp(info.rtp()))
        .build();
    // The selector and the temporal filter only read the producer's packet: what they drop is never copied.
    Node afterSelection = chain;
    if (selector == null) {
      this.head = null;
    } else {
      Pipeline.Builder h = Pipeline.builder().node(selector);
      if (temporal != null) {
        h.node(temporal);
      }
      this.head = h.sink("copy", info -> afterSelection.process(info.copy())).build();
    }
  }

  /** Writes the receiving transport's payload type into each packet (RTX answers get theirs in the cache). */
  private final class PayloadTypeWriter extends TransformerNode {
    PayloadTypeWriter() {
      super("PayloadTypeWriter");
    }

    @Override
    protected PacketInfo transform(PacketInfo info) {
      info.rtp().setPayloadType(payloadType);
      return info;
    }
  }

  public String id() {
    return id;
  }

  long createdSeq() {
    return createdSeq;
  }

  private volatile int priority;

  /** Higher is served first when the transport's bandwidth is short. */
  public int priority() {
    return priority;
  }

  void setPriority(int priority) {
    this.priority = priority;
  }

  public Producer producer() {
    return producer;
  }

  public String mid() {
    return mid;
  }

  public long ssrc() {
    return ssrc;
  }

  public long rtxSsrc() {
    return rtxSsrc;
  }

  /** The simulcast layer being forwarded: -1 before the first keyframe or while paused; 0 for audio. */
  public int currentLayer() {
    if (paused) {
      return -1;
    }
    return selector == null ? 0 : selector.currentLayer();
  }

  /**
   * The highest temporal layer being forwarded (VP8: the cap in force, no higher than the
   * source sends; 0 for a stream without temporal layers and for other codecs); -1 when no
   * spatial layer is forwarded.
   */
  public int currentTemporalLayer() {
    int spatial = currentLayer();
    if (spatial < 0) {
      return -1;
    }
    return temporal == null ? 0 : Math.max(0, temporal.currentLayer());
  }

  public boolean isPaused() {
    return paused;
  }

  /**
   * Payload types of this codec and its RTX on the receiving transport (-1: no RTX): the
   * receiver's when it offered, the transport's table when the SFU offered. Forwarded packets
   * and RTX answers carry them from the next packet on; an unchanged RTX number keeps the RTX
   * stream's sequence numbers going.
   */
  void setPayloadTypes(int pt, int rtxPt) {
    this.payloadType = pt;
    if (rtxPt >= 0 && rtxSsrc >= 0 && rtxPt != rtxPayloadType) {
      cache.setRtx(ssrc, rtxSsrc, rtxPt, RANDOM.nextInt(0x10000));
    }
    this.rtxPayloadType = rtxPt;
  }

  /**
   * The receiver's negotiated extension ids (URI → id): elements of the publisher's packets
   * whose URI the receiver negotiated get its id, the others are removed.
   */
  void setReceiverExtensions(Map<String, Integer> receiverIds) {
    if (extensions == null) {
      return;
    }
    Map<String, Integer> publisherIds = producer.receiveExtIds();
    Map<Integer, Integer> map = new TreeMap<>();
    for (var e : receiverIds.entrySet()) {
      Integer from = publisherIds.get(e.getKey());
      if (from != null && from > 0 && e.getValue() != null && e.getValue() > 0) {
        map.put(from, e.getValue());
      }
    }
    extensions.setMapping(map);
    Integer publisherAst = publisherIds.get(Ext.ABS_SEND_TIME);
    Integer receiverAst = receiverIds.get(Ext.ABS_SEND_TIME);
    absSendTime.setExtensionId(publisherAst != null && publisherAst > 0 && receiverAst != null && receiverAst > 0
        ? receiverAst : 0);
  }

  /** Publisher id → receiver id of the forwarded extensions (empty for plain RTP receivers). */
  Map<Integer, Integer> extensionMapping() {
    return extensions == null ? Map.of() : extensions.mapping();
  }

  /** The receiver's abs-send-time id this consumer re-stamps (0: none, or a plain RTP receiver). */
  int absSendTimeId() {
    return absSendTime == null ? 0 : absSendTime.extensionId();
  }

  int payloadType() {
    return payloadType;
  }

  int rtxPayloadType() {
    return rtxPayloadType;
  }

  /**
   * Caps the spatial layer (0 = lowest) and, for VP8, the temporal layer (0 = base frame rate
   * only); values above the highest layer mean the highest.
   */
  public void setPreferredLayers(int spatial, int temporal) {
    preferredSpatial = Math.max(0, Math.min(spatial, LayerSelector.MAX_LAYERS - 1));
    if (this.temporal != null) {
      this.temporal.setMaxLayer(Math.max(0, Math.min(temporal, TemporalLayerFilter.MAX_LAYERS - 1)));
    }
    if (selector != null) {
      selector.setMaxLayer(preferredSpatial);
      if (paused) {
        selector.pause();
      }
    }
  }

  public void setPaused(boolean paused) {
    this.paused = paused;
    if (selector != null) {
      if (paused) {
        selector.pause();
      } else {
        selector.resume();
        requestKeyFrame();
      }
    }
  }

  /** The consumer asked for a keyframe (PLI/FIR, or the control API): ask the producer, throttled. */
  void requestKeyFrame() {
    if (selector == null) {
      return;
    }
    int layer = selector.currentLayer() >= 0 ? selector.currentLayer() : Math.max(0, selector.targetLayer());
    producer.requestKeyFrame(Math.min(layer, producer.layerCount() - 1));
  }

  /** The video layer selector, or null for audio. */
  LayerSelector selector() {
    return selector;
  }

  void refreshLayerBitrates() {
    if (selector != null && producer.layerCount() > 1) {
      selector.setLayerBitrates(producer.layerBitrates());
    }
  }

  /** One packet of the producer, shared by its consumers: copied once it is to be sent here. */
  void send(PacketInfo shared) {
    if (paused || isClosed()) {
      return;
    }
    if (head != null) {
      head.process(shared);
    } else {
      chain.process(shared.copy());
    }
  }

  void onSenderReport(RtcpPacket.SenderReport sr) {
    if (paused || isClosed()) {
      return;
    }
    Optional<RtcpPacket.SenderReport> out = srRewriter.rewrite(sr);
    if (out.isPresent()) {
      byte[] b = RtcpPacket.serialize(List.of(out.get()));
      sink.sendRtcp(b, 0, b.length);
      txStats.onSenderReportSent(out.get().compactNtp());
    }
  }

  void onReportBlock(RtcpPacket.ReportBlock block) {
    txStats.onReportBlock(block);
  }

  /** The receiver lost packets: resend them from the cache (as RTX when negotiated). */
  void onNack(RtcpPacket.Nack nack) {
    nacksReceived++;
    if (nack.mediaSsrc() != ssrc) {
      return;
    }
    for (RtpPacket p : cache.answer(nack)) {
      rtxSent++;
      if (absSendTime != null) {
        absSendTime.stamp(p);
      }
      sink.sendRtp(p);
    }
  }

  RtpStats.StreamStats txStream() {
    return txStats.stream(ssrc);
  }

  /** Counters of this consumer and of each node of its send chain. */
  Map<String, Long> counters() {
    Map<String, Long> m = new TreeMap<>();
    m.put("nack.received", nacksReceived);
    m.put("rtx.sent", rtxSent);
    m.put("retransmission.hits", cache.hits());
    m.put("retransmission.misses", cache.misses());
    m.put("sr.rewritten", srRewriter.rewritten());
    m.put("rewriter.packets", rewriter.packetsSent());
    m.put("rewriter.skipped", rewriter.skippedPackets());
    m.put("rewriter.gaps-kept", rewriter.gapsKept());
    if (temporal != null) {
      m.put("temporal.target", (long) temporal.maxLayer());
      m.put("temporal.highest-seen", (long) temporal.highestLayerSeen());
      m.put("temporal.dropped", temporal.droppedPackets());
    }
    if (absSendTime != null) {
      m.put("abs-send-time.stamped", absSendTime.stamped());
    }
    List<NodeStats> stats = new java.util.ArrayList<>(head == null ? List.of() : Pipeline.stats(head));
    stats.addAll(Pipeline.stats(chain));
    for (NodeStats s : stats) {
      m.put("node." + s.name() + ".in", s.packetsIn());
      m.put("node." + s.name() + ".dropped", s.dropped());
    }
    RtpStats.StreamStats st = txStats.stream(ssrc);
    m.put("packets.out", st == null ? 0 : st.packets());
    m.put("bytes.out", st == null ? 0 : st.bytes());
    return m;
  }

  String describeChain() {
    return (head == null ? "" : Pipeline.describe(head)) + Pipeline.describe(chain);
  }

  @Override
  protected void closeChildren() {
    producer.removeConsumer(this);
  }
}
