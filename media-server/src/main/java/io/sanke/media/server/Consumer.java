package io.sanke.media.server;

import io.sanke.media.rtp.RtcpPacket;
import io.sanke.media.rtp.RtpPacket;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A producer forwarded to one transport. Picks the simulcast layer to forward (the
 * consumer's preference, capped by the layers the producer has), switches only on a
 * keyframe of the target layer (asking for one when it waits), writes its own SSRC and
 * the receiver's payload type into a copy of each packet and hands it to its transport.
 * Paused consumers forward nothing. Does not encrypt (the transport does).
 */
public final class Consumer extends Closeable {
  private final String id;
  private final Producer producer;
  private final RtpSink sink;
  private final String mid;
  private final long ssrc;
  private final long rtxSsrc;
  private volatile int payloadType;
  private volatile int rtxPayloadType = -1;
  private volatile int preferredSpatial = Integer.MAX_VALUE;
  private volatile int preferredTemporal = Integer.MAX_VALUE;
  private volatile boolean paused;
  private volatile int currentLayer = -1;
  final Rates out;
  final Map<String, Long> counters = new ConcurrentHashMap<>();
  volatile double fractionLost;
  volatile double jitterMillis;
  volatile double rttMillis;

  Consumer(String id, Producer producer, RtpSink sink, String mid, long ssrc, long rtxSsrc, Clock clock) {
    this.id = id;
    this.producer = producer;
    this.sink = sink;
    this.mid = mid;
    this.ssrc = ssrc;
    this.rtxSsrc = rtxSsrc;
    this.payloadType = producer.payloadType();
    this.out = new Rates(clock);
    if (!producer.codec().isVideo()) {
      currentLayer = 0;
    }
  }

  public String id() {
    return id;
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

  public int currentLayer() {
    return currentLayer;
  }

  public boolean isPaused() {
    return paused;
  }

  /** Payload types the receiving endpoint chose for this codec and its RTX. */
  void setPayloadTypes(int pt, int rtxPt) {
    this.payloadType = pt;
    this.rtxPayloadType = rtxPt;
  }

  int payloadType() {
    return payloadType;
  }

  int rtxPayloadType() {
    return rtxPayloadType;
  }

  public void setPreferredLayers(int spatial, int temporal) {
    this.preferredSpatial = spatial;
    this.preferredTemporal = temporal;
    requestKeyFrameIfSwitching();
  }

  public void setPaused(boolean paused) {
    this.paused = paused;
    if (!paused) {
      if (producer.codec().isVideo()) {
        currentLayer = -1;
      }
      requestKeyFrameIfSwitching();
    }
  }

  /** The layer this consumer wants now: its preference capped by what the producer has. */
  int targetLayer() {
    return Math.max(0, Math.min(preferredSpatial, producer.layerCount() - 1));
  }

  void requestKeyFrame() {
    producer.requestKeyFrame(currentLayer >= 0 ? currentLayer : targetLayer());
  }

  private void requestKeyFrameIfSwitching() {
    if (producer.codec().isVideo() && targetLayer() != currentLayer) {
      producer.requestKeyFrame(targetLayer());
    }
  }

  void onRtp(int layer, RtpPacket packet, boolean keyframe) {
    if (paused || isClosed()) {
      count("drop.paused");
      return;
    }
    int target = targetLayer();
    if (currentLayer != target) {
      if (layer == target && keyframe) {
        currentLayer = target;
        count("layer.switch");
      } else if (layer == target) {
        producer.requestKeyFrame(target);
      }
    }
    if (layer != currentLayer) {
      return;
    }
    RtpPacket copy = packet.copy();
    copy.setSsrc(ssrc);
    copy.setPayloadType(payloadType);
    out.add(copy.length());
    sink.sendRtp(copy.buffer(), copy.offset(), copy.length());
  }

  void onSenderReport(int layer, RtcpPacket.SenderReport sr) {
    if (layer != currentLayer || paused) {
      return;
    }
    byte[] b = RtcpPacket.serialize(List.of(sr.withSsrcAndRtpTimestamp(ssrc, sr.rtpTimestamp())));
    sink.sendRtcp(b, 0, b.length);
  }

  void onReceiverReport(RtcpPacket.ReportBlock block) {
    fractionLost = block.fractionLost() / 256.0;
    int clockRate = producer.codec().clockRate();
    jitterMillis = clockRate == 0 ? 0 : block.jitter() * 1000.0 / clockRate;
  }

  void onNack(List<Integer> lost) {
    count("nack.received");
  }

  private void count(String name) {
    counters.merge(name, 1L, Long::sum);
  }

  @Override
  protected void closeChildren() {
    producer.removeConsumer(this);
  }
}
