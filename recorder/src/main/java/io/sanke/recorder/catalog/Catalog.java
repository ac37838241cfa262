package io.sanke.recorder.catalog;

import io.sanke.recorder.api.Recording;
import io.sanke.recorder.api.RecorderException;
import io.sanke.recorder.api.RecordingMetadata;
import io.sanke.recorder.api.RecordingState;
import io.sanke.scheduler.api.SessionCalendar;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * The recording catalog in Redis: each {@link Recording} as JSON in one hash, indexed
 * by state, by lesson date and by facet (subject, grade, school, teacher) for the
 * library search and the review queue (keys in {@link RecorderKeys}). Every change is
 * one optimistic transaction (WATCH / MULTI / EXEC, retried on contention) that writes
 * the recording, its indexes, its audit entry and any events together, so a reader
 * never sees one without the other. Does not touch the media (see the repository).
 */
public final class Catalog {
    private static final int MAX_TRIES = 20;
    private static final long AUDIT_MAX = 100_000;

    private final Redis redis;
    private final Clock clock;

    public Catalog(Redis redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    public Redis redis() {
        return redis;
    }

    public Future<Recording> get(String id) {
        return redis.send(Request.cmd(Command.HGET).arg(RecorderKeys.RECORDINGS).arg(id))
                .map(r -> r == null ? null : RecorderJson.read(r.toString(), Recording.class));
    }

    /** The latest recording of a lesson session, or null. */
    public Future<Recording> ofSession(String sessionId) {
        return redis.send(Request.cmd(Command.HGET).arg(RecorderKeys.BY_SESSION).arg(sessionId))
                .compose(r -> r == null ? Future.succeededFuture(null) : get(r.toString()));
    }

    /**
     * Stores a new recording unless its session already has one that is not final
     * (FAILED or REJECTED): lesson events arrive at least once. Answers the stored
     * recording, or the existing one.
     */
    public Future<Recording> create(Recording r, AuditRecord audit, List<Request> extra) {
        return redis.connect().compose(conn -> createOn(conn, r, audit, extra, 0).eventually(conn::close));
    }

    private Future<Recording> createOn(RedisConnection conn, Recording r, AuditRecord audit, List<Request> extra, int tries) {
        return conn.send(Request.cmd(Command.WATCH).arg(RecorderKeys.RECORDINGS).arg(RecorderKeys.BY_SESSION))
                .compose(w -> conn.send(Request.cmd(Command.HGET).arg(RecorderKeys.BY_SESSION).arg(r.sessionId())))
                .compose(existingId -> existingId == null ? Future.succeededFuture((Recording) null)
                        : conn.send(Request.cmd(Command.HGET).arg(RecorderKeys.RECORDINGS).arg(existingId.toString()))
                        .map(j -> j == null ? null : RecorderJson.read(j.toString(), Recording.class)))
                .compose(existing -> {
                    if (existing != null && existing.state() != RecordingState.FAILED
                            && existing.state() != RecordingState.REJECTED) {
                        return conn.send(Request.cmd(Command.UNWATCH)).map(existing);
                    }
                    List<Request> ops = new ArrayList<>(indexOps(null, r));
                    ops.add(auditOp(audit));
                    ops.addAll(extra);
                    return exec(conn, ops).compose(ok -> ok ? Future.succeededFuture(r)
                            : retry(tries, () -> createOn(conn, r, audit, extra, tries + 1)));
                });
    }

    /**
     * Changes one recording: {@code change} gets the current value (it may throw a
     * {@link RecorderException} to refuse, which changes nothing), {@code effects} adds
     * requests (audit, events, jobs) committed in the same transaction.
     */
    public Future<Recording> update(String id, UnaryOperator<Recording> change,
                                    BiFunction<Recording, Recording, List<Request>> effects) {
        return redis.connect().compose(conn -> updateOn(conn, id, change, effects, 0).eventually(conn::close));
    }

    private Future<Recording> updateOn(RedisConnection conn, String id, UnaryOperator<Recording> change,
                                       BiFunction<Recording, Recording, List<Request>> effects, int tries) {
        return conn.send(Request.cmd(Command.WATCH).arg(RecorderKeys.RECORDINGS))
                .compose(w -> conn.send(Request.cmd(Command.HGET).arg(RecorderKeys.RECORDINGS).arg(id)))
                .compose(json -> {
                    Recording before;
                    Recording after;
                    try {
                        if (json == null) {
                            throw RecorderException.notFound("recording", id);
                        }
                        before = RecorderJson.read(json.toString(), Recording.class);
                        after = change.apply(before);
                    } catch (RuntimeException e) {
                        return conn.send(Request.cmd(Command.UNWATCH)).compose(x -> Future.failedFuture(e));
                    }
                    if (after == null || after.equals(before)) {
                        return conn.send(Request.cmd(Command.UNWATCH)).map(before);
                    }
                    List<Request> ops = new ArrayList<>(indexOps(before, after));
                    ops.addAll(effects.apply(before, after));
                    return exec(conn, ops).compose(ok -> ok ? Future.succeededFuture(after)
                            : retry(tries, () -> updateOn(conn, id, change, effects, tries + 1)));
                });
    }

    private static <T> Future<T> retry(int tries, java.util.function.Supplier<Future<T>> again) {
        if (tries + 1 >= MAX_TRIES) {
            return Future.failedFuture(new RecorderException("busy", 503, "catalog too busy, try again"));
        }
        return again.get();
    }

    /** MULTI ops EXEC on the watching connection; false when a watched key changed meanwhile. */
    private static Future<Boolean> exec(RedisConnection conn, List<Request> ops) {
        List<Request> all = new ArrayList<>(ops.size() + 2);
        all.add(Request.cmd(Command.MULTI));
        all.addAll(ops);
        all.add(Request.cmd(Command.EXEC));
        return conn.batch(all).map(responses -> responses.get(responses.size() - 1) != null);
    }

    /** The writes that store {@code after} and keep every index right (before: the previous value or null). */
    static List<Request> indexOps(Recording before, Recording after) {
        List<Request> ops = new ArrayList<>();
        String id = after.id();
        long score = score(after);
        ops.add(Request.cmd(Command.HSET).arg(RecorderKeys.RECORDINGS).arg(id).arg(RecorderJson.write(after)));
        ops.add(Request.cmd(Command.HSET).arg(RecorderKeys.BY_SESSION).arg(after.sessionId()).arg(id));
        ops.add(Request.cmd(Command.ZADD).arg(RecorderKeys.ALL).arg(score).arg(id));
        if (before != null && before.state() != after.state()) {
            ops.add(Request.cmd(Command.ZREM).arg(RecorderKeys.state(before.state())).arg(id));
        }
        if (before == null || before.state() != after.state()) {
            ops.add(Request.cmd(Command.ZADD).arg(RecorderKeys.state(after.state()))
                    .arg(after.updatedAt().toEpochMilli()).arg(id));
        }
        if (after.published()) {
            ops.add(Request.cmd(Command.ZADD).arg(RecorderKeys.PUBLISHED).arg(score).arg(id));
        } else {
            ops.add(Request.cmd(Command.ZREM).arg(RecorderKeys.PUBLISHED).arg(id));
        }
        for (String facetKey : facetKeys(after.metadata())) {
            ops.add(Request.cmd(Command.SADD).arg(facetKey).arg(id));
        }
        return ops;
    }

    static Set<String> facetKeys(RecordingMetadata m) {
        Set<String> keys = new LinkedHashSet<>();
        if (m.subject() != null) {
            keys.add(RecorderKeys.facet("subject", m.subject()));
        }
        if (m.grade() != null) {
            keys.add(RecorderKeys.facet("grade", m.grade()));
        }
        if (m.teacherId() != null) {
            keys.add(RecorderKeys.facet("teacher", m.teacherId()));
        }
        if (m.masterSchoolId() != null) {
            keys.add(RecorderKeys.facet("school", m.masterSchoolId()));
        }
        m.ruralSchoolIds().forEach(s -> keys.add(RecorderKeys.facet("school", s)));
        return keys;
    }

    private static long score(Recording r) {
        RecordingMetadata m = r.metadata();
        if (m.startedAt() != null) {
            return m.startedAt().toEpochMilli();
        }
        return m.date() == null ? r.createdAt().toEpochMilli()
                : m.date().atStartOfDay(SessionCalendar.ZONE).toInstant().toEpochMilli();
    }

    // ---------------------------------------------------------------- search

    /**
     * Searches the library. {@code privileged} (reviewer, coordinator) may see every
     * state; everyone else sees PUBLISHED recordings only, whatever the query asks.
     */
    public Future<SearchPage> search(RecordingQuery q, boolean privileged) {
        RecordingState state = privileged ? q.state() : RecordingState.PUBLISHED;
        String base = state == RecordingState.PUBLISHED ? RecorderKeys.PUBLISHED
                : state == null ? RecorderKeys.ALL : RecorderKeys.state(state);
        List<String> facets = new ArrayList<>();
        if (q.subject() != null) {
            facets.add(RecorderKeys.facet("subject", q.subject()));
        }
        if (q.grade() != null) {
            facets.add(RecorderKeys.facet("grade", q.grade()));
        }
        if (q.school() != null) {
            facets.add(RecorderKeys.facet("school", q.school()));
        }
        if (q.teacher() != null) {
            facets.add(RecorderKeys.facet("teacher", q.teacher()));
        }
        Future<Set<String>> facetIds = facets.isEmpty() ? Future.succeededFuture(null)
                : redis.send(withArgs(Request.cmd(Command.SINTER), facets)).map(Catalog::strings);
        Future<Set<String>> baseIds = redis.send(Request.cmd(Command.ZRANGE).arg(base).arg(0).arg(-1)).map(Catalog::strings);
        return Future.all(facetIds, baseIds).compose(both -> {
            Set<String> ids = new LinkedHashSet<>(baseIds.result());
            if (facetIds.result() != null) {
                ids.retainAll(facetIds.result());
            }
            if (ids.isEmpty()) {
                return Future.succeededFuture(new SearchPage(List.of(), 0, q.offset(), q.limit()));
            }
            return redis.send(withArgs(Request.cmd(Command.HMGET).arg(RecorderKeys.RECORDINGS), ids)).map(values -> {
                List<Recording> found = new ArrayList<>();
                for (Response v : values) {
                    if (v == null) {
                        continue;
                    }
                    Recording r = RecorderJson.read(v.toString(), Recording.class);
                    if ((state == null || r.state() == state) && inRange(r.metadata().date(), q.from(), q.to())) {
                        found.add(r);
                    }
                }
                found.sort(Comparator.comparing((Recording r) -> score(r)).reversed().thenComparing(Recording::id));
                int from = Math.min(q.offset(), found.size());
                int to = Math.min(from + q.limit(), found.size());
                return new SearchPage(List.copyOf(found.subList(from, to)), found.size(), q.offset(), q.limit());
            });
        });
    }

    private static boolean inRange(LocalDate d, LocalDate from, LocalDate to) {
        if (d == null) {
            return from == null && to == null;
        }
        return (from == null || !d.isBefore(from)) && (to == null || !d.isAfter(to));
    }

    /** Ids in a state, oldest first (the review queue: {@code PENDING_REVIEW}). */
    public Future<List<Recording>> inState(RecordingState state, int limit) {
        return redis.send(Request.cmd(Command.ZRANGE).arg(RecorderKeys.state(state)).arg(0).arg(limit - 1))
                .compose(ids -> ids == null || ids.size() == 0 ? Future.succeededFuture(List.of())
                        : redis.send(withArgs(Request.cmd(Command.HMGET).arg(RecorderKeys.RECORDINGS), strings(ids)))
                        .map(values -> {
                            List<Recording> out = new ArrayList<>();
                            for (Response v : values) {
                                if (v != null) {
                                    out.add(RecorderJson.read(v.toString(), Recording.class));
                                }
                            }
                            return out;
                        }));
    }

    /** Ids that entered {@code state} before {@code before} (retention). */
    public Future<List<String>> enteredBefore(RecordingState state, Instant before) {
        return redis.send(Request.cmd(Command.ZRANGEBYSCORE).arg(RecorderKeys.state(state)).arg("-inf")
                .arg(before.toEpochMilli())).map(r -> List.copyOf(strings(r)));
    }

    // ---------------------------------------------------------------- audit

    public AuditRecord audit(String who, String role, String action, String recordingId,
                             RecordingState from, RecordingState to, String reason) {
        return new AuditRecord(UUID.randomUUID().toString(), clock.instant(), who, role, action, recordingId,
                from == null ? null : from.name(), to == null ? null : to.name(), reason);
    }

    public static Request auditOp(AuditRecord a) {
        return Request.cmd(Command.XADD).arg(RecorderKeys.AUDIT).arg("MAXLEN").arg("~").arg(AUDIT_MAX).arg("*")
                .arg("entry").arg(RecorderJson.write(a));
    }

    /** Audit entries, newest first; for one recording when {@code recordingId} is not null. */
    public Future<List<AuditRecord>> auditLog(String recordingId, int limit) {
        return redis.send(Request.cmd(Command.XREVRANGE).arg(RecorderKeys.AUDIT).arg("+").arg("-")
                .arg("COUNT").arg(recordingId == null ? limit : 10_000)).map(entries -> {
            List<AuditRecord> out = new ArrayList<>();
            for (Response e : entries) {
                Response fields = e.get(1);
                for (int i = 0; i + 1 < fields.size(); i += 2) {
                    if ("entry".equals(fields.get(i).toString())) {
                        AuditRecord a = RecorderJson.read(fields.get(i + 1).toString(), AuditRecord.class);
                        if (recordingId == null || recordingId.equals(a.recordingId())) {
                            out.add(a);
                        }
                    }
                }
                if (out.size() >= limit) {
                    break;
                }
            }
            return out;
        });
    }

    // ---------------------------------------------------------------- helpers

    private static Request withArgs(Request r, Iterable<String> args) {
        args.forEach(r::arg);
        return r;
    }

    private static Set<String> strings(Response r) {
        Set<String> out = new LinkedHashSet<>();
        if (r != null) {
            for (Response x : r) {
                out.add(Objects.toString(x));
            }
        }
        return out;
    }

    public Instant now() {
        return clock.instant();
    }
}
