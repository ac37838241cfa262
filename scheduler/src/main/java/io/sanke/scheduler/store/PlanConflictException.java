package io.sanke.scheduler.store;

import io.sanke.scheduler.api.Conflict;
import io.sanke.scheduler.api.SchedulerException;

import java.util.List;

/** A change that would introduce conflicts into the plan (409), with every one of them. */
public final class PlanConflictException extends SchedulerException {
    private final List<Conflict> conflicts;

    public PlanConflictException(List<Conflict> conflicts) {
        super("conflict", 409, "the change introduces " + conflicts.size()
                + " conflict(s); fix them or repeat with ?force=true");
        this.conflicts = List.copyOf(conflicts);
    }

    public List<Conflict> conflicts() {
        return conflicts;
    }
}
