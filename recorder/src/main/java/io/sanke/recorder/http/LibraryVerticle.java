package io.sanke.recorder.http;

import io.sanke.recorder.api.Caller;
import io.sanke.recorder.api.Recording;
import io.sanke.recorder.api.RecorderException;
import io.sanke.recorder.api.RecordingState;
import io.sanke.recorder.api.Rendition;
import io.sanke.recorder.catalog.Catalog;
import io.sanke.recorder.catalog.RecorderJson;
import io.sanke.recorder.catalog.RecordingQuery;
import io.sanke.recorder.jobs.JobQueue;
import io.sanke.recorder.jobs.RecordingControl;
import io.sanke.recorder.repository.Keys;
import io.sanke.recorder.repository.S3Repository;
import io.sanke.recorder.review.ReviewService;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The library's REST API under {@code /api/v1} and its pages under {@code /library/}
 * (hls.js from its WebJar under {@code /webjars/}). Authenticates the scheduler's JWT
 * bearer tokens (header, or {@code access_token} for links), enforces roles, and hands
 * out media only as short-lived presigned URLs: playlists are served here, rewritten
 * so every segment URI is presigned. Unpublished recordings answer 404 to anyone but
 * reviewers and coordinators. Holds no state; S3 calls run off the event loop.
 */
