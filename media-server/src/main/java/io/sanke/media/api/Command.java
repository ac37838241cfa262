package io.sanke.media.api;

import java.util.List;

/**
 * The control commands of API version 1. Each names the reply type it is answered with.
 * Ids are chosen by the caller and must be unique within their parent.
 */
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
   * Forwards a producer to a transport. For a WebRTC transport {@code mid} is the
   * receiving m-section of the endpoint's next offer; for a plain transport it is ignored.
   */
  record CreateConsumer(String transportId, String consumerId, String producerId, String mid)
      implements Command<Reply.ConsumerCreated> {}

  /** Caps the simulcast layers a consumer receives (spatial 0 = lowest). */
  record SetPreferredLayers(String consumerId, int spatialLayer, int temporalLayer) implements Command<Reply.Done> {}

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

  /** Helper: ids of several consumers, for batch commands later. */
  record Ids(List<String> ids) {}
}
