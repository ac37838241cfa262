package io.sanke.scheduler.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.sanke.scheduler.api.Conflict;
import io.sanke.scheduler.api.LessonEvent;
import io.sanke.scheduler.api.LessonSession;
import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.RecordingEvent;
import io.sanke.scheduler.api.SchedulerException;
import io.sanke.scheduler.api.SessionCalendar;
import io.sanke.scheduler.api.Term;
import io.sanke.scheduler.api.TimetableEntry;
import io.sanke.scheduler.rules.ConflictChecker;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The scheduler's state in Redis and its read model. Keeps an immutable {@link Plan}
 * snapshot, loaded at start and replaced after every committed write, so conflict
 * checks and coverage read a consistent plan without touching Redis. Every write is
 * validated, checked for conflicts, committed to Redis in one MULTI/EXEC together
 * with its audit entry (and lesson event), and only then made visible.
 *
 * <p>Writes of one store are serialised (one after the other, never blocking a
 * thread); the store assumes it is the only scheduler writing to its Redis. It does
 * not know about HTTP or timers.
 */
public final class SchedulerStore {
    private static final Comparator<LessonSession> BY_START =
            Comparator.comparing(LessonSession::scheduledStart).thenComparing(LessonSession::id);

    private final Redis redis;
    private final Clock clock;
    private final ConflictChecker checker;
    private final long eventsMaxLength;
    private volatile Plan plan = Plan.empty();
    private Future<?> tail = Future.succeededFuture();

    /** What a session transition does: the new session, the lesson event to emit (or null) and the audit action. */
    public record Change(LessonSession next, String eventType, String reason, String action) {
    }

    public SchedulerStore(Redis redis, Clock clock, ConflictChecker checker, long eventsMaxLength) {
        this.redis = redis;
        this.clock = clock;
        this.checker = checker;
        this.eventsMaxLength = eventsMaxLength;
    }

    public Clock clock() {
        return clock;
    }

    /** The current plan snapshot (immutable). */
    public Plan plan() {
        return plan;
    }

    /** Reads every plan entity from Redis into the snapshot. */
    public Future<Void> load() {
        List<Request> reads = EntityKind.ALL.stream().map(k -> Request.cmd(Command.HGETALL).arg(k.redisKey())).toList();
        return redis.batch(reads).map(responses -> {
            Plan loaded = Plan.empty();
            for (int i = 0; i < EntityKind.ALL.size(); i++) {
                loaded = loadKind(EntityKind.ALL.get(i), responses.get(i), loaded);
            }
            plan = loaded;
            return null;
        });
    }

    private static <T> Plan loadKind(EntityKind<T> kind, Response hash, Plan into) {
        List<T> values = new ArrayList<>();
        for (int i = 0; i + 1 < hash.size(); i += 2) {
            values.add(Json.readStored(hash.get(i + 1).toString(), kind.type()));
        }
        return kind.with(into, values);
    }

    // ---------------------------------------------------------------- plan writes

    /** Creates ({@code create}) or replaces an entity. Fails with 409 on an existing id / new conflicts, 404 on a missing one. */
    public <T> Future<T> save(EntityKind<T> kind, T value, boolean create, Actor who, boolean force) {
        return serialized(() -> {
            Plan current = plan;
            String id = kind.idOf(value);
            kind.validate(value, current);
            T before = kind.in(current).get(id);
            if (create && before != null) {
                throw new SchedulerException("already_exists", 409, kind.singular() + " already exists [id:" + id + "]");
            }
            if (!create && before == null) {
                throw SchedulerException.notFound(kind.singular(), id);
            }
            Plan candidate = kind.with(current, List.of(value));
            List<Conflict> overridden = conflicts(kind, current, candidate, force);
            AuditEntry audit = audit(who, create ? "create" : "update", kind.path(), id, before, value,
                    (create ? "created " : "updated ") + kind.singular() + " [id:" + id + "]", overridden);
            return commit(candidate, List.of(Request.cmd(Command.HSET).arg(kind.redisKey()).arg(id).arg(Json.write(value))), audit)
                    .map(value);
        });
    }

