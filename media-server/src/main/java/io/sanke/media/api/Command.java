package io.sanke.media.api;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The control commands of API version 1. Each names the reply type it is answered with.
 * Ids are chosen by the caller and must be unique within their parent. On the wire each
 * command is a JSON object with a {@code "type"} (the record name, lower camel case) and the
 * record's fields, for example {@code {"type":"createRouter","routerId":"room-1"}}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Command.CreateRouter.class, name = "createRouter"),
  @JsonSubTypes.Type(value = Command.CreateWebRtcTransport.class, name = "createWebRtcTransport"),
  @JsonSubTypes.Type(value = Command.ProcessOffer.class, name = "processOffer"),
  @JsonSubTypes.Type(value = Command.CreateOffer.class, name = "createOffer"),
  @JsonSubTypes.Type(value = Command.ProcessAnswer.class, name = "processAnswer"),
  @JsonSubTypes.Type(value = Command.CreateConsumer.class, name = "createConsumer"),
  @JsonSubTypes.Type(value = Command.SetPreferredLayers.class, name = "setPreferredLayers"),
  @JsonSubTypes.Type(value = Command.SetPriority.class, name = "setPriority"),
  @JsonSubTypes.Type(value = Command.SetPaused.class, name = "setPaused"),
  @JsonSubTypes.Type(value = Command.RequestKeyFrame.class, name = "requestKeyFrame"),
  @JsonSubTypes.Type(value = Command.CreatePlainRtpTransport.class, name = "createPlainRtpTransport"),
  @JsonSubTypes.Type(value = Command.Close.class, name = "close"),
  @JsonSubTypes.Type(value = Command.GetStats.class, name = "getStats"),
  @JsonSubTypes.Type(value = Command.GetLoad.class, name = "getLoad")
})
public sealed interface Command<R extends Reply> {

  /** Opens a router (one per live room). */
  record CreateRouter(String routerId) implements Command<Reply.Done> {}

  /** Opens a WebRTC transport (one per browser or classroom terminal) in a router. */
  record CreateWebRtcTransport(String routerId, String transportId) implements Command<Reply.TransportCreated> {}

  /**
   * Applies the endpoint's SDP offer: learns its ICE credentials and DTLS fingerprint,
   * creates a producer for each m-section it sends (id {@code transportId + "/" + mid}),
   * and answers m-sections it receives with the consumers bound to their mid.
   */
  record ProcessOffer(String transportId, String offerSdp) implements Command<Reply.Answer> {}

  /**
   * Builds an SDP offer from the SFU for the transport's consumers (each on the m-section of
   * its mid, sendonly, ICE-lite, setup actpass), for endpoints that receive only. Answer it
   * with {@link ProcessAnswer}.
   */
  record CreateOffer(String transportId) implements Command<Reply.Offer> {}

  /** Applies the endpoint's answer to the last {@link CreateOffer}: ICE, DTLS role and payload types. */
  record ProcessAnswer(String transportId, String answerSdp) implements Command<Reply.Done> {}

  /**
   * Forwards a producer to a transport. For a WebRTC transport {@code mid} is the
   * receiving m-section of the endpoint's next offer; for a plain transport it is ignored.
   */
  record CreateConsumer(String transportId, String consumerId, String producerId, String mid)
      implements Command<Reply.ConsumerCreated> {}

  /** Caps the simulcast layers a consumer receives (spatial 0 = lowest). */
  record SetPreferredLayers(String consumerId, int spatialLayer, int temporalLayer) implements Command<Reply.Done> {}

  /**
   * Orders a transport's video consumers when its bandwidth is short: higher priority first
   * (for example the master teacher, then the dominant speaker); equal ones oldest first.
   */
  record SetPriority(String consumerId, int priority) implements Command<Reply.Done> {}

  /** Stops or restarts forwarding to a consumer. */
  record SetPaused(String consumerId, boolean paused) implements Command<Reply.Done> {}

  /** Asks the producer of a consumer for a keyframe (throttled). */
  record RequestKeyFrame(String consumerId) implements Command<Reply.Done> {}

  /** Opens a plain RTP egress (to a recorder) that sends decrypted RTP to host:port. */
  record CreatePlainRtpTransport(String routerId, String transportId, String host, int port)
      implements Command<Reply.PlainTransportCreated> {}

  /** Closes a router, transport, producer or consumer and everything under it. */
  record Close(Kind kind, String id) implements Command<Reply.Done> {}

  /** Counters and rates of one object (router, transport, producer or consumer). */
  record GetStats(Kind kind, String id) implements Command<Reply.Stats> {}

  /** The node's load for the node registry. */
  record GetLoad() implements Command<Reply.Load> {}

  /** Object kinds addressed by {@link Close} and {@link GetStats}. */
  enum Kind { ROUTER, TRANSPORT, PRODUCER, CONSUMER }
}
