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

import java.util.ArrayList;
import java.util.List;

/**
 * Follows the scheduler's {@code sanke:lesson-events} stream with a plain XREAD from
 * the entry that was last when this node started (every node needs every event, so
 * no consumer group): {@code lesson.opening} opens a room, {@code lesson.ended},
 * {@code lesson.cancelled} and {@code lesson.missed} close it. Room opening and
 * closing are idempotent, so many nodes applying the same event is fine.
 */
final class LessonEventReader {
    private static final Logger LOG = LoggerFactory.getLogger(LessonEventReader.class);
    static final String STREAM = "sanke:lesson-events";

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

    Future<Void> start() {
        return client.connect().compose(c -> {
            conn = c;
            return c.send(Request.cmd(Command.XREVRANGE).arg(STREAM).arg("+").arg("-").arg("COUNT").arg(1));
        }).map(r -> {
            if (r != null && r.size() > 0) {
                lastId = r.get(0).get(0).toString();
            } else {
                lastId = "0-0";
            }
            vertx.runOnContext(v -> loop());
            return null;
        });
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
            Response fields = entry.get(1);
            String type = null;
            String sid = null;
            String payload = null;
            for (int i = 0; fields != null && i + 1 < fields.size(); i += 2) {
                switch (fields.get(i).toString()) {
                    case "type" -> type = fields.get(i + 1).toString();
                    case "sessionId" -> sid = fields.get(i + 1).toString();
                    case "payload" -> payload = fields.get(i + 1).toString();
                    default -> { }
                }
            }
            lastId = id;
            String t = type;
            String s = sid;
            String p = payload;
            f = f.compose(x -> handle(t, s, p).recover(e -> {
                LOG.warn("lesson event not applied [id:{}]: {}", id, e.toString());
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
            case "lesson.opening" -> rooms.openRoom(sid, roster(payload)).mapEmpty();
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
