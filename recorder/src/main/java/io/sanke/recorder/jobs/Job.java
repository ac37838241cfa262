package io.sanke.recorder.jobs;

import java.time.Instant;

/**
 * One unit of recording work on the {@code sanke:rec:jobs} stream.
 *
 * @param kind        {@code transcode} (raw capture → HLS ladder, MP4, poster, uploaded)
 * @param enqueuedAt  when it was first queued
 */
public record Job(String id, String kind, String recordingId, Instant enqueuedAt) {
    public static final String TRANSCODE = "transcode";
}
