package io.sanke.scheduler.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sanke.scheduler.api.LessonSession;
import io.sanke.scheduler.api.Pairing;
import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.SchedulerException;
import io.sanke.scheduler.api.SessionCalendar;
import io.sanke.scheduler.api.SessionState;
import io.sanke.scheduler.api.Term;
import io.sanke.scheduler.coverage.CoverageCalculator;
import io.sanke.scheduler.coverage.CoverageReport;
import io.sanke.scheduler.coverage.Scope;
import io.sanke.scheduler.csv.CsvExport;
import io.sanke.scheduler.csv.CsvImport;
import io.sanke.scheduler.ical.ICalendarWriter;
import io.sanke.scheduler.lifecycle.LessonLifecycle;
import io.sanke.scheduler.rules.ConflictChecker;
import io.sanke.scheduler.server.SchedulerConfig;
import io.sanke.scheduler.store.Actor;
import io.sanke.scheduler.store.EntityKind;
import io.sanke.scheduler.store.Json;
import io.sanke.scheduler.store.Page;
import io.sanke.scheduler.store.PlanConflictException;
import io.sanke.scheduler.store.SchedulerStore;
import io.sanke.scheduler.store.ValidationException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The coordinator REST API under {@code /api/v1} (see {@code openapi.json} for every
 * route). Authenticates JWT bearer tokens, checks roles, turns requests into store
 * and lifecycle calls and their failures into {@code {"error":{code,message,field}}}.
 * Holds no state of its own.
 */
