/**
 * Capture of the SFU's plain-RTP egress into durable segment files, without decoding.
 *
 * <pre>
 *  SFU PlainRtpTransport ──UDP──► LessonCapture.port()
 *                                     │  (one socket; packets demuxed by SSRC)
 *                                     ▼
 *                               SegmentWriter ──► segments/00000001.rtpseg (rotated, fsync'd)
 *                                     │
 *                                     ▼
 *                               manifest.json  (tracks, roles, segments, gaps, timeline)
 * </pre>
 *
 * Entry points: {@link io.sanke.recorder.capture.LessonCapture} (live),
 * {@link io.sanke.recorder.capture.CaptureManifest} and
 * {@link io.sanke.recorder.capture.CapturedPackets} (reading a recording back).
 */
package io.sanke.recorder.capture;