public final class LibraryVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(LibraryVerticle.class);
    private static final String BASE = "/api/v1";
    private static final String CALLER = "sanke.caller";
    private static final Set<String> ROLES = Set.of(Caller.COORDINATOR, Caller.TEACHER, Caller.VIEWER, Caller.REVIEWER);
    private static final int MAX_LIMIT = 200;

    private final String host;
    private final int port;
    private final long maxBody;
    private final Duration urlExpiry;
    private final Catalog catalog;
    private final ReviewService review;
    private final RecordingControl control;
    private final JobQueue jobs;
    private final S3Repository repository;
    private final JWTAuth jwt;
    private HttpServer server;

    public LibraryVerticle(String host, int port, long maxBody, Duration urlExpiry, Catalog catalog,
                           ReviewService review, RecordingControl control, JobQueue jobs, S3Repository repository,
                           JWTAuth jwt) {
        this.host = host;
        this.port = port;
        this.maxBody = maxBody;
        this.urlExpiry = urlExpiry;
        this.catalog = catalog;
        this.review = review;
        this.control = control;
        this.jobs = jobs;
        this.repository = repository;
        this.jwt = jwt;
    }

    public int actualPort() {
        return server.actualPort();
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false).setBodyLimit(maxBody));
        router.get("/").handler(ctx -> ctx.redirect("/library/"));
        router.route("/library/*").handler(StaticHandler.create("webroot/library").setCachingEnabled(false)
                .setDefaultContentEncoding("UTF-8"));
        router.route("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars"));
        router.route(BASE + "/*").handler(this::authenticate);

        router.get(BASE + "/recordings").handler(this::search);
        router.get(BASE + "/recordings/:id").handler(this::read);
        router.get(BASE + "/recordings/:id/playback").handler(this::playback);
        router.get(BASE + "/recordings/:id/hls/*").handler(this::playlist);
        router.get(BASE + "/recordings/:id/audit").handler(this::audit);
        router.post(BASE + "/recordings/:id/publish").handler(this::publish);
        router.post(BASE + "/recordings/:id/reject").handler(this::reject);
        router.get(BASE + "/review/queue").handler(this::queue);
        router.get(BASE + "/jobs").handler(this::listJobs);
        router.post(BASE + "/sessions/:sessionId/recording/start").handler(this::startRecording);
        router.post(BASE + "/sessions/:sessionId/recording/stop").handler(this::stopRecording);
        router.route(BASE + "/*").last().handler(ctx -> ctx.fail(RecorderException.notFound("route", ctx.request().path())));
        router.route().failureHandler(this::failure);

        return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
                .requestHandler(router).listen()
                .onSuccess(s -> {
                    server = s;
                    LOG.info("library on http://{}:{}/library/ (API {})", host, s.actualPort(), BASE);
                });
    }

    // ---------------------------------------------------------------- auth

    private void authenticate(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim()
                : ctx.request().getParam("access_token");
        if (token == null || token.isEmpty()) {
            ctx.fail(new RecorderException("unauthorized", 401, "a bearer token is required"));
            return;
        }
        jwt.authenticate(new TokenCredentials(token)).onSuccess(user -> {
            JsonObject c = user.principal();
            String role = c.getString("role");
            if (c.getString("sub") == null || !ROLES.contains(role)) {
                ctx.fail(new RecorderException("unauthorized", 401, "token lacks sub or a known role"));
                return;
            }
            ctx.put(CALLER, new Caller(c.getString("sub"), role, c.getString("teacherId")));
            ctx.next();
        }).onFailure(e -> ctx.fail(new RecorderException("unauthorized", 401, "invalid or expired token")));
    }

    private static Caller caller(RoutingContext ctx) {
        return ctx.get(CALLER);
    }

    private static Caller privileged(RoutingContext ctx) {
        Caller c = caller(ctx);
        if (!c.seesUnpublished()) {
            throw RecorderException.forbidden("only reviewers and coordinators may do this [role:" + c.role() + "]");
        }
        return c;
    }

    // ---------------------------------------------------------------- library

    private void search(RoutingContext ctx) {
        Caller who = caller(ctx);
        RecordingState state = null;
        String s = ctx.request().getParam("state");
        if (s != null && !s.isBlank()) {
            try {
                state = RecordingState.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw RecorderException.invalid("unknown state " + s + " [field:state]");
            }
            if (state != RecordingState.PUBLISHED && !who.seesUnpublished()) {
                throw RecorderException.forbidden("only reviewers and coordinators may list unpublished recordings");
            }
        } else if (!who.seesUnpublished()) {
            state = RecordingState.PUBLISHED;
        }
        RecordingQuery q = new RecordingQuery(param(ctx, "subject"), param(ctx, "grade"), param(ctx, "school"),
                param(ctx, "teacher"), date(ctx, "from"), date(ctx, "to"), state,
                intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE), intParam(ctx, "limit", 50, 1, MAX_LIMIT));
        if (q.from() != null && q.to() != null && q.to().isBefore(q.from())) {
            throw RecorderException.invalid("to is before from [field:to]");
        }
        catalog.search(q, who.seesUnpublished()).onSuccess(page -> json(ctx, 200, page)).onFailure(ctx::fail);
    }

    /** The recording if the caller may see it; otherwise "not found", as if it did not exist. */
    private Future<Recording> visible(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Caller who = caller(ctx);
        return catalog.get(id).compose(r -> r == null || !(r.published() || who.seesUnpublished())
                ? Future.failedFuture(RecorderException.notFound("recording", id)) : Future.succeededFuture(r));
    }

    private void read(RoutingContext ctx) {
        visible(ctx).onSuccess(r -> json(ctx, 200, r)).onFailure(ctx::fail);
    }

    private void playback(RoutingContext ctx) {
        visible(ctx).compose(r -> {
            if (r.metadata().masterPlaylistKey() == null || r.mediaRemoved()) {
                return Future.failedFuture(new RecorderException("no_media", 409,
                        "the recording has no playable media [id:" + r.id() + ", state:" + r.state() + "]"));
            }
            return vertx.executeBlocking(() -> {
                String base = BASE + "/recordings/" + r.id() + "/hls/";
                String mediaPrefix = Keys.media(r.id());
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("id", r.id());
                out.put("master", base + r.metadata().masterPlaylistKey().substring(mediaPrefix.length()));
                out.put("poster", r.metadata().posterKey() == null ? null
                        : repository.presignGet(r.metadata().posterKey(), urlExpiry));
                out.put("mp4", r.metadata().mp4Key() == null ? null
                        : repository.presignGet(r.metadata().mp4Key(), urlExpiry));
                out.put("renditions", r.metadata().renditions().stream().map(x -> rendition(x, base, mediaPrefix)).toList());
                out.put("expiresInSeconds", urlExpiry.toSeconds());
                return out;
            }, false);
        }).onSuccess(body -> json(ctx, 200, body)).onFailure(ctx::fail);
    }

    private Map<String, Object> rendition(Rendition x, String base, String mediaPrefix) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", x.name());
        m.put("width", x.width());
        m.put("height", x.height());
        m.put("bandwidth", x.bandwidth());
        m.put("playlist", base + x.playlistKey().substring(mediaPrefix.length()));
        return m;
    }

    /** A playlist of a visible recording, rewritten with presigned media URLs. */
    private void playlist(RoutingContext ctx) {
        String rel = ctx.pathParam("*");
        if (rel == null || !rel.endsWith(".m3u8")) {
            ctx.fail(RecorderException.notFound("playlist", String.valueOf(rel)));
            return;
        }
        String path;
        try {
            path = PlaylistRewriter.normalize(rel);
        } catch (IllegalArgumentException e) {
            ctx.fail(RecorderException.invalid(e.getMessage()));
            return;
        }
        visible(ctx).compose(r -> {
            if (r.mediaRemoved()) {
                return Future.failedFuture(RecorderException.notFound("playlist", path));
            }
            String prefix = Keys.media(r.id());
            String dir = path.contains("/") ? path.substring(0, path.lastIndexOf('/') + 1) : "";
            return vertx.executeBlocking(() -> {
                if (repository.sizeOf(prefix + path).isEmpty()) {
                    throw RecorderException.notFound("playlist", path);
                }
                String text = repository.getString(prefix + path);
                return PlaylistRewriter.rewrite(text, dir, p -> repository.presignGet(prefix + p, urlExpiry));
            }, false);
        }).onSuccess(text -> ctx.response().putHeader("Content-Type", "application/vnd.apple.mpegurl")
                .putHeader("Cache-Control", "no-store").end(text)).onFailure(ctx::fail);
    }

    private void audit(RoutingContext ctx) {
        privileged(ctx);
        catalog.auditLog(ctx.pathParam("id"), 200).onSuccess(a -> json(ctx, 200, Map.of("items", a))).onFailure(ctx::fail);
    }

    // ---------------------------------------------------------------- review

    private void queue(RoutingContext ctx) {
        privileged(ctx);
        catalog.inState(RecordingState.PENDING_REVIEW, intParam(ctx, "limit", 100, 1, MAX_LIMIT))
                .onSuccess(items -> json(ctx, 200, Map.of("items", items, "total", items.size())))
                .onFailure(ctx::fail);
    }

    private void publish(RoutingContext ctx) {
        review.publish(ctx.pathParam("id"), caller(ctx)).onSuccess(r -> json(ctx, 200, r)).onFailure(ctx::fail);
    }

    private void reject(RoutingContext ctx) {
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            throw new RecorderException("malformed_json", 400, "body is not a JSON object");
        }
        Object reason = body == null ? null : body.getValue("reason");
        if (reason != null && !(reason instanceof String)) {
            throw RecorderException.invalid("reason must be a string [field:reason]");
        }
        review.reject(ctx.pathParam("id"), caller(ctx), (String) reason).onSuccess(r -> json(ctx, 200, r))
                .onFailure(ctx::fail);
    }

    private void listJobs(RoutingContext ctx) {
        privileged(ctx);
        jobs.statuses().onSuccess(s -> json(ctx, 200, Map.of("items", s))).onFailure(ctx::fail);
    }

    // ---------------------------------------------------------------- manual recording

    private void startRecording(RoutingContext ctx) {
        control.startManual(ctx.pathParam("sessionId"), caller(ctx)).onSuccess(r -> json(ctx, 201, r)).onFailure(ctx::fail);
    }

    private void stopRecording(RoutingContext ctx) {
        control.stopManual(ctx.pathParam("sessionId"), caller(ctx)).onSuccess(r -> json(ctx, 200, r)).onFailure(ctx::fail);
    }

    // ---------------------------------------------------------------- helpers

    private static String param(RoutingContext ctx, String name) {
        String v = ctx.request().getParam(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        if (v.length() > 200) {
            throw RecorderException.invalid(name + " is too long [field:" + name + "]");
        }
        return v.strip();
    }

    private static LocalDate date(RoutingContext ctx, String name) {
        String v = param(ctx, name);
        try {
            return v == null ? null : LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw RecorderException.invalid(name + " must be a date like 2026-11-23 [field:" + name + "]");
        }
    }

    private static int intParam(RoutingContext ctx, String name, int dflt, int min, int max) {
        String v = ctx.request().getParam(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) {
                throw RecorderException.invalid(name + " must be between " + min + " and " + max + " [field:" + name + "]");
            }
            return n;
        } catch (NumberFormatException e) {
            throw RecorderException.invalid(name + " must be a whole number [field:" + name + "]");
        }
    }

    private static void json(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-store").end(RecorderJson.write(body));
    }

    private void failure(RoutingContext ctx) {
        Throwable t = ctx.failure();
        int status;
        String code;
        String message;
        if (t instanceof RecorderException e) {
            status = e.status();
            code = e.code();
            message = e.getMessage();
        } else if (t == null && ctx.statusCode() == 413) {
            status = 413;
            code = "too_large";
            message = "request body too large";
        } else if (t == null) {
            status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            code = status == 404 ? "not_found" : "error";
            message = "request failed";
        } else {
            status = 500;
            code = "internal";
            message = "internal error";
            LOG.error("library request {} {} failed", ctx.request().method(), ctx.request().path(), t);
        }
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .end(new JsonObject().put("error", new JsonObject().put("code", code).put("message", message)).encode());
    }

    static List<String> roles() {
        return List.copyOf(ROLES);
    }
}
