package io.sanke.scheduler.api;

/**
 * Lifecycle of a {@link LessonSession}:
 * <pre>
 * SCHEDULED ──open lead time──► OPEN ──teacher starts──► LIVE ──teacher ends──► ENDED
 *     │                          │
 *     └──── cancelled ───────────┴──► CANCELLED        OPEN ──10 min after start──► MISSED
 * </pre>
 */
public enum SessionState {
    SCHEDULED, OPEN, LIVE, ENDED, CANCELLED, MISSED;

    /** True once nothing can happen to the session any more. */
    public boolean isFinal() {
        return this == ENDED || this == CANCELLED || this == MISSED;
    }
}
