package io.sanke.scheduler.coverage;

import io.sanke.scheduler.api.LessonSession;
import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.RecordingEvent;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;

/**
 * Computes coverage and quality figures for a scope (everything, a region with its
 * descendants, a school or a pairing) over a period. Pure: no I/O; the caller passes
 * the sessions and published-recording events it has.
 */
public final class CoverageCalculator {

    /**
     * @param sessions   sessions dated in the period, in their current state
     * @param recordings recording events (only {@code PUBLISHED} ones count)
     * @param asOf       sessions scheduled to start after this instant are not yet due
     */
    public CoverageReport compute(Plan plan, Collection<LessonSession> sessions, Collection<RecordingEvent> recordings,
                                  Scope scope, LocalDate from, LocalDate to, Instant asOf) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
