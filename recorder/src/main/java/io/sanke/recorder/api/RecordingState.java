package io.sanke.recorder.api;

import java.util.Set;

/**
 * Where a recording is in its life:
 * <pre>
 * RECORDING ─stop─► RECORDED ─job─► PROCESSING ─► PENDING_REVIEW ─publish─► PUBLISHED
 *                       │               │                     └──reject───► REJECTED ─retention─► (media removed)
 *                       └───────────────┴─ attempts exhausted ─► FAILED (with its reason)
 * </pre>
 * Only {@link #PUBLISHED} recordings are visible to viewers.
 */
public enum RecordingState {
    RECORDING, RECORDED, PROCESSING, PENDING_REVIEW, PUBLISHED, REJECTED, FAILED;

    /** The states this one may move to. */
    public Set<RecordingState> next() {
        return switch (this) {
            case RECORDING -> Set.of(RECORDED, FAILED);
            case RECORDED -> Set.of(PROCESSING, FAILED);
            case PROCESSING -> Set.of(PROCESSING, RECORDED, PENDING_REVIEW, FAILED);
            case PENDING_REVIEW -> Set.of(PUBLISHED, REJECTED);
            case PUBLISHED, REJECTED, FAILED -> Set.of();
        };
    }

    public boolean canMoveTo(RecordingState target) {
        return next().contains(target);
    }
}
