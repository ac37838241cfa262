package io.sanke.signaling;

import io.sanke.scheduler.api.Participant;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows the scheduler's {@code sanke:lesson-events} stream with a plain XREAD (every
 * node needs every event, so no consumer group): {@code lesson.opening} and
 * {@code lesson.started} open a room, {@code lesson.ended}, {@code lesson.cancelled}
 * and {@code lesson.missed} close it. Room opening and closing are idempotent, so many
 * nodes applying the same event is fine.
 *
 * <p>At start it replays the last {@link #REPLAY} of the stream and opens the rooms of
 * lessons whose latest event leaves them open, so a node that starts (or restarts)
 * while a lesson is on still serves it; then it follows from the last entry it read.
 */
final class LessonEventReader {
    private static final Logger LOG = LoggerFactory.getLogger(LessonEventReader.class);
    static final String STREAM = "sanke:lesson-events";
    /** How far back a starting node looks for lessons still open: longer than any school day's lesson. */
    static final Duration REPLAY = Duration.ofHours(12);
    private static final int PAGE = 1000;

    private final Vertx vertx;
    private final Redis client;
    private final Rooms rooms;
    private RedisConnection conn;
    private String lastId = "$";
    private volatile boolean stopped;
    private long malformed;

    LessonEventReader(Vertx vertx, String redisUri, Rooms rooms) {
        this.vertx = vertx;
        this.client = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUri)
                .setPreferredProtocolVersion(ProtocolVersion.RESP2));
        this.rooms = rooms;
    }

    /**
     * Replays, then follows. The replay window is measured on Redis's clock ({@code TIME}),
     * the clock that made the stream's entry ids.
     */
    Future<Void> start() {
        return client.connect().compose(c -> {
            conn = c;
            return c.send(Request.cmd(Command.TIME));
        }).compose(time -> {
            long nowMs = time.get(0).toLong() * 1000 + time.get(1).toLong() / 1000;
            lastId = (nowMs - REPLAY.toMillis()) + "-0";
            return replay(new LinkedHashMap<>());
        }).map(v -> {
            vertx.runOnContext(x -> loop());
            return null;
        });
    }

    /** Reads the stream from {@link #lastId} to its end, then opens the rooms whose latest event leaves them open. */
    private Future<Void> replay(Map<String, String[]> latest) {
        return conn.send(Request.cmd(Command.XRANGE).arg(STREAM).arg("(" + lastId).arg("+").arg("COUNT").arg(PAGE))
                .compose(r -> {
                    int n = r == null ? 0 : r.size();
                    for (int i = 0; i < n; i++) {
                        Response entry = r.get(i);
                        lastId = entry.get(0).toString();
                        String[] e = fields(entry.get(1));
                        if (e[0] != null && e[1] != null) {
                            latest.remove(e[1]);
                            latest.put(e[1], e);
                        }
                    }
                    if (n == PAGE) {
                        return replay(latest);
                    }
                    Future<Void> f = Future.succeededFuture();
                    for (String[] e : latest.values()) {
                        if (opens(e[0])) {
                            f = f.compose(x -> handle(e[0], e[1], e[2]).recover(err -> {
                                LOG.warn("lesson room not reopened [sid:{}]: {}", e[1], err.toString());
                                return Future.succeededFuture();
                            }));
                        }
                    }
                    return f;
                });
    }

    private static boolean opens(String type) {
        return "lesson.opening".equals(type) || "lesson.started".equals(type);
    }

    /** {@code type}, {@code sessionId} and {@code payload} of a stream entry's fields (null where absent). */
    private static String[] fields(Response fields) {
        String[] out = new String[3];
        for (int i = 0; fields != null && i + 1 < fields.size(); i += 2) {
            switch (fields.get(i).toString()) {
                case "type" -> out[0] = fields.get(i + 1).toString();
                case "sessionId" -> out[1] = fields.get(i + 1).toString();
                case "payload" -> out[2] = fields.get(i + 1).toString();
                default -> { }
            }
        }
        return out;
    }

    private void loop() {
        if (stopped) {
            return;
        }
        conn.send(Request.cmd(Command.XREAD).arg("COUNT").arg(100).arg("BLOCK").arg(1000).arg("STREAMS").arg(STREAM)
                .arg(lastId)).compose(this::apply).onComplete(ar -> {
                    if (ar.failed() && !stopped) {
                        LOG.warn("reading lesson events failed, retrying in 1 s: {}", ar.cause().toString());
                        vertx.setTimer(1000, t -> loop());
                    } else {
                        loop();
                    }
                });
    }

    private Future<Void> apply(Response r) {
        Future<Void> f = Future.succeededFuture();
        if (r == null || r.size() == 0) {
            return f;
        }
        for (Response entry : r.get(0).get(1)) {
            String id = entry.get(0).toString();
            String[] e = fields(entry.get(1));
            lastId = id;
            f = f.compose(x -> handle(e[0], e[1], e[2]).recover(err -> {
                LOG.warn("lesson event not applied [id:{}]: {}", id, err.toString());
                return Future.succeededFuture();
            }));
        }
        return f;
    }

    Future<Void> handle(String type, String sid, String payload) {
        if (type == null || sid == null) {
            malformed++;
            return Future.succeededFuture();
        }
        return switch (type) {
            case "lesson.opening", "lesson.started" -> rooms.openRoom(sid, roster(payload)).mapEmpty();
            case "lesson.ended", "lesson.cancelled", "lesson.missed" -> rooms.closeRoom(sid, type);
            default -> Future.succeededFuture();
        };
    }

    /** The roster of a {@code LessonEvent} payload (its {@code participants}). */
    static List<RosterEntry> roster(String payload) {
        List<RosterEntry> out = new ArrayList<>();
        if (payload == null) {
            return out;
        }
        JsonArray ps = new JsonObject(payload).getJsonArray("participants", new JsonArray());
        for (Object o : ps) {
            JsonObject p = (JsonObject) o;
            Participant.Role role;
            try {
                role = Participant.Role.valueOf(p.getString("role"));
            } catch (RuntimeException e) {
                continue;
            }
            out.add(new RosterEntry(p.getString("id"), RosterEntry.roleOf(role), p.getString("name"),
                    p.getString("classroomId")));
        }
        return out;
    }

    long malformed() {
        return malformed;
    }

    Future<Void> stop() {
        stopped = true;
        return (conn == null ? Future.<Void>succeededFuture() : conn.close()).eventually(client::close)
                .recover(e -> Future.succeededFuture());
    }
}
