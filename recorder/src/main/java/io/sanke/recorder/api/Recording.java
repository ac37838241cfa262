package io.sanke.recorder.api;

import java.time.Instant;

/**
 * One recording of one lesson session, with its place in the review workflow.
 *
 * @param trigger      {@code auto} (pairing or classroom says so) or {@code manual} (a teacher pressed record)
 * @param reason       why it was rejected or failed, else {@code null}
 * @param decidedBy    the reviewer who published or rejected it, else {@code null}
 * @param mediaRemoved true once retention removed a rejected recording's media
 */
public record Recording(String id, String sessionId, RecordingState state, String trigger,
                        RecordingMetadata metadata, String reason, String decidedBy,
                        Instant createdAt, Instant updatedAt, boolean mediaRemoved) {

    public Recording withState(RecordingState next, String why, Instant at) {
        return new Recording(id, sessionId, next, trigger, metadata, why, decidedBy, createdAt, at, mediaRemoved);
    }

    public Recording decided(RecordingState next, String why, String reviewer, Instant at) {
        return new Recording(id, sessionId, next, trigger, metadata, why, reviewer, createdAt, at, mediaRemoved);
    }

    public Recording withMetadata(RecordingMetadata m, Instant at) {
        return new Recording(id, sessionId, state, trigger, m, reason, decidedBy, createdAt, at, mediaRemoved);
    }

    public Recording mediaRemoved(Instant at) {
        return new Recording(id, sessionId, state, trigger, metadata, reason, decidedBy, createdAt, at, true);
    }

    public boolean published() {
        return state == RecordingState.PUBLISHED;
    }
}
