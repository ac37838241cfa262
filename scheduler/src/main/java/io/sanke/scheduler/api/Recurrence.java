package io.sanke.scheduler.api;

/**
 * How often a {@link TimetableEntry} recurs. Weeks are numbered from 1, the week
 * (Monday to Sunday) that holds the term's first day.
 */
public enum Recurrence {
    /** Once, on the entry's {@code from} date. */
    ONCE,
    WEEKLY,
    /** Every other week: weeks 1, 3, 5, … of the term. */
    ODD_WEEKS,
    /** Every other week: weeks 2, 4, 6, … of the term. */
    EVEN_WEEKS
}
