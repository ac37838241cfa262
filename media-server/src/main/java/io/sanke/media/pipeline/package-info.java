/**
 * The SFU's packet pipelines: a sealed {@link io.sanke.media.pipeline.Node} type
 * (transformer, filter, observer, demuxer) that counts what it does, a
 * {@link io.sanke.media.pipeline.Pipeline} builder that reads top to bottom, and the
 * nodes and helpers of the receive and send paths. No sockets, no crypto: the transport
 * feeds decrypted packets in and encrypts what comes out. See docs/media-pipeline.md.
 *
 * <pre>
 *  receive (per producer transport)          send (per consumer)
 *  RtpParser                                 LayerSelector ── keyframe? ──► KeyframeRequester (PLI/FIR up)
 *  RtxUnwrapper                              TemporalLayerFilter ── drops ──► RtpRewriter.skip
 *  RtpStats(rx)                              (copy)
 *  AudioLevelReader ──► DominantSpeakerDetector RtpRewriter   ◄── SenderReportRewriter (SR)
 *  NackGenerator ──► NACK up                 HeaderExtensionRewriter, AbsSendTimeStamper
 *  SimulcastDemux                            RetransmissionCache ◄── NACK from consumer ─► RTX
 *  sink: fan-out to consumers                RtpStats(tx)
 *                                            TransportCcTagger ──► BandwidthEstimator ──► LayerSelector
 *                                            sink: SRTP protect, send
 * </pre>
 */
package io.sanke.media.pipeline;
