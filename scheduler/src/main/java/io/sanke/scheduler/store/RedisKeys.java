package io.sanke.scheduler.store;

/**
 * Every Redis key the scheduler reads or writes. Plan entities live as JSON in one
 * hash per kind (field = id); sessions as JSON in a hash plus a sorted set by start.
 * Does not hold connection details.
 */
public final class RedisKeys {
    private RedisKeys() {
    }

    /** Prefix of every scheduler-owned key. */
    public static final String PREFIX = "sanke:sched:";

    /** Hash: entity id → entity JSON, one per kind: {@code sanke:sched:regions}, {@code …:schools}, {@code …:classrooms}, {@code …:teachers}, {@code …:pairings}, {@code …:terms}, {@code …:timetable}. */
    public static String entities(String kind) {
        return PREFIX + kind;
    }

    /** Hash: session id ({@code entryId@date}) → {@link io.sanke.scheduler.api.LessonSession} JSON, with its state. */
    public static final String SESSIONS = PREFIX + "sessions";

    /** Sorted set: session id scored by scheduled start (epoch milliseconds), for range queries. */
    public static final String SESSIONS_BY_START = PREFIX + "sessions:by-start";

    /** Hash: recording id → PUBLISHED {@link io.sanke.scheduler.api.RecordingEvent} JSON, for recording coverage. */
    public static final String RECORDINGS = PREFIX + "recordings";

    /** Stream: audit log, one entry per change, field {@code entry} = {@link AuditEntry} JSON (without its id). */
    public static final String AUDIT = PREFIX + "audit";

    /** Stream (shared contract): lesson lifecycle events, fields {@code type}, {@code sessionId}, {@code payload}. */
    public static final String LESSON_EVENTS = "sanke:lesson-events";

    /** Stream (shared contract, written by the recorder): field {@code event} = RecordingEvent JSON. */
    public static final String RECORDING_EVENTS = "sanke:recording-events";

    /** Consumer group of the scheduler on {@link #RECORDING_EVENTS}. */
    public static final String RECORDING_GROUP = "scheduler";
}
