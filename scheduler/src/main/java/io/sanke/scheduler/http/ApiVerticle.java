package io.sanke.scheduler.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sanke.scheduler.api.LessonSession;
import io.sanke.scheduler.api.SchedulerException;
import io.sanke.scheduler.api.SessionState;
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

import static io.sanke.scheduler.http.Requests.ACTOR;
import static io.sanke.scheduler.http.Requests.actor;
import static io.sanke.scheduler.http.Requests.checkRange;
import static io.sanke.scheduler.http.Requests.coordinator;
import static io.sanke.scheduler.http.Requests.dateParam;
import static io.sanke.scheduler.http.Requests.enumParam;
import static io.sanke.scheduler.http.Requests.force;
import static io.sanke.scheduler.http.Requests.json;
import static io.sanke.scheduler.http.Requests.limit;
import static io.sanke.scheduler.http.Requests.offset;
import static io.sanke.scheduler.http.Requests.reply;
import static io.sanke.scheduler.http.Requests.text;
import static io.sanke.scheduler.http.Requests.today;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
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

    private final SchedulerConfig config;
    private final SchedulerStore store;
    private final LessonLifecycle lifecycle;
    private final JWTAuth jwt;
    private final Clock clock;
    private final ConflictChecker checker = new ConflictChecker();
    private final ReportHandlers reports;
    private final CsvHandlers csv;
    private HttpServer server;

    public ApiVerticle(SchedulerConfig config, SchedulerStore store, LessonLifecycle lifecycle, JWTAuth jwt, Clock clock) {
        this.config = config;
        this.store = store;
        this.lifecycle = lifecycle;
        this.jwt = jwt;
        this.clock = clock;
        this.reports = new ReportHandlers(store, clock);
        this.csv = new CsvHandlers(store);
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
        router.get(BASE + "/coverage").handler(reports::coverage);
        router.get(BASE + "/coverage.csv").handler(reports::coverage);
        router.post(BASE + "/import/:kind").handler(csv::importCsv);
        router.get(BASE + "/export/:file").handler(csv::exportCsv);
        router.get(BASE + "/calendar/teachers/:file").handler(reports::teacherCalendar);
        router.get(BASE + "/calendar/classrooms/:file").handler(reports::classroomCalendar);
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
                : ctx.request().path().contains("/calendar/") ? ctx.request().getParam("access_token") : null;
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



    // ---------------------------------------------------------------- entities

    private <T> void list(EntityKind<T> kind, RoutingContext ctx) {
        int offset = offset(ctx);
        int limit = limit(ctx);
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


    // ---------------------------------------------------------------- sessions

    private void listSessions(RoutingContext ctx) {
        LocalDate today = today(clock);
        LocalDate from = dateParam(ctx, "from", today);
        LocalDate to = dateParam(ctx, "to", from.plusDays(6));
        checkRange(from, to);
        int offset = offset(ctx);
        int limit = limit(ctx);
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

    // ---------------------------------------------------------------- conflicts

    private void conflicts(RoutingContext ctx) {
        var all = checker.check(store.plan());
        json(ctx, 200, Map.of("items", all, "total", all.size()));
    }

    // ---------------------------------------------------------------- audit

    private void audit(RoutingContext ctx) {
        int offset = offset(ctx);
        int limit = limit(ctx);
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
        String detail = (String) error.get("message");
        if (!ErrorText.english(ctx.request().getHeader("Accept-Language"))) {
            error.put("message", ErrorText.zh((String) error.get("code"), (String) error.get("field"), detail));
        }
        error.put("detail", detail);
        if (!ctx.response().ended()) {
            ctx.response().putHeader("Content-Language", ErrorText.english(ctx.request().getHeader("Accept-Language")) ? "en" : "zh-CN");
            json(ctx, status, body);
        }
    }

}