    /** Deletes an entity; 409 {@code in_use} while other entities still reference it. */
    public <T> Future<Void> delete(EntityKind<T> kind, String id, Actor who, boolean force) {
        return serialized(() -> {
            Plan current = plan;
            T before = kind.in(current).get(id);
            if (before == null) {
                throw SchedulerException.notFound(kind.singular(), id);
            }
            Plan candidate = kind.without(current, id);
            List<String> users = EntityKind.referencesTo(candidate, kind, id);
            if (!users.isEmpty()) {
                throw new SchedulerException("in_use", 409, kind.singular() + " is still referenced [id:" + id + "] by "
                        + String.join(", ", users.subList(0, Math.min(10, users.size())))
                        + (users.size() > 10 ? " and " + (users.size() - 10) + " more" : ""));
            }
            List<Conflict> overridden = conflicts(kind, current, candidate, force);
            AuditEntry audit = audit(who, "delete", kind.path(), id, before, null,
                    "deleted " + kind.singular() + " [id:" + id + "]", overridden);
            return commit(candidate, List.of(Request.cmd(Command.HDEL).arg(kind.redisKey()).arg(id)), audit);
        });
    }

    /** Adds or replaces many rows at once, all or nothing (CSV import). Row errors name the row by index. */
    public <T> Future<List<T>> importRows(EntityKind<T> kind, List<T> rows, Actor who, boolean force) {
        return serialized(() -> {
            Plan current = plan;
            Plan candidate = kind.with(current, rows);
            List<RowProblem> problems = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                try {
                    kind.validate(rows.get(i), candidate);
                } catch (ValidationException e) {
                    problems.add(new RowProblem(i, e.field(), e.getMessage()));
                }
            }
            if (!problems.isEmpty()) {
                throw new RowsRejectedException(problems);
            }
            List<Conflict> overridden = conflicts(kind, current, candidate, force);
            List<Request> ops = new ArrayList<>();
            if (!rows.isEmpty()) {
                Request hset = Request.cmd(Command.HSET).arg(kind.redisKey());
                rows.forEach(r -> hset.arg(kind.idOf(r)).arg(Json.write(r)));
                ops.add(hset);
            }
            AuditEntry audit = audit(who, "import", kind.path(), null, null, null,
                    "imported " + rows.size() + " " + kind.path() + " rows", overridden);
            return commit(candidate, ops, audit).map(rows);
        });
    }

    /** A row that passed the CSV parser but not the store's rules: index into the rows, field, reason. */
    public record RowProblem(int index, String field, String reason) {
    }

    /** Rows of an import refused by the store's rules (422). */
    public static final class RowsRejectedException extends SchedulerException {
        private final List<RowProblem> problems;

        RowsRejectedException(List<RowProblem> problems) {
            super("invalid_rows", 422, problems.size() + " row(s) refused; nothing was imported");
            this.problems = List.copyOf(problems);
        }

        public List<RowProblem> problems() {
            return problems;
        }
    }

    /**
     * Loads a whole plan, sessions and published recordings into an empty store (demo
     * data). Does nothing and answers false if the store already holds a plan.
     */
    public Future<Boolean> seedIfEmpty(Plan seed, List<LessonSession> sessions, List<RecordingEvent> recordings, Actor who) {
        return serialized(() -> {
            Plan current = plan;
            if (!current.regions().isEmpty() || !current.schools().isEmpty() || !current.pairings().isEmpty()) {
                return Future.succeededFuture(false);
            }
            List<Request> ops = new ArrayList<>();
            for (EntityKind<?> kind : EntityKind.ALL) {
                addAll(kind, seed, ops);
            }
            for (LessonSession s : sessions) {
                ops.addAll(putSession(s));
            }
            for (RecordingEvent r : recordings) {
                ops.add(Request.cmd(Command.HSET).arg(RedisKeys.RECORDINGS).arg(r.recordingId()).arg(Json.write(r)));
            }
            AuditEntry audit = audit(who, "seed", "plan", null, null, null, "loaded demo data: "
                    + seed.schools().size() + " schools, " + seed.pairings().size() + " pairings, "
                    + seed.entries().size() + " timetable entries, " + sessions.size() + " sessions", List.of());
            return commit(seed, ops, audit).map(true);
        });
    }

    private static <T> void addAll(EntityKind<T> kind, Plan seed, List<Request> ops) {
        Map<String, T> values = kind.in(seed);
        if (values.isEmpty()) {
            return;
        }
        Request hset = Request.cmd(Command.HSET).arg(kind.redisKey());
        values.forEach((id, v) -> hset.arg(id).arg(Json.write(v)));
        ops.add(hset);
    }

    private List<Conflict> conflicts(EntityKind<?> kind, Plan before, Plan after, boolean force) {
        if (!kind.conflictChecked()) {
            return List.of();
        }
        List<Conflict> introduced = checker.introducedBy(before, after);
        if (!introduced.isEmpty() && !force) {
            throw new PlanConflictException(introduced);
        }
        return introduced;
    }

    private Future<Void> commit(Plan candidate, List<Request> ops, AuditEntry audit) {
        List<Request> all = new ArrayList<>(ops);
        all.add(auditAdd(audit));
        return transaction(all).map(v -> {
            plan = candidate;
            return null;
        });
    }

    // ---------------------------------------------------------------- sessions

    /** Sessions dated {@code from..to} inclusive: the plan's (from {@link SessionCalendar}) merged with stored ones, by start. */
    public Future<List<LessonSession>> sessions(LocalDate from, LocalDate to) {
        Plan snapshot = plan;
        Instant min = from.atStartOfDay(SessionCalendar.ZONE).toInstant();
        Instant max = to.plusDays(1).atStartOfDay(SessionCalendar.ZONE).toInstant();
        return storedStarting(min, max).map(stored -> {
            Map<String, LessonSession> byId = new HashMap<>();
            SessionCalendar.between(snapshot, from, to).forEach(s -> byId.put(s.id(), s));
            stored.forEach(s -> byId.put(s.id(), s));
            return byId.values().stream().sorted(BY_START).toList();
        });
    }

    /** Stored sessions whose scheduled start is in {@code [from, to)}, by start. */
    public Future<List<LessonSession>> storedStarting(Instant from, Instant to) {
        Request range = Request.cmd(Command.ZRANGEBYSCORE).arg(RedisKeys.SESSIONS_BY_START)
                .arg(from.toEpochMilli()).arg("(" + to.toEpochMilli());
        return redis.send(range).compose(ids -> {
            if (ids == null || ids.size() == 0) {
                return Future.succeededFuture(List.<LessonSession>of());
            }
            Request get = Request.cmd(Command.HMGET).arg(RedisKeys.SESSIONS);
            ids.forEach(id -> get.arg(id.toString()));
            return redis.send(get).map(SchedulerStore::sessionsOf);
        });
    }

    private static List<LessonSession> sessionsOf(Response values) {
        List<LessonSession> out = new ArrayList<>();
        for (Response r : values) {
            if (r != null) {
                out.add(Json.readStored(r.toString(), LessonSession.class));
            }
        }
        out.sort(BY_START);
        return out;
    }

    /** One session: the stored one, else the one the plan derives for its id ({@code entryId@date}); 404 if neither. */
    public Future<LessonSession> session(String id) {
        Plan snapshot = plan;
        return redis.send(Request.cmd(Command.HGET).arg(RedisKeys.SESSIONS).arg(id)).map(r -> {
            if (r != null) {
                return Json.readStored(r.toString(), LessonSession.class);
            }
            return derived(snapshot, id).orElseThrow(() -> SchedulerException.notFound("session", id));
        });
    }

    private static Optional<LessonSession> derived(Plan snapshot, String id) {
        int at = id.lastIndexOf('@');
        if (at <= 0) {
            return Optional.empty();
        }
        TimetableEntry entry = snapshot.entries().get(id.substring(0, at));
        if (entry == null) {
            return Optional.empty();
        }
        Term term = snapshot.terms().get(entry.termId());
        try {
            LocalDate date = LocalDate.parse(id.substring(at + 1));
            return term == null ? Optional.empty()
                    : SessionCalendar.of(entry, term, date, date).stream().findFirst();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * Applies a transition to one session (stored or derived): {@code change} sees the
     * session and answers the change, or throws to refuse. The new state, its lesson
     * event and its audit entry are committed together.
     */
    public Future<LessonSession> transition(String id, Actor who, Function<LessonSession, Change> change) {
        return serialized(() -> session(id).compose(current -> {
            Change c = change.apply(current);
            return applyChange(current, c, who);
        }));
    }

    private Future<LessonSession> applyChange(LessonSession before, Change c, Actor who) {
        Instant now = clock.instant();
        List<Request> ops = new ArrayList<>(putSession(c.next()));
        if (c.eventType() != null) {
            LessonEvent event = LessonEvents.of(c.eventType(), c.next(), plan, c.reason(), now);
            ops.add(Request.cmd(Command.XADD).arg(RedisKeys.LESSON_EVENTS).arg("MAXLEN").arg("~").arg(eventsMaxLength)
                    .arg("*").arg("type").arg(event.type()).arg("sessionId").arg(event.sessionId())
                    .arg("payload").arg(Json.write(event)));
        }
        ops.add(auditAdd(audit(who, c.action(), "sessions", before.id(), before, c.next(),
                c.action() + " [id:" + before.id() + "] " + before.state() + " -> " + c.next().state()
                        + (c.reason() == null ? "" : " (" + c.reason() + ")"), List.of())));
        return transaction(ops).map(c.next());
    }

    /**
     * Applies the lifecycle's automatic transitions to the stored sessions starting in
     * {@code [from, to)}: {@code rule} answers a change or null. Answers how many changed.
     */
    public Future<Integer> sweep(Instant from, Instant to, Function<LessonSession, Change> rule) {
        return serialized(() -> storedStarting(from, to).compose(sessions -> {
            Future<Integer> done = Future.succeededFuture(0);
            for (LessonSession s : sessions) {
                Change c = s.state().isFinal() ? null : rule.apply(s);
                if (c != null) {
                    done = done.compose(n -> applyChange(s, c, Actor.SYSTEM).map(x -> n + 1));
                }
            }
            return done;
        }));
    }

    /**
     * Writes the plan's sessions dated {@code from..to} into Redis: new ones are added,
     * sessions with a state are never overwritten, and still-SCHEDULED ones that the
     * plan no longer yields (or yields at another time) are removed or moved. Answers
     * how many sessions were written or removed.
     */
    public Future<Integer> materialize(LocalDate from, LocalDate to) {
        return serialized(() -> {
            Plan snapshot = plan;
            Instant min = from.atStartOfDay(SessionCalendar.ZONE).toInstant();
            Instant max = to.plusDays(1).atStartOfDay(SessionCalendar.ZONE).toInstant();
            return storedStarting(min, max).compose(stored -> {
                Map<String, LessonSession> derived = new LinkedHashMap<>();
                SessionCalendar.between(snapshot, from, to).forEach(s -> derived.put(s.id(), s));
                Map<String, LessonSession> storedById = new HashMap<>();
                stored.forEach(s -> storedById.put(s.id(), s));
                List<Request> ops = new ArrayList<>();
                int changed = 0;
                for (LessonSession d : derived.values()) {
                    LessonSession s = storedById.get(d.id());
                    if (s == null) {
                        // HSETNX: never overwrite a session written meanwhile (e.g. with a state)
                        ops.add(Request.cmd(Command.HSETNX).arg(RedisKeys.SESSIONS).arg(d.id()).arg(Json.write(d)));
                        ops.add(Request.cmd(Command.ZADD).arg(RedisKeys.SESSIONS_BY_START).arg("NX")
                                .arg(d.scheduledStart().toEpochMilli()).arg(d.id()));
                        changed++;
                    } else if (s.state() == io.sanke.scheduler.api.SessionState.SCHEDULED
                            && (!s.scheduledStart().equals(d.scheduledStart()) || !s.scheduledEnd().equals(d.scheduledEnd()))) {
                        ops.addAll(putSession(d.withRecorded(s.recorded())));
                        changed++;
                    }
                }
                for (LessonSession s : stored) {
                    if (s.state() == io.sanke.scheduler.api.SessionState.SCHEDULED && !derived.containsKey(s.id())) {
                        ops.add(Request.cmd(Command.HDEL).arg(RedisKeys.SESSIONS).arg(s.id()));
                        ops.add(Request.cmd(Command.ZREM).arg(RedisKeys.SESSIONS_BY_START).arg(s.id()));
                        changed++;
                    }
                }
                int count = changed;
                return ops.isEmpty() ? Future.succeededFuture(0) : transaction(ops).map(count);
            });
        });
    }

    private static List<Request> putSession(LessonSession s) {
        return List.of(Request.cmd(Command.HSET).arg(RedisKeys.SESSIONS).arg(s.id()).arg(Json.write(s)),
                Request.cmd(Command.ZADD).arg(RedisKeys.SESSIONS_BY_START).arg(s.scheduledStart().toEpochMilli()).arg(s.id()));
    }

    // ---------------------------------------------------------------- recordings

    /**
     * Applies a recording event: a PUBLISHED one is kept for the recording coverage and
     * marks its session recorded. Other types change nothing. Answers true if applied.
     */
    public Future<Boolean> applyRecording(RecordingEvent event) {
        if (event.type() != RecordingEvent.Type.PUBLISHED) {
            return Future.succeededFuture(false);
        }
        return serialized(() -> {
            Request keep = Request.cmd(Command.HSET).arg(RedisKeys.RECORDINGS).arg(event.recordingId()).arg(Json.write(event));
            return session(event.sessionId())
                    .map(Optional::of)
                    .recover(e -> Future.succeededFuture(Optional.empty()))
                    .compose(found -> {
                        List<Request> ops = new ArrayList<>();
                        ops.add(keep);
                        found.ifPresent(s -> ops.addAll(putSession(s.withRecorded(true))));
                        ops.add(auditAdd(audit(Actor.SYSTEM, "recording.published", "sessions", event.sessionId(),
                                null, null, "recording published [id:" + event.recordingId() + "] of session [id:"
                                        + event.sessionId() + "]" + (found.isPresent() ? "" : " (session unknown)"), List.of())));
                        return transaction(ops).map(true);
                    });
        });
    }

    /** Every PUBLISHED recording event kept. */
    public Future<List<RecordingEvent>> publishedRecordings() {
        return redis.send(Request.cmd(Command.HVALS).arg(RedisKeys.RECORDINGS)).map(values -> {
            List<RecordingEvent> out = new ArrayList<>();
            for (Response r : values) {
                out.add(Json.readStored(r.toString(), RecordingEvent.class));
            }
            return out;
        });
    }

    // ---------------------------------------------------------------- audit

    /** A page of the audit log, newest first. */
    public Future<Page<AuditEntry>> audit(int offset, int limit) {
        return redis.send(Request.cmd(Command.XLEN).arg(RedisKeys.AUDIT)).compose(len ->
                redis.send(Request.cmd(Command.XREVRANGE).arg(RedisKeys.AUDIT).arg("+").arg("-")
                        .arg("COUNT").arg(offset + limit)).map(entries -> {
                    List<AuditEntry> items = new ArrayList<>();
                    int i = 0;
                    for (Response e : entries) {
                        if (i++ < offset) {
                            continue;
                        }
                        Response fields = e.get(1);
                        for (int f = 0; f + 1 < fields.size(); f += 2) {
                            if ("entry".equals(fields.get(f).toString())) {
                                items.add(Json.readStored(fields.get(f + 1).toString(), AuditEntry.class).withId(e.get(0).toString()));
                            }
                        }
                    }
                    return new Page<>(items, len.toLong(), offset, limit);
                }));
    }

    private AuditEntry audit(Actor who, String action, String entity, String id, Object before, Object after,
                             String summary, List<Conflict> overridden) {
        return new AuditEntry(null, clock.instant(), who.subject(), action, entity, id, tree(before), tree(after),
                summary + (overridden.isEmpty() ? "" : "; forced over " + overridden.size() + " conflict(s)"), overridden);
    }

    private static JsonNode tree(Object value) {
        return value == null ? null : Json.MAPPER.valueToTree(value);
    }

    private static Request auditAdd(AuditEntry entry) {
        return Request.cmd(Command.XADD).arg(RedisKeys.AUDIT).arg("*").arg("entry").arg(Json.write(entry));
    }

    // ---------------------------------------------------------------- plumbing

    /** Sends the requests in one MULTI/EXEC on one connection. */
    private Future<Void> transaction(List<Request> ops) {
        List<Request> all = new ArrayList<>(ops.size() + 2);
        all.add(Request.cmd(Command.MULTI));
        all.addAll(ops);
        all.add(Request.cmd(Command.EXEC));
        return redis.connect().compose(conn -> conn.batch(all).eventually(conn::close)).compose(responses -> {
            Response exec = responses.get(responses.size() - 1);
            return exec == null ? Future.failedFuture(new SchedulerException("store_failed", 503, "redis transaction aborted"))
                    : Future.<Void>succeededFuture();
        });
    }

    /** Runs write operations one after the other, in submission order, without blocking. */
    private synchronized <R> Future<R> serialized(Supplier<Future<R>> op) {
        Future<R> result = tail.transform(ignored -> {
            try {
                return op.get();
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
        });
        tail = result;
        return result;
    }
}
