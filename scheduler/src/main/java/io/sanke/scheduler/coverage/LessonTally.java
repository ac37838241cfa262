package io.sanke.scheduler.coverage;

import io.sanke.scheduler.api.LessonSession;
import io.sanke.scheduler.api.SessionState;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * What happened to a set of lessons (one pairing's, or a scope's): counts by outcome
 * and seconds delivered, with the definitions of {@code docs/scheduler-rules.md}. A
 * session is due when it is LIVE, ENDED or MISSED or its scheduled start is not after
 * {@code asOf}. Does not filter by date or scope: the caller does.
 */
final class LessonTally {
    int scheduled;
    int delivered;
    int missed;
    int pending;
    int cancelled;
    int notYetDue;
    int recorded;
    long seconds;

    void add(LessonSession s, Instant asOf, Set<String> publishedSessions) {
        SessionState state = s.state();
        if (state == SessionState.CANCELLED) {
            cancelled++;
            return;
        }
        boolean due = state == SessionState.LIVE || state == SessionState.ENDED || state == SessionState.MISSED
                || s.scheduledStart() == null || !s.scheduledStart().isAfter(asOf);
        if (!due) {
            notYetDue++;
            return;
        }
        scheduled++;
        if (s.delivered()) {
            delivered++;
            seconds += seconds(s);
            if (s.recorded() || publishedSessions.contains(s.id())) {
                recorded++;
            }
        } else if (state == SessionState.MISSED) {
            missed++;
        } else {
            pending++;
        }
    }

    void add(LessonTally t) {
        scheduled += t.scheduled;
        delivered += t.delivered;
        missed += t.missed;
        pending += t.pending;
        cancelled += t.cancelled;
        notYetDue += t.notYetDue;
        recorded += t.recorded;
        seconds += t.seconds;
    }

    /** Actual start to end when both are known, else the scheduled duration. */
    static long seconds(LessonSession s) {
        if (s.actualStart() != null && s.actualEnd() != null && s.actualEnd().isAfter(s.actualStart())) {
            return Duration.between(s.actualStart(), s.actualEnd()).toSeconds();
        }
        if (s.scheduledStart() != null && s.scheduledEnd() != null && s.scheduledEnd().isAfter(s.scheduledStart())) {
            return Duration.between(s.scheduledStart(), s.scheduledEnd()).toSeconds();
        }
        return 0;
    }
}
