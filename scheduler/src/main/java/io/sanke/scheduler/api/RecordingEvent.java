package io.sanke.scheduler.api;

import java.time.Instant;

/**
 * What the recorder reports on the {@code sanke:recording-events} stream; the
 * recording coverage figures count {@link Type#PUBLISHED} events.
 *
 * @param sessionId   the recorded lesson session
 * @param classroomId the recorded classroom (the master classroom of the lesson)
 */
public record RecordingEvent(Type type, String recordingId, String sessionId, String classroomId, Instant at) {
    public enum Type { STARTED, COMPLETED, PUBLISHED, REJECTED, FAILED }
}
