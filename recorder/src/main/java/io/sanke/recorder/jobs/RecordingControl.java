package io.sanke.recorder.jobs;

import io.sanke.recorder.api.Caller;
import io.sanke.recorder.api.Recording;
import io.sanke.recorder.api.RecorderException;
import io.sanke.recorder.api.RecordingMetadata;
import io.sanke.recorder.api.RecordingState;
import io.sanke.recorder.catalog.Catalog;
import io.sanke.recorder.catalog.RecorderJson;
import io.sanke.recorder.catalog.RecorderKeys;
import io.sanke.recorder.repository.Keys;
import io.sanke.recorder.repository.S3Repository;
import io.sanke.recorder.repository.UploadListener;
import io.sanke.recorder.review.RecordingEvents;
import io.sanke.scheduler.api.LessonEvent;
import io.sanke.scheduler.api.Participant;
import io.sanke.scheduler.api.RecordingEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Starts and stops recordings of lessons, automatically (the {@link LessonFollower})
 * or by hand (a teacher of the lesson, or a coordinator): creates the catalog entry
 * with the lesson's metadata, drives the {@link CaptureControl}, uploads the captured
 * capture directory to {@code recordings/{id}/raw/} (then deletes the local copy) and queues the transcode job in the same
 * transaction that marks the recording RECORDED. Also marks recordings whose job
 * failed for good. Does not decide when lessons happen (the scheduler's events do).
 */
public final class RecordingControl implements JobWorker.FailureSink {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingControl.class);

    private final Vertx vertx;
    private final Catalog catalog;
    private final S3Repository repository;
    private final JobQueue jobs;
    private final CaptureControl capture;

    public RecordingControl(Vertx vertx, Catalog catalog, S3Repository repository, JobQueue jobs, CaptureControl capture) {
        this.vertx = vertx;
        this.catalog = catalog;
        this.repository = repository;
        this.jobs = jobs;
        this.capture = capture;
    }

    /** The lesson as announced by its {@code lesson.started} event, if it is live now. */
    public Future<LessonEvent> liveLesson(String sessionId) {
        return catalog.redis().send(Request.cmd(Command.HGET).arg(RecorderKeys.LIVE_LESSONS).arg(sessionId))
                .map(r -> r == null ? null : RecorderJson.read(r.toString(), LessonEvent.class));
    }

    /** May {@code who} start or stop recording this lesson by hand? Its master teacher and coordinators may. */
    public static void checkManual(Caller who, LessonEvent lesson) {
        if (who.isCoordinator()) {
            return;
        }
        String master = lesson.pairing() == null ? null : lesson.pairing().masterTeacherId();
        if (Caller.TEACHER.equals(who.role()) && who.teacherId() != null && who.teacherId().equals(master)) {
            return;
        }
        throw RecorderException.forbidden("only the lesson's master teacher or a coordinator may record it [session:"
                + lesson.sessionId() + "]");
    }

    /** Starts recording a live lesson by hand. */
    public Future<Recording> startManual(String sessionId, Caller who) {
        return liveLesson(sessionId).compose(lesson -> {
            if (lesson == null) {
                return Future.failedFuture(new RecorderException("invalid_state", 409,
                        "the lesson is not live, nothing to record [session:" + sessionId + "]"));
            }
            checkManual(who, lesson);
            return start(lesson, "manual", who);
        });
    }

    /** Stops recording by hand. */
    public Future<Recording> stopManual(String sessionId, Caller who) {
        return liveLesson(sessionId).compose(lesson -> {
            if (lesson != null) {
                checkManual(who, lesson);
            } else if (!who.isCoordinator()) {
                return Future.failedFuture(RecorderException.forbidden("the lesson is over; only a coordinator may stop "
                        + "its recording [session:" + sessionId + "]"));
            }
            return stop(sessionId, who);
        });
    }

    /** Creates the recording (idempotent per session) and starts the capture. */
    public Future<Recording> start(LessonEvent lesson, String trigger, Caller who) {
        Instant now = catalog.now();
        Recording fresh = new Recording("rec-" + UUID.randomUUID().toString().substring(0, 13), lesson.sessionId(),
                RecordingState.RECORDING, trigger, metadataOf(lesson, now), null, null, now, now, false);
        return catalog.create(fresh, catalog.audit(who.subject(), who.role(), "recording.started", fresh.id(), null,
                        RecordingState.RECORDING, trigger),
                List.of(RecordingEvents.of(RecordingEvent.Type.STARTED, fresh, now)))
                .compose(r -> {
                    if (!r.id().equals(fresh.id())) {
                        return Future.succeededFuture(r); // the session already has a recording
                    }
                    return vertx.executeBlocking(() -> {
                        capture.start(r.id(), lesson);
                        LOG.info("recording {} started ({}) [session:{}]", r.id(), trigger, lesson.sessionId());
                        return r;
                    }, false).recover(e -> markFailed(r.id(), "capture did not start: " + e.getMessage())
                            .compose(x -> Future.failedFuture(e)));
                });
    }

    /**
     * Stops the capture of the session's recording, uploads its segments (retried),
     * marks it RECORDED and queues its transcode job. A recording that is not
     * RECORDING is answered as it is.
     */
    public Future<Recording> stop(String sessionId, Caller who) {
        return catalog.ofSession(sessionId).compose(r -> {
            if (r == null) {
                return Future.failedFuture(RecorderException.notFound("recording of session", sessionId));
            }
            if (r.state() != RecordingState.RECORDING) {
                return Future.succeededFuture(r);
            }
            return vertx.executeBlocking(() -> {
                CaptureControl.Captured captured = capture.stop(r.id());
                if (captured.directory() != null) {
                    repository.uploadTree(Keys.raw(r.id()), captured.directory(), UploadListener.NONE);
                    TranscodeJob.deleteTree(captured.directory()); // safe in the repository now
                }
                repository.putString(Keys.metadata(r.id()), RecorderJson.write(new TranscodeJob.MetadataFile(r.id(),
                        r.sessionId(), r.metadata().ended(catalog.now(), captured.gaps()))), "application/json");
                return captured;
            }, false).compose(captured -> {
                Instant now = catalog.now();
                Job job = jobs.newJob(Job.TRANSCODE, r.id());
                boolean empty = captured.directory() == null;
                return catalog.update(r.id(), x -> {
                    if (x.state() != RecordingState.RECORDING) {
                        return x;
                    }
                    Recording ended = x.withMetadata(x.metadata().ended(now, captured.gaps()), now);
                    return empty ? ended.withState(RecordingState.FAILED, "nothing was captured", now)
                            : ended.withState(RecordingState.RECORDED, null, now);
                }, (before, after) -> {
                    List<Request> ops = new ArrayList<>();
                    ops.add(Catalog.auditOp(catalog.audit(who.subject(), who.role(), "recording.stopped", r.id(),
                            before.state(), after.state(), after.reason())));
                    if (after.state() == RecordingState.RECORDED) {
                        ops.addAll(jobs.enqueueOps(job));
                    } else {
                        ops.add(RecordingEvents.of(RecordingEvent.Type.FAILED, after, now));
                    }
                    return ops;
                });
            });
        });
    }

    /** A job failed for good: the recording ends FAILED with the reason, audited, and reported. */
    @Override
    public void failed(Job job, String reason) {
        markFailed(job.recordingId(), reason).await();
    }

    private Future<Recording> markFailed(String id, String reason) {
        Instant now = catalog.now();
        return catalog.update(id, x -> x.state().canMoveTo(RecordingState.FAILED)
                        ? x.withState(RecordingState.FAILED, reason, now) : x,
                (before, after) -> List.of(
                        Catalog.auditOp(catalog.audit("system", "system", "recording.failed", id, before.state(),
                                after.state(), reason)),
                        RecordingEvents.of(RecordingEvent.Type.FAILED, after, now)));
    }

    /** The library's metadata of a lesson, from its lesson event. */
    public static RecordingMetadata metadataOf(LessonEvent e, Instant now) {
        String teacherId = null;
        String teacherName = null;
        String masterClassroom = e.pairing() == null ? null : e.pairing().masterClassroomId();
        String masterSchool = null;
        String masterClassroomName = null;
        List<String> rural = new ArrayList<>();
        for (Participant p : e.participants()) {
            switch (p.role()) {
                case MASTER_TEACHER -> {
                    teacherId = p.id();
                    teacherName = p.name();
                }
                case MASTER_CLASSROOM -> {
                    masterClassroom = p.id();
                    masterSchool = p.schoolId();
                    masterClassroomName = p.name();
                }
                case LISTENING_CLASSROOM -> {
                    if (p.schoolId() != null && !rural.contains(p.schoolId())) {
                        rural.add(p.schoolId());
                    }
                }
                case ASSISTANT_TEACHER -> { }
            }
        }
        if (teacherId == null && e.pairing() != null) {
            teacherId = e.pairing().masterTeacherId();
        }
        Instant started = e.session() != null && e.session().actualStart() != null ? e.session().actualStart() : now;
        return new RecordingMetadata(
                e.pairing() == null ? null : e.pairing().subject(),
                e.pairing() == null ? null : e.pairing().grade(),
                teacherId, teacherName, masterClassroom, masterClassroomName, masterSchool, rural,
                e.session() == null ? null : e.session().date(), started, null, null, List.of(), List.of(), null, null, null);
    }

    static boolean same(String a, String b) {
        return Objects.equals(a, b);
    }
}
