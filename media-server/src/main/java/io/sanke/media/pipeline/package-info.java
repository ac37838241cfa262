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
 *  RtxUnwrapper                              RtpRewriter   ◄── SenderReportRewriter (SR)
 *  RtpStats(rx)                              RetransmissionCache ◄── NACK from consumer ─► RTX
 *  AudioLevelReader ──► DominantSpeakerDetector RtpStats(tx)
 *  NackGenerator ──► NACK up                 TransportCcTagger ──► BandwidthEstimator ──► LayerSelector
 *  SimulcastDemux                            sink: SRTP protect, send
 *  sink: fan-out to consumers (copy each)
 * </pre>
 */
package io.sanke.media.pipeline;
