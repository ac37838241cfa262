package io.sanke.media.api;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;

/** Replies to {@link Command}s; on the wire with a {@code "type"} like commands. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Reply.Done.class, name = "done"),
  @JsonSubTypes.Type(value = Reply.TransportCreated.class, name = "transportCreated"),
  @JsonSubTypes.Type(value = Reply.Answer.class, name = "answer"),
  @JsonSubTypes.Type(value = Reply.Offer.class, name = "offer"),
  @JsonSubTypes.Type(value = Reply.ConsumerCreated.class, name = "consumerCreated"),
  @JsonSubTypes.Type(value = Reply.PlainTransportCreated.class, name = "plainTransportCreated"),
  @JsonSubTypes.Type(value = Reply.Stats.class, name = "stats"),
  @JsonSubTypes.Type(value = Reply.Load.class, name = "load")
})
public sealed interface Reply {

  record Done() implements Reply {}

  /** One ICE candidate the endpoint may use (host, passive TCP). */
  record Candidate(String foundation, int component, String protocol, long priority, String address, int port,
      String type, String tcpType) {
    /** As an SDP {@code a=candidate} value. */
    public String sdp() {
      return foundation + " " + component + " " + protocol + " " + priority + " " + address + " " + port
          + " typ " + type + (tcpType == null ? "" : " tcptype " + tcpType);
    }
  }

  record TransportCreated(String transportId, String iceUfrag, String icePassword, boolean iceLite,
      List<Candidate> candidates, String dtlsFingerprint) implements Reply {}

  /** A producer the offer created: its kind, mid and simulcast rids (empty without simulcast). */
  record ProducerInfo(String producerId, String kind, String mid, List<String> rids) {}

  record Answer(String answerSdp, List<ProducerInfo> producers) implements Reply {}

  record Offer(String offerSdp) implements Reply {}

  record ConsumerCreated(String consumerId, long ssrc, long rtxSsrc, String kind) implements Reply {}

  record PlainTransportCreated(String transportId, String localHost, int localPort) implements Reply {}

  /**
   * Stats of one object. {@code counters} are monotonic; the named rates are computed
   * since the previous {@code GetStats} of the same object. The layers are a consumer's
   * (-1 for other objects, and for a consumer forwarding nothing): the simulcast layer and
   * the highest temporal layer forwarded (0 when the stream has none).
   */
  record Stats(String id, long bitrateInBps, long bitrateOutBps, double fractionLost, double rttMillis,
      double jitterMillis, int currentSpatialLayer, int currentTemporalLayer, Map<String, Long> counters)
      implements Reply {}

  /** Node load: stress in 0..1 (1 = full) and what it is made of. */
  record Load(String nodeId, String region, double stress, int routers, int transports, int producers,
      int consumers, long bitrateInBps, long bitrateOutBps) implements Reply {}
}
