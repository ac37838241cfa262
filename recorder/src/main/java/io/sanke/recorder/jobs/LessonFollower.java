package io.sanke.recorder.jobs;

import io.sanke.recorder.api.Caller;
import io.sanke.recorder.catalog.RecorderJson;
import io.sanke.recorder.catalog.RecorderKeys;
import io.sanke.scheduler.api.Classroom;
import io.sanke.scheduler.api.LessonEvent;
import io.sanke.scheduler.store.RedisKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Follows the scheduler's {@code sanke:lesson-events} in consumer group {@code recorder}:
 * on {@code lesson.started} it remembers the lesson as live and starts recording it when
 * its pairing says {@code autoRecord} or its master classroom is {@code recordingCapable}
 * (a 录播教室); on {@code lesson.ended} (also cancelled or missed) it stops the recording.
 * An entry is acknowledged after it was handled (a malformed one is dropped); one whose
 * handling failed stays pending and is tried again at the next poll (never while a poll
 * is still under way, so one event is never applied twice at once); idle entries of
 * dead consumers are claimed at start (events are at-least-once,
 * recordings are created once per session). Polls without blocking; owns no timer.
 */
public final class LessonFollower {
    private static final Logger LOG = LoggerFactory.getLogger(LessonFollower.class);
    private static final int BATCH = 50;

    private final Redis redis;
    private final RecordingControl control;
    private final String consumer;
    private final Duration claimIdle;
    /** The poll under way, if any (polls come from one timer on one context). */
    private Future<Integer> polling;

    public LessonFollower(Redis redis, RecordingControl control, String consumer, Duration claimIdle) {
        this.redis = redis;
        this.control = control;
        this.consumer = consumer;
        this.claimIdle = claimIdle;
    }

    public Future<Integer> start() {
        return redis.send(Request.cmd(Command.XGROUP).arg("CREATE").arg(RecorderKeys.LESSON_EVENTS)
                        .arg(RecorderKeys.LESSON_GROUP).arg("$").arg("MKSTREAM"))
                .recover(e -> e.getMessage() != null && e.getMessage().contains("BUSYGROUP")
                        ? Future.succeededFuture() : Future.failedFuture(e))
                .compose(v -> redis.send(Request.cmd(Command.XAUTOCLAIM).arg(RecorderKeys.LESSON_EVENTS)
                        .arg(RecorderKeys.LESSON_GROUP).arg(consumer).arg(claimIdle.toMillis()).arg("0-0")
                        .arg("COUNT").arg(BATCH * 10)))
                .compose(claimed -> handle(claimed.get(1)))
                .compose(n -> read("0").map(m -> n + m));
    }

    /**
     * Handles the events not yet delivered to the group, after this consumer's pending
     * ones (events whose handling failed, e.g. the repository was away); answers how many.
     */
    public Future<Integer> poll() {
        if (polling != null) {
            // the poll under way still holds its entries pending: reading them again now
            // would apply an event twice at once (two stops of one capture racing)
            return Future.succeededFuture(0);
        }
        Future<Integer> f = read("0").compose(n -> read(">").map(m -> n + m));
        polling = f;
        f.onComplete(ar -> polling = null);
        return f;
    }

    private Future<Integer> read(String from) {
        return redis.send(Request.cmd(Command.XREADGROUP).arg("GROUP").arg(RecorderKeys.LESSON_GROUP).arg(consumer)
                        .arg("COUNT").arg(BATCH).arg("STREAMS").arg(RecorderKeys.LESSON_EVENTS).arg(from))
                .compose(r -> r == null || r.size() == 0 ? Future.succeededFuture(0) : handle(r.get(0).get(1)));
    }

    private Future<Integer> handle(Response entries) {
        Future<Integer> done = Future.succeededFuture(0);
        if (entries == null) {
            return done;
        }
        for (Response entry : entries) {
            if (entry == null || entry.size() < 2 || entry.get(1) == null) {
                continue;
            }
            String entryId = entry.get(0).toString();
            Response fields = entry.get(1);
            String payload = null;
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                if ("payload".equals(fields.get(i).toString())) {
                    payload = fields.get(i + 1).toString();
                }
            }
            String json = payload;
            done = done.compose(n -> Future.succeededFuture().compose(x -> apply(json)) // a parse error fails the future
                    .map(true)
                    .recover(e -> {
                        boolean hopeless = e instanceof java.io.UncheckedIOException || e instanceof IllegalArgumentException;
                        LOG.warn("lesson event {} not applied{}: {}", entryId,
                                hopeless ? " (malformed, dropped)" : " (kept pending, tried again)", e.toString());
                        return Future.succeededFuture(hopeless);
                    })
                    .compose(ack -> ack ? redis.send(Request.cmd(Command.XACK).arg(RecorderKeys.LESSON_EVENTS)
                            .arg(RecorderKeys.LESSON_GROUP).arg(entryId)).map(n + 1) : Future.succeededFuture(n)));
        }
        return done;
    }

    private Future<Void> apply(String payload) {
        if (payload == null) {
            return Future.succeededFuture();
        }
        LessonEvent e = RecorderJson.read(payload, LessonEvent.class);
        return switch (e.type()) {
            case LessonEvent.STARTED -> redis.send(Request.cmd(Command.HSET).arg(RecorderKeys.LIVE_LESSONS)
                            .arg(e.sessionId()).arg(payload))
                    .compose(v -> shouldRecord(e))
                    .compose(record -> record ? control.start(e, "auto", Caller.SYSTEM).mapEmpty()
                            : Future.<Void>succeededFuture());
            case LessonEvent.ENDED, LessonEvent.CANCELLED, LessonEvent.MISSED ->
                    redis.send(Request.cmd(Command.HDEL).arg(RecorderKeys.LIVE_LESSONS).arg(e.sessionId()))
                            .compose(v -> control.stop(e.sessionId(), Caller.SYSTEM).<Void>mapEmpty()
                                    .recover(err -> err instanceof io.sanke.recorder.api.RecorderException re
                                            && re.status() == 404 ? Future.succeededFuture() // nothing was recording
                                            : Future.failedFuture(err)));
            default -> Future.succeededFuture();
        };
    }

    /** The pairing says autoRecord, or the master classroom is a recorded classroom (scheduler's classroom hash). */
    Future<Boolean> shouldRecord(LessonEvent e) {
        if (e.pairing() == null) {
            return Future.succeededFuture(false);
        }
        if (e.pairing().autoRecord()) {
            return Future.succeededFuture(true);
        }
        return redis.send(Request.cmd(Command.HGET).arg(RedisKeys.entities("classrooms"))
                        .arg(e.pairing().masterClassroomId()))
                .map(r -> r != null && RecorderJson.read(r.toString(), Classroom.class).recordingCapable());
    }
}
