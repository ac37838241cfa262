package io.sanke.scheduler.api;

/** The rules a plan is checked against. */
public enum ConflictKind {
    /** A classroom in two overlapping lessons. */
    CLASSROOM_DOUBLE_BOOKED,
    /** A teacher (master or assistant) in two overlapping lessons. */
    TEACHER_DOUBLE_BOOKED,
    /** A lesson dated outside its term. */
    OUTSIDE_TERM,
    /** A lesson dated on one of its term's holidays. */
    ON_HOLIDAY,
    /** A listening classroom whose declared downlink cannot carry the pairing's profile. */
    DOWNLINK_TOO_LOW,
    /** A pairing whose listening classroom is in the master classroom's own school. */
    SAME_SCHOOL
}