public final class ApiVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ApiVerticle.class);
    private static final String BASE = "/api/v1";
    private static final String ACTOR = "sanke.actor";
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;
    private static final int MAX_RANGE_DAYS = 400;
    private static final Set<String> IMPORTABLE = Set.of("schools", "classrooms", "teachers", "timetable");

    private final SchedulerConfig config;
    private final SchedulerStore store;
    private final LessonLifecycle lifecycle;
    private final JWTAuth jwt;
    private final Clock clock;
    private final ConflictChecker checker = new ConflictChecker();
    private final CoverageCalculator coverage = new CoverageCalculator();
    private HttpServer server;

    public ApiVerticle(SchedulerConfig config, SchedulerStore store, LessonLifecycle lifecycle, JWTAuth jwt, Clock clock) {
        this.config = config;
        this.store = store;
        this.lifecycle = lifecycle;
        this.jwt = jwt;
        this.clock = clock;
    }

    /** The port the API listens on, once started. */
    public int actualPort() {
        return server.actualPort();
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));
        router.get(BASE + "/openapi.json").handler(this::openApi);
        router.route(BASE + "/*").handler(this::authenticate);

        for (EntityKind<?> kind : EntityKind.ALL) {
            String path = BASE + "/" + kind.path();
            router.get(path).handler(ctx -> list(kind, ctx));
            router.post(path).handler(ctx -> create(kind, ctx));
            router.get(path + "/:id").handler(ctx -> read(kind, ctx));
            router.put(path + "/:id").handler(ctx -> replace(kind, ctx));
            router.delete(path + "/:id").handler(ctx -> delete(kind, ctx));
        }
        router.get(BASE + "/sessions").handler(this::listSessions);
        router.get(BASE + "/sessions/:id").handler(this::readSession);
        router.post(BASE + "/sessions/:id/start").handler(this::startSession);
        router.post(BASE + "/sessions/:id/end").handler(this::endSession);
        router.post(BASE + "/sessions/:id/cancel").handler(this::cancelSession);
        router.get(BASE + "/conflicts").handler(this::conflicts);
        router.get(BASE + "/coverage").handler(this::coverage);
        router.get(BASE + "/coverage.csv").handler(this::coverage);
        router.post(BASE + "/import/:kind").handler(this::importCsv);
        router.get(BASE + "/export/:file").handler(this::exportCsv);
        router.get(BASE + "/calendar/teachers/:file").handler(this::teacherCalendar);
        router.get(BASE + "/calendar/classrooms/:file").handler(this::classroomCalendar);
        router.get(BASE + "/audit").handler(this::audit);
        router.route().last().handler(ctx -> ctx.fail(SchedulerException.notFound("route", ctx.request().path())));
        router.route().failureHandler(this::failure);

        return vertx.createHttpServer(new HttpServerOptions().setHost(config.httpHost()).setPort(config.httpPort()))
                .requestHandler(router)
                .listen()
                .onSuccess(s -> {
                    server = s;
                    LOG.info("scheduler API on http://{}:{}{}", config.httpHost(), s.actualPort(), BASE);
                });
    }

    // ---------------------------------------------------------------- auth

    private void authenticate(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim()
                : ctx.request().getParam("access_token");
        if (token == null || token.isEmpty()) {
            ctx.fail(new SchedulerException("unauthorized", 401, "a bearer token is required"));
            return;
        }
        jwt.authenticate(new TokenCredentials(token))
                .map(ApiVerticle::actorOf)
                .onSuccess(actor -> {
                    ctx.put(ACTOR, actor);
                    ctx.next();
                })
                .onFailure(e -> ctx.fail(new SchedulerException("unauthorized", 401, "invalid or expired token")));
    }

    private static Actor actorOf(User user) {
        var claims = user.principal();
        String role = claims.getString("role");
        String subject = claims.getString("sub");
        if (subject == null || !Set.of(Actor.COORDINATOR, Actor.TEACHER, Actor.VIEWER).contains(role)) {
            throw new SchedulerException("unauthorized", 401, "token lacks sub or a known role");
        }
        return new Actor(subject, role, claims.getString("teacherId"));
    }

    private static Actor actor(RoutingContext ctx) {
        return ctx.get(ACTOR);
    }

    private static Actor coordinator(RoutingContext ctx) {
        Actor a = actor(ctx);
        if (!a.isCoordinator()) {
            throw new SchedulerException("forbidden", 403, "only coordinators may change the plan [role:" + a.role() + "]");
        }
        return a;
    }

    // ---------------------------------------------------------------- entities

    private <T> void list(EntityKind<T> kind, RoutingContext ctx) {
        int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        List<T> all = kind.in(store.plan()).values().stream().sorted(Comparator.comparing(kind::idOf)).toList();
        json(ctx, 200, Page.of(all, offset, limit));
    }

    private <T> void read(EntityKind<T> kind, RoutingContext ctx) {
        String id = ctx.pathParam("id");
        T value = kind.in(store.plan()).get(id);
        if (value == null) {
            throw SchedulerException.notFound(kind.singular(), id);
        }
        json(ctx, 200, value);
    }

    private <T> void create(EntityKind<T> kind, RoutingContext ctx) {
        Actor who = coordinator(ctx);
        ObjectNode body = bodyObject(ctx);
        if (!body.hasNonNull("id")) {
            body.put("id", kind.path().substring(0, 1) + "-" + UUID.randomUUID().toString().substring(0, 8));
        }
        T value = parse(body, kind);
        reply(ctx, 201, store.save(kind, value, true, who, force(ctx)));
    }

    private <T> void replace(EntityKind<T> kind, RoutingContext ctx) {
        Actor who = coordinator(ctx);
        String id = ctx.pathParam("id");
        ObjectNode body = bodyObject(ctx);
        if (body.hasNonNull("id") && !id.equals(body.get("id").asText())) {
            throw ValidationException.invalid("id", "differs from the id in the path [id:" + id + "]");
        }
        body.put("id", id);
        T value = parse(body, kind);
        reply(ctx, 200, store.save(kind, value, false, who, force(ctx)));
    }

    private <T> void delete(EntityKind<T> kind, RoutingContext ctx) {
        Actor who = coordinator(ctx);
        store.delete(kind, ctx.pathParam("id"), who, force(ctx))
                .onSuccess(v -> ctx.response().setStatusCode(204).end())
                .onFailure(ctx::fail);
    }

    private static ObjectNode bodyObject(RoutingContext ctx) {
        String text = ctx.body().asString();
        if (text == null || text.isBlank()) {
            throw new SchedulerException("malformed_json", 400, "a JSON object body is required");
        }
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            if (!(node instanceof ObjectNode object)) {
                throw new SchedulerException("malformed_json", 400, "the body must be a JSON object");
            }
            return object;
        } catch (JsonProcessingException e) {
            throw RequestErrors.of(e);
        }
    }

    /** Collections a client may leave out: they mean "none" (the field rules still apply, e.g. listening 1..8). */
    private static final Map<String, List<String>> EMPTY_LISTS = Map.of(
            "teachers", List.of("subjects"), "terms", List.of("holidays"), "pairings", List.of("listening"));

    private static <T> T parse(ObjectNode body, EntityKind<T> kind) {
        for (String field : EMPTY_LISTS.getOrDefault(kind.path(), List.of())) {
            if (!body.hasNonNull(field)) {
                body.putArray(field);
            }
        }
        if (kind.path().equals("terms") && !body.hasNonNull("makeUpDays")) {
            body.putObject("makeUpDays");
        }
        try {
            return Json.MAPPER.treeToValue(body, kind.type());
        } catch (JsonProcessingException e) {
            throw RequestErrors.of(e);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ValidationException.invalid("body", "invalid value: " + e.getMessage());
        }
    }

    private static boolean force(RoutingContext ctx) {
        String f = ctx.request().getParam("force");
        return f != null && (f.equals("true") || f.equals("1"));
    }

    // ---------------------------------------------------------------- sessions

    private void listSessions(RoutingContext ctx) {
        LocalDate today = today();
        LocalDate from = dateParam(ctx, "from", today);
        LocalDate to = dateParam(ctx, "to", from.plusDays(6));
        checkRange(from, to);
        int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        String pairingId = ctx.request().getParam("pairingId");
        if (pairingId != null && !store.plan().pairings().containsKey(pairingId)) {
            throw SchedulerException.notFound("pairing", pairingId);
        }
        SessionState state = enumParam(ctx, "state", SessionState.class);
        Predicate<LessonSession> keep = s -> (pairingId == null || pairingId.equals(s.pairingId()))
                && (state == null || state == s.state());
        reply(ctx, 200, store.sessions(from, to).map(all -> Page.of(all.stream().filter(keep).toList(), offset, limit)));
    }

    private void readSession(RoutingContext ctx) {
        reply(ctx, 200, store.session(ctx.pathParam("id")));
    }

    private void startSession(RoutingContext ctx) {
        reply(ctx, 200, lifecycle.start(ctx.pathParam("id"), actor(ctx)));
    }

    private void endSession(RoutingContext ctx) {
        reply(ctx, 200, lifecycle.end(ctx.pathParam("id"), actor(ctx)));
    }

    private void cancelSession(RoutingContext ctx) {
        Actor who = coordinator(ctx);
        String reason = ctx.request().getParam("reason");
        reply(ctx, 200, lifecycle.cancel(ctx.pathParam("id"), who, reason));
    }

    // ---------------------------------------------------------------- conflicts and coverage

    private void conflicts(RoutingContext ctx) {
        var all = checker.check(store.plan());
        json(ctx, 200, Map.of("items", all, "total", all.size()));
    }

    private void coverage(RoutingContext ctx) {
        Plan plan = store.plan();
        String type = ctx.request().getParam("scope", "all");
        String id = ctx.request().getParam("id");
        Scope scope = switch (type) {
            case "all" -> Scope.ALL;
            case "region" -> new Scope("region", known(plan.regions(), id, "region"));
            case "school" -> new Scope("school", known(plan.schools(), id, "school"));
            case "pairing" -> new Scope("pairing", known(plan.pairings(), id, "pairing"));
            default -> throw ValidationException.invalid("scope", "must be all, region, school or pairing");
        };
        LocalDate[] range = period(ctx, plan);
        boolean csv = ctx.request().path().endsWith(".csv")
                || ctx.request().getHeader("Accept") != null && ctx.request().getHeader("Accept").contains("text/csv");
        Future<CoverageReport> report = store.sessions(range[0], range[1])
                .compose(sessions -> store.publishedRecordings()
                        .map(recordings -> coverage.compute(plan, sessions, recordings, scope, range[0], range[1], clock.instant())));
        report.onSuccess(r -> {
            if (csv) {
                text(ctx, "text/csv; charset=utf-8", r.toCsv());
            } else {
                json(ctx, 200, r);
            }
        }).onFailure(ctx::fail);
    }

    private LocalDate[] period(RoutingContext ctx, Plan plan) {
        String fromParam = ctx.request().getParam("from");
        String toParam = ctx.request().getParam("to");
        if (fromParam != null || toParam != null) {
            LocalDate from = dateParam(ctx, "from", null);
            LocalDate to = dateParam(ctx, "to", null);
            if (from == null || to == null) {
                throw ValidationException.invalid(from == null ? "from" : "to", "from and to go together");
            }
            checkRange(from, to);
            return new LocalDate[] {from, to};
        }
        LocalDate date = dateParam(ctx, "date", today());
        String period = ctx.request().getParam("period", "week");
        return switch (period) {
            case "week" -> new LocalDate[] {date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)),
                    date.with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY))};
            case "month" -> new LocalDate[] {date.withDayOfMonth(1), date.with(TemporalAdjusters.lastDayOfMonth())};
            case "term" -> {
                Term term = termOn(plan, date);
                if (term == null) {
                    throw new ValidationException("not_found", 404, "date", "no term holds the date [date:" + date + "]");
                }
                yield new LocalDate[] {term.start(), term.end()};
            }
            default -> throw ValidationException.invalid("period", "must be week, month or term");
        };
    }

    private static String known(Map<String, ?> map, String id, String what) {
        if (id == null || id.isBlank()) {
            throw ValidationException.invalid("id", "is required for scope " + what);
        }
        if (!map.containsKey(id)) {
            throw SchedulerException.notFound(what, id);
        }
        return id;
    }

    private static Term termOn(Plan plan, LocalDate date) {
        return plan.terms().values().stream()
                .filter(t -> !date.isBefore(t.start()) && !date.isAfter(t.end()))
                .min(Comparator.comparing(Term::start)).orElse(null);
    }

    // ---------------------------------------------------------------- CSV

    private void importCsv(RoutingContext ctx) {
        Actor who = coordinator(ctx);
        String kindName = ctx.pathParam("kind");
        if (!IMPORTABLE.contains(kindName)) {
            throw SchedulerException.notFound("import kind", kindName);
        }
        String csv = ctx.body().asString(StandardCharsets.UTF_8.name());
        if (csv == null || csv.isBlank()) {
            throw ValidationException.invalid("body", "a CSV file is required");
        }
        Plan plan = store.plan();
        Future<? extends List<?>> done = switch (kindName) {
            case "schools" -> imported(EntityKind.SCHOOLS, CsvImport.schools(csv, plan), who, ctx);
            case "classrooms" -> imported(EntityKind.CLASSROOMS, CsvImport.classrooms(csv, plan), who, ctx);
            case "teachers" -> imported(EntityKind.TEACHERS, CsvImport.teachers(csv, plan), who, ctx);
            default -> imported(EntityKind.TIMETABLE, CsvImport.timetable(csv, plan), who, ctx);
        };
        done.onSuccess(rows -> json(ctx, 200, Map.of("imported", rows.size(), "kind", kindName)))
                .onFailure(ctx::fail);
    }

    private <T> Future<List<T>> imported(EntityKind<T> kind, CsvImport.Result<T> result, Actor who, RoutingContext ctx) {
        if (!result.ok()) {
            return Future.failedFuture(new RowsException(result.errors().stream()
                    .map(e -> new RowsException.Row(e.line(), e.field(), e.reason())).toList()));
        }
        return store.importRows(kind, result.rows(), who, force(ctx)).recover(e -> {
            if (e instanceof SchedulerStore.RowsRejectedException r) {
                // the CSV reader accepted the rows; line = data row index + 2 (after the header line)
                return Future.failedFuture(new RowsException(r.problems().stream()
                        .map(p -> new RowsException.Row(p.index() + 2, p.field(), p.reason())).toList()));
            }
            return Future.failedFuture(e);
        });
    }

    private void exportCsv(RoutingContext ctx) {
        String file = ctx.pathParam("file");
        String kindName = file.endsWith(".csv") ? file.substring(0, file.length() - 4) : "";
        if (!IMPORTABLE.contains(kindName)) {
            throw SchedulerException.notFound("export", file);
        }
        String h = ctx.request().getParam("headers", "zh").toLowerCase(Locale.ROOT);
        if (!h.equals("zh") && !h.equals("en")) {
            throw ValidationException.invalid("headers", "must be zh or en");
        }
        CsvExport.Headers headers = h.equals("zh") ? CsvExport.Headers.ZH : CsvExport.Headers.EN;
        Plan plan = store.plan();
        String csv = switch (kindName) {
            case "schools" -> CsvExport.schools(sorted(EntityKind.SCHOOLS, plan), plan, headers);
            case "classrooms" -> CsvExport.classrooms(sorted(EntityKind.CLASSROOMS, plan), plan, headers);
            case "teachers" -> CsvExport.teachers(sorted(EntityKind.TEACHERS, plan), plan, headers);
            default -> CsvExport.timetable(sorted(EntityKind.TIMETABLE, plan), plan, headers);
        };
        ctx.response().putHeader("Content-Disposition", "attachment; filename=\"" + kindName + ".csv\"");
        text(ctx, "text/csv; charset=utf-8", csv);
    }

    private static <T> List<T> sorted(EntityKind<T> kind, Plan plan) {
        return kind.in(plan).values().stream().sorted(Comparator.comparing(kind::idOf)).toList();
    }

    // ---------------------------------------------------------------- iCalendar

    private void teacherCalendar(RoutingContext ctx) {
        Plan plan = store.plan();
        String id = icsId(ctx);
        var teacher = plan.teachers().get(id);
        if (teacher == null) {
            throw SchedulerException.notFound("teacher", id);
        }
        calendar(ctx, plan, teacher.name(), p -> id.equals(p.masterTeacherId())
                || p.listening().stream().anyMatch(l -> id.equals(l.assistantTeacherId())));
    }

    private void classroomCalendar(RoutingContext ctx) {
        Plan plan = store.plan();
        String id = icsId(ctx);
        var classroom = plan.classrooms().get(id);
        if (classroom == null) {
            throw SchedulerException.notFound("classroom", id);
        }
        calendar(ctx, plan, classroom.name(), p -> id.equals(p.masterClassroomId())
                || p.listening().stream().anyMatch(l -> id.equals(l.classroomId())));
    }

    private static String icsId(RoutingContext ctx) {
        String file = ctx.pathParam("file");
        if (!file.endsWith(".ics")) {
            throw SchedulerException.notFound("calendar", file);
        }
        return file.substring(0, file.length() - 4);
    }

    private void calendar(RoutingContext ctx, Plan plan, String name, Predicate<Pairing> involved) {
        LocalDate today = today();
        Term term = termOn(plan, today);
        if (term == null) {
            term = plan.terms().values().stream().filter(t -> !t.end().isBefore(today))
                    .min(Comparator.comparing(Term::start)).orElse(null);
        }
        Set<String> pairings = new java.util.HashSet<>();
        plan.pairings().values().stream().filter(involved).forEach(p -> pairings.add(p.id()));
        Future<List<LessonSession>> sessions = term == null ? Future.succeededFuture(List.of())
                : store.sessions(term.start(), term.end());
        sessions.map(all -> all.stream().filter(s -> pairings.contains(s.pairingId())).toList())
                .map(mine -> ICalendarWriter.feed(name, mine, plan, clock.instant()))
                .onSuccess(ics -> text(ctx, "text/calendar; charset=utf-8", ics))
                .onFailure(ctx::fail);
    }

    // ---------------------------------------------------------------- audit

    private void audit(RoutingContext ctx) {
        int offset = intParam(ctx, "offset", 0, 0, 1_000_000);
        int limit = intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        reply(ctx, 200, store.audit(offset, limit));
    }

    // ---------------------------------------------------------------- plumbing

    private void openApi(RoutingContext ctx) {
        try (InputStream in = ApiVerticle.class.getResourceAsStream("/openapi.json")) {
            if (in == null) {
                throw new IOException("openapi.json missing from the classpath");
            }
            text(ctx, "application/json; charset=utf-8", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            ctx.fail(e);
        }
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), SessionCalendar.ZONE);
    }

    private static void checkRange(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw ValidationException.invalid("to", "must not be before from");
        }
        if (from.plusDays(MAX_RANGE_DAYS).isBefore(to)) {
            throw ValidationException.invalid("to", "range longer than " + MAX_RANGE_DAYS + " days");
        }
    }

    private static int intParam(RoutingContext ctx, String name, int dflt, int min, int max) {
        String v = ctx.request().getParam(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw ValidationException.invalid(name, "must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ValidationException.invalid(name, "must be a whole number");
        }
    }

    private static LocalDate dateParam(RoutingContext ctx, String name, LocalDate dflt) {
        String v = ctx.request().getParam(name);
        if (v == null) {
            return dflt;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw ValidationException.invalid(name, "must be a date YYYY-MM-DD");
        }
    }

    private static <E extends Enum<E>> E enumParam(RoutingContext ctx, String name, Class<E> type) {
        String v = ctx.request().getParam(name);
        if (v == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ValidationException.invalid(name, "unknown value '" + v + "'");
        }
    }

    private static void reply(RoutingContext ctx, int status, Future<?> result) {
        result.onSuccess(v -> json(ctx, status, v)).onFailure(ctx::fail);
    }

    private static void json(RoutingContext ctx, int status, Object value) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .end(Json.write(value));
    }

    private static void text(RoutingContext ctx, String contentType, String body) {
        ctx.response().setStatusCode(200).putHeader("Content-Type", contentType).end(body);
    }

    private void failure(RoutingContext ctx) {
        Throwable t = ctx.failure();
        int status = ctx.statusCode();
        Map<String, Object> error = new LinkedHashMap<>();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        if (t instanceof SchedulerException e) {
            status = e.httpStatus();
            error.put("code", e.code());
            error.put("message", e.getMessage());
            if (e instanceof ValidationException v && v.field() != null) {
                error.put("field", v.field());
            }
            if (e instanceof PlanConflictException c) {
                body.put("conflicts", c.conflicts());
            }
            if (e instanceof RowsException r) {
                body.put("rows", r.rows());
            }
        } else if (status == 413) {
            error.put("code", "too_large");
            error.put("message", "request body larger than " + config.maxBodyBytes() + " bytes");
        } else if (t == null && status >= 400 && status < 500) {
            error.put("code", status == 404 ? "not_found" : "bad_request");
            error.put("message", "HTTP " + status);
        } else {
            status = 500;
            error.put("code", "internal");
            error.put("message", "internal error; see the scheduler log");
            LOG.error("request failed: {} {}", ctx.request().method(), ctx.request().path(), t);
        }
        if (!ctx.response().ended()) {
            json(ctx, status, body);
        }
    }

    /** Every bad row of an import (422): {@code rows: [{line, field, reason}]}. */
    static final class RowsException extends SchedulerException {
        record Row(int line, String field, String reason) {
        }

        private final List<Row> rows;

        RowsException(List<Row> rows) {
            super("invalid_rows", 422, rows.size() + " bad row(s); nothing was imported");
            this.rows = new ArrayList<>(rows);
        }

        List<Row> rows() {
            return rows;
        }
    }
}
