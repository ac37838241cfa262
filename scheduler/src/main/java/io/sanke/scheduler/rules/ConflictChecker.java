package io.sanke.scheduler.rules;

import io.sanke.scheduler.api.Conflict;
import io.sanke.scheduler.api.Plan;

import java.util.List;

/**
 * Checks a plan against every conflict rule and reports every clash at once, each
 * naming both sides. Pure: no I/O, no clock.
 */
public final class ConflictChecker {

    /** Every conflict in the plan, in a stable order. */
    public List<Conflict> check(Plan plan) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Conflicts present in {@code after} and absent from {@code before}: what an edit would create. */
    public List<Conflict> introducedBy(Plan before, Plan after) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
