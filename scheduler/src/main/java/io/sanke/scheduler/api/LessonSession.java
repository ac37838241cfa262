package io.sanke.scheduler.api;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One dated lesson, derived from a {@link TimetableEntry}.
 *
 * @param actualStart when the teacher started it, or {@code null}
 * @param actualEnd   when it ended, or {@code null}
 * @param recorded    true once a recording of it was published
 */
public record LessonSession(String id, String entryId, String pairingId, LocalDate date,
                            Instant scheduledStart, Instant scheduledEnd, SessionState state,
                            Instant actualStart, Instant actualEnd, boolean recorded) {

    /** The id of the session an entry yields on a date: stable, so regenerating is idempotent. */
    public static String idFor(String entryId, LocalDate date) {
        return entryId + "@" + date;
    }

    public LessonSession withState(SessionState newState) {
        return new LessonSession(id, entryId, pairingId, date, scheduledStart, scheduledEnd,
                newState, actualStart, actualEnd, recorded);
    }

    public LessonSession started(Instant at) {
        return new LessonSession(id, entryId, pairingId, date, scheduledStart, scheduledEnd,
                SessionState.LIVE, at, null, recorded);
    }

    public LessonSession ended(Instant at) {
        return new LessonSession(id, entryId, pairingId, date, scheduledStart, scheduledEnd,
                SessionState.ENDED, actualStart, at, recorded);
    }

    public LessonSession withRecorded(boolean value) {
        return new LessonSession(id, entryId, pairingId, date, scheduledStart, scheduledEnd,
                state, actualStart, actualEnd, value);
    }

    /** True for a lesson that was actually given (it went live). */
    public boolean delivered() {
        return state == SessionState.ENDED || state == SessionState.LIVE;
    }
}
