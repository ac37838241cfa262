/**
 * Transcoding of a captured lesson with JavaCV/FFmpeg, after the lesson (or while it runs).
 *
 * <pre>
 *  segments ──► RtpDepacketizer (VP8 / H.264 / Opus, per SSRC) ──► decoders (avcodec)
 *                                                                      │
 *                        ┌─────────────────────────────────────────────┘
 *                        ▼
 *        Compositor (teacher large, courseware, classroom strip, on-stage enlarged)
 *        AudioMixer (everyone who spoke, 48 kHz)
 *                        │
 *          ┌─────────────┼──────────────────┬─────────────────┐
 *          ▼             ▼                  ▼                 ▼
 *    lesson.mp4     hls/720p, 360p,      poster.jpg     thumbs/*.jpg
 *    (H.264+AAC,    180p + master.m3u8
 *     faststart)
 * </pre>
 *
 * Entry point: {@link io.sanke.recorder.transcode.LessonTranscoder}. CPU-heavy and
 * blocking: call it from a worker thread, never from an event loop.
 */
package io.sanke.recorder.transcode;
