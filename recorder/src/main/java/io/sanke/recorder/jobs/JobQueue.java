package io.sanke.recorder.jobs;

import io.sanke.recorder.catalog.RecorderJson;
import io.sanke.recorder.catalog.RecorderKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The recording job queue on Redis Streams: jobs are entries of {@code sanke:rec:jobs}
 * read by consumer group {@code recorder-workers}. An entry stays pending until its
 * worker acknowledges it, so a worker that dies leaves it to be read again (same
 * consumer name at restart) or claimed by another worker ({@code XAUTOCLAIM} after
 * {@code claimIdle}). Retries wait in the sorted set {@code sanke:rec:jobs:delayed}
 * until due (by the injected clock), then go back on the stream. Non-blocking; the
 * {@link JobWorker} drives it.
 */
public final class JobQueue {
    /** An entry read from the stream: its stream id and the job. */
    public record Delivery(String entryId, Job job) {
    }

    private final Redis redis;
    private final Clock clock;

    public JobQueue(Redis redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    /** Creates the consumer group (and the stream) if missing. */
    public Future<Void> init() {
        return redis.send(Request.cmd(Command.XGROUP).arg("CREATE").arg(RecorderKeys.JOBS).arg(RecorderKeys.JOB_GROUP)
                        .arg("0").arg("MKSTREAM"))
                .<Void>mapEmpty()
                .recover(e -> e.getMessage() != null && e.getMessage().contains("BUSYGROUP")
                        ? Future.succeededFuture() : Future.failedFuture(e));
    }

    /** A new job; add {@link #enqueueOps} to a transaction to queue it with the change that asks for it. */
    public Job newJob(String kind, String recordingId) {
        return new Job("job-" + UUID.randomUUID().toString().substring(0, 13), kind, recordingId, clock.instant());
    }

    public List<Request> enqueueOps(Job job) {
        Instant now = clock.instant();
        return List.of(
                Request.cmd(Command.XADD).arg(RecorderKeys.JOBS).arg("*").arg("job").arg(RecorderJson.write(job)),
                statusOp(new JobStatus(job.id(), job.recordingId(), "queued", 0, 0, null, null, now, null)));
    }

    public Future<Void> enqueue(Job job) {
        return redis.batch(enqueueOps(job)).mapEmpty();
    }

    /** Entries already delivered to {@code consumer} and not acknowledged (it died holding them). */
    public Future<List<Delivery>> ownPending(String consumer, int count) {
        return read(consumer, "0", count, 0);
    }

    /** Claims entries other consumers left idle at least {@code minIdleMillis}. */
    public Future<List<Delivery>> claimIdle(String consumer, long minIdleMillis, int count) {
        return redis.send(Request.cmd(Command.XAUTOCLAIM).arg(RecorderKeys.JOBS).arg(RecorderKeys.JOB_GROUP)
                        .arg(consumer).arg(minIdleMillis).arg("0-0").arg("COUNT").arg(count))
                .map(r -> deliveries(r == null ? null : r.get(1)));
    }

    /** New entries, waiting up to {@code blockMillis} (0: do not wait). */
    public Future<List<Delivery>> next(String consumer, int count, long blockMillis) {
        return read(consumer, ">", count, blockMillis);
    }

    private Future<List<Delivery>> read(String consumer, String from, int count, long blockMillis) {
        Request r = Request.cmd(Command.XREADGROUP).arg("GROUP").arg(RecorderKeys.JOB_GROUP).arg(consumer)
                .arg("COUNT").arg(count);
        if (blockMillis > 0) {
            r.arg("BLOCK").arg(blockMillis);
        }
        r.arg("STREAMS").arg(RecorderKeys.JOBS).arg(from);
        return redis.send(r).map(resp -> resp == null || resp.size() == 0 ? List.of() : deliveries(first(resp).get(1)));
    }

    /** XREADGROUP answers (RESP2) [[stream, entries]]. */
    private static Response first(Response resp) {
        return resp.get(0);
    }

    private static List<Delivery> deliveries(Response entries) {
        List<Delivery> out = new ArrayList<>();
        if (entries == null) {
            return out;
        }
        for (Response e : entries) {
            if (e == null || e.size() < 2 || e.get(1) == null) {
                continue;
            }
            Response fields = e.get(1);
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                if ("job".equals(fields.get(i).toString())) {
                    out.add(new Delivery(e.get(0).toString(), RecorderJson.read(fields.get(i + 1).toString(), Job.class)));
                }
            }
        }
        return out;
    }

    /** Acknowledges and removes a finished entry. */
    public List<Request> doneOps(Delivery d) {
        return List.of(Request.cmd(Command.XACK).arg(RecorderKeys.JOBS).arg(RecorderKeys.JOB_GROUP).arg(d.entryId()),
                Request.cmd(Command.XDEL).arg(RecorderKeys.JOBS).arg(d.entryId()));
    }

    /** Acknowledges the entry and parks the job until {@code due}. */
    public List<Request> retryLaterOps(Delivery d, Instant due) {
        List<Request> ops = new ArrayList<>(doneOps(d));
        ops.add(Request.cmd(Command.ZADD).arg(RecorderKeys.JOBS_DELAYED).arg(due.toEpochMilli())
                .arg(RecorderJson.write(d.job())));
        return ops;
    }

    /** Puts every parked job whose retry is due back on the stream; answers how many. */
    public Future<Integer> promoteDue() {
        long now = clock.instant().toEpochMilli();
        return redis.send(Request.cmd(Command.ZRANGEBYSCORE).arg(RecorderKeys.JOBS_DELAYED).arg("-inf").arg(now))
                .compose(due -> {
                    Future<Integer> done = Future.succeededFuture(0);
                    if (due == null) {
                        return done;
                    }
                    for (Response j : due) {
                        String json = j.toString();
                        // ZREM first: only the worker whose ZREM removed it re-queues it
                        done = done.compose(n -> redis.send(Request.cmd(Command.ZREM).arg(RecorderKeys.JOBS_DELAYED).arg(json))
                                .compose(removed -> removed.toInteger() == 0 ? Future.succeededFuture(n)
                                        : redis.send(Request.cmd(Command.XADD).arg(RecorderKeys.JOBS).arg("*")
                                        .arg("job").arg(json)).map(x -> n + 1)));
                    }
                    return done;
                });
    }

    public Request statusOp(JobStatus s) {
        return Request.cmd(Command.HSET).arg(RecorderKeys.JOB_STATUS).arg(s.jobId()).arg(RecorderJson.write(s));
    }

    public Future<JobStatus> status(String jobId) {
        return redis.send(Request.cmd(Command.HGET).arg(RecorderKeys.JOB_STATUS).arg(jobId))
                .map(r -> r == null ? null : RecorderJson.read(r.toString(), JobStatus.class));
    }

    public Future<List<JobStatus>> statuses() {
        return redis.send(Request.cmd(Command.HVALS).arg(RecorderKeys.JOB_STATUS)).map(r -> {
            List<JobStatus> out = new ArrayList<>();
            for (Response x : r) {
                out.add(RecorderJson.read(x.toString(), JobStatus.class));
            }
            return out;
        });
    }

    public Future<Void> put(JobStatus s) {
        return redis.send(statusOp(s)).mapEmpty();
    }

    public Future<Void> commit(List<Request> ops) {
        List<Request> all = new ArrayList<>();
        all.add(Request.cmd(Command.MULTI));
        all.addAll(ops);
        all.add(Request.cmd(Command.EXEC));
        return redis.connect().compose(c -> c.batch(all).eventually(c::close)).mapEmpty();
    }

    public Instant now() {
        return clock.instant();
    }
}
