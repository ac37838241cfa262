package io.sanke.signaling;

import io.sanke.scheduler.server.TokenIssuer;
import io.sanke.signaling.api.MediaNode;
import io.sanke.signaling.api.MessageCodec;
import io.sanke.signaling.api.RoomMedia;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;

/**
 * A signaling node: one HTTP server (its own port, beside the scheduler's API) that
 * serves the web pages from the {@code webroot/} of the classpath (the sanke-web jar),
 * the client WebSocket {@code /ws/v1} (frames and messages capped at 64 KiB) and
 * {@code POST /api/v1/sessions/{id}/tokens}; the room state (local or Redis); the
 * lesson-event reader that opens and closes rooms; the timer of the resume window.
 * Talks to SFU nodes only through their control API.
 */
public final class Signaling {
    private static final Logger LOG = LoggerFactory.getLogger(Signaling.class);

    /** Frames above this are cut by the WebSocket decoder itself; up to it, {@link Connection} answers TOO_LARGE and closes with 1009. */
    static final int HARD_FRAME_LIMIT = 1024 * 1024;

    private final Vertx vertx;
    private final RoomState state;
    private final Rooms rooms;
    private final LessonTokens tokens;
    private final LessonEventReader reader;
    private final HttpServer server;
    private final long timer;

    private Signaling(Vertx vertx, RoomState state, Rooms rooms, LessonTokens tokens, LessonEventReader reader,
                      HttpServer server, long timer) {
        this.vertx = vertx;
        this.state = state;
        this.rooms = rooms;
        this.tokens = tokens;
        this.reader = reader;
        this.server = server;
        this.timer = timer;
    }

    /**
     * Starts a node.
     *
     * @param nodes           the SFU nodes it may place rooms on
     * @param schedulerSecret HS256 secret of the scheduler's bearer tokens (callers of the token route)
     * @param lessonEvents    follow {@code sanke:lesson-events} (needs Redis); false: rooms open only by {@link #openRoom}
     */
    public static Future<Signaling> start(Vertx vertx, SignalingConfig config, Clock clock, List<MediaNode> nodes,
                                          String schedulerSecret, boolean lessonEvents) {
        SignalingConfig cfg = config.authSecret().isEmpty() && config.algorithm().equals("HS256")
                ? config.withAuthSecret(schedulerSecret) : config;
        LessonTokens tokens;
        try {
            tokens = new LessonTokens(vertx, cfg, clock);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        Future<RoomState> stateF = cfg.state().equals("local") ? Future.succeededFuture(new LocalRoomState(vertx))
                : RedisRoomState.connect(vertx, cfg, clock).map(s -> (RoomState) s);
        return stateF.compose(state -> {
            Rooms rooms = new Rooms(vertx, cfg, clock, state, tokens, nodes);
            LessonEventReader reader = lessonEvents && !cfg.redisUri().isBlank()
                    ? new LessonEventReader(vertx, cfg.redisUri(), rooms) : null;
            Router router = Router.router(vertx);
            TokenApi tokenApi = new TokenApi(TokenIssuer.verifier(vertx, schedulerSecret), tokens, state);
            router.get("/ws/v1").handler(ctx -> upgrade(ctx, rooms));
            router.post("/api/v1/sessions/:id/tokens").handler(BodyHandler.create().setBodyLimit(MessageCodec.MAX_BYTES))
                    .handler(tokenApi::handle);
            router.route("/*").handler(StaticHandler.create("webroot").setIndexPage("index.html")
                    .setDefaultContentEncoding("UTF-8"));
            HttpServerOptions options = new HttpServerOptions().setHost(cfg.httpHost()).setPort(cfg.httpPort())
                    .setMaxWebSocketFrameSize(HARD_FRAME_LIMIT)
                    .setMaxWebSocketMessageSize(HARD_FRAME_LIMIT)
                    .setIdleTimeout(0);
            return (reader == null ? Future.<Void>succeededFuture() : reader.start())
                    .compose(x -> vertx.createHttpServer(options).requestHandler(router).listen())
                    .map(server -> {
                        long timer = vertx.setPeriodic(cfg.reapInterval().toMillis(), t -> rooms.sweep());
                        LOG.info("signaling node {} on http://{}:{} (state: {}, SFU nodes: {})", cfg.nodeId(),
                                cfg.httpHost(), server.actualPort(), cfg.state(), nodes.size());
                        return new Signaling(vertx, state, rooms, tokens, reader, server, timer);
                    });
        });
    }

    private static void upgrade(RoutingContext ctx, Rooms rooms) {
        ctx.request().toWebSocket().onSuccess(ws -> rooms.add(new Connection(ws, rooms)))
                .onFailure(e -> LOG.debug("websocket upgrade failed: {}", e.toString()));
    }

    public int httpPort() {
        return server.actualPort();
    }

    /** Opens a lesson room without the scheduler's event (tests, benchmarks, manual rooms). */
    public Future<Boolean> openRoom(String sessionId, List<RosterEntryView> roster) {
        return rooms.openRoom(sessionId, roster.stream().map(RosterEntryView::entry).toList());
    }

    /** Closes a lesson room as {@code lesson.ended} would. */
    public Future<Void> closeRoom(String sessionId, String reason) {
        return rooms.closeRoom(sessionId, reason);
    }

    /**
     * Follows a lesson room's media: {@code watcher} gets the room's SFU node, floor and
     * live published tracks now and after every room event of any node (on this node's
     * event loop, in event order; keep it short) until the answer is closed. For parts
     * that must follow a lesson without being signaling (the recorder's live capture).
     */
    public AutoCloseable watchMedia(String sessionId, java.util.function.Consumer<RoomMedia> watcher) {
        return rooms.watchMedia(sessionId, watcher);
    }

    /** Open sockets on this node. */
    public int connections() {
        return rooms.connectionCount();
    }

    /**
     * Issues a lesson token (tests, benchmarks, the launcher's banner).
     *
     * @param role wire name, e.g. {@code classroom}
     */
    public String issueToken(String sessionId, String role, String participantId, String name, String classroomId) {
        return tokens.issue(new io.sanke.signaling.api.LessonToken(sessionId,
                io.sanke.signaling.api.Role.fromWire(role).orElseThrow(), participantId, name, classroomId,
                tokens.expiryFromNow()));
    }

    Rooms rooms() {
        return rooms;
    }

    LessonTokens tokens() {
        return tokens;
    }

    public Future<Void> stop() {
        vertx.cancelTimer(timer);
        return server.close().compose(x -> reader == null ? Future.succeededFuture() : reader.stop())
                .compose(x -> state.shutdown());
    }

    /** One lesson participant for {@link #openRoom}: role as wire name. */
    public record RosterEntryView(String id, String role, String name, String classroomId) {
        RosterEntry entry() {
            return new RosterEntry(id, io.sanke.signaling.api.Role.fromWire(role).orElseThrow(), name, classroomId);
        }
    }
}
