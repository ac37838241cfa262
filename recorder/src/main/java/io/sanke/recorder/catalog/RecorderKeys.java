package io.sanke.recorder.catalog;

/**
 * Every Redis key the recorder reads or writes (prefix {@code sanke:rec:}), and the
 * shared streams it uses. Does not hold connection details.
 */
public final class RecorderKeys {
    private RecorderKeys() {
    }

    public static final String PREFIX = "sanke:rec:";

    /** Hash: recording id → {@link io.sanke.recorder.api.Recording} JSON (the metadata of record; a copy sits beside the media). */
    public static final String RECORDINGS = PREFIX + "recordings";

    /** Hash: session id → id of its latest recording (one recording per lesson session). */
    public static final String BY_SESSION = PREFIX + "by-session";

    /** Sorted set: every recording id, scored by lesson start (epoch ms). */
    public static final String ALL = PREFIX + "idx:all";

    /** Sorted set: published recording ids, scored by lesson start (epoch ms): what viewers may see. */
    public static final String PUBLISHED = PREFIX + "idx:published";

    /** Sorted set per state: recording id scored by the time it entered the state, e.g. the review queue {@code sanke:rec:idx:state:PENDING_REVIEW}. */
    public static String state(Object state) {
        return PREFIX + "idx:state:" + state;
    }

    /** Set per facet value: {@code sanke:rec:idx:subject:数学}, {@code …:grade:四年级}, {@code …:school:sch-u1} (master or rural), {@code …:teacher:tch-u1-1}. */
    public static String facet(String facet, String value) {
        return PREFIX + "idx:" + facet + ":" + value;
    }

    /** Stream: review and retention audit, field {@code entry} = {@link AuditRecord} JSON. */
    public static final String AUDIT = PREFIX + "audit";

    /** Hash: session id → the {@code lesson.started} LessonEvent JSON of lessons live now (manual recording needs it). */
    public static final String LIVE_LESSONS = PREFIX + "live-lessons";

    /** Stream: recording jobs, field {@code job} = Job JSON; consumer group {@link #JOB_GROUP}. */
    public static final String JOBS = PREFIX + "jobs";

    /** Consumer group of the workers on {@link #JOBS}. */
    public static final String JOB_GROUP = "recorder-workers";

    /** Sorted set: Job JSON scored by the epoch ms when its retry is due. */
    public static final String JOBS_DELAYED = PREFIX + "jobs:delayed";

    /** Hash: job id → JobStatus JSON (state, attempts, progress, reason). */
    public static final String JOB_STATUS = PREFIX + "jobs:status";

    /** Stream (shared contract, read by the scheduler): lesson lifecycle events. */
    public static final String LESSON_EVENTS = "sanke:lesson-events";

    /** Consumer group of the recorder on {@link #LESSON_EVENTS}. */
    public static final String LESSON_GROUP = "recorder";

    /** Stream (shared contract): field {@code event} = RecordingEvent JSON; the scheduler counts PUBLISHED. */
    public static final String RECORDING_EVENTS = "sanke:recording-events";
}
