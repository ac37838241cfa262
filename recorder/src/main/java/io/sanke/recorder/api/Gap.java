package io.sanke.recorder.api;

import java.time.Duration;

/**
 * A stretch of the lesson that the recording lacks (capture lost the stream).
 *
 * @param offset where the gap starts, from the start of the recording
 * @param length how long nothing was captured
 */
public record Gap(Duration offset, Duration length) {
}
