package io.sanke.recorder.jobs;

import java.time.Instant;

/**
 * What a job is doing, for people and tests ({@code sanke:rec:jobs:status}).
 *
 * @param state     {@code queued}, {@code running}, {@code retrying}, {@code done}, {@code failed}
 * @param attempts  tries started so far (a try whose worker died counts)
 * @param progress  0..1 of the current try
 * @param worker    consumer name of the worker on it
 * @param reason    the last failure, or null
 * @param retryAt   when the next try is due, for {@code retrying}
 */
public record JobStatus(String jobId, String recordingId, String state, int attempts, double progress,
                        String worker, String reason, Instant updatedAt, Instant retryAt) {
}
