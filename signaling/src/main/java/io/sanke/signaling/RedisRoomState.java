package io.sanke.signaling;

import io.sanke.signaling.api.ErrorCode;
import io.sanke.signaling.api.SignalingException;
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
import io.vertx.redis.client.ResponseType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * {@link RoomState} in Redis (keys in {@link RedisKeys}), for many signaling nodes
 * serving one lesson. Compound changes are Lua scripts, so each is atomic; room events
 * go over one Pub/Sub channel on a connection of its own.
 */
final class RedisRoomState implements RoomState {
    private static final Logger LOG = LoggerFactory.getLogger(RedisRoomState.class);

    /** KEYS: room, members, hands, muted, rooms; ARGV: sid. Fails unless open. */
    private static final String REQUIRE_OPEN = "if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('ROOM_CLOSED') end ";
    private static final String PUT_MEMBER = REQUIRE_OPEN
            + "redis.call('HSET', KEYS[2], ARGV[1], ARGV[2]) return 1";
    private static final String REMOVE_MEMBER = "redis.call('HDEL', KEYS[2], ARGV[1]) "
            + "redis.call('LREM', KEYS[3], 0, ARGV[1]) "
            + "redis.call('HDEL', KEYS[4], ARGV[1] .. ':audio', ARGV[1] .. ':video') "
            + "if redis.call('HGET', KEYS[1], 'floor') == ARGV[1] then redis.call('HDEL', KEYS[1], 'floor') end return 1";
    private static final String RAISE = REQUIRE_OPEN
            + "if not redis.call('LPOS', KEYS[3], ARGV[1]) then redis.call('RPUSH', KEYS[3], ARGV[1]) end "
            + "return redis.call('LRANGE', KEYS[3], 0, -1)";
    private static final String LOWER = REQUIRE_OPEN
            + "redis.call('LREM', KEYS[3], 0, ARGV[1]) return redis.call('LRANGE', KEYS[3], 0, -1)";
    private static final String FLOOR = REQUIRE_OPEN
            + "local prev = redis.call('HGET', KEYS[1], 'floor') "
            + "if ARGV[1] == '' then redis.call('HDEL', KEYS[1], 'floor') else "
            + "redis.call('HSET', KEYS[1], 'floor', ARGV[1]) redis.call('LREM', KEYS[3], 0, ARGV[1]) end "
            + "if prev then return prev else return '' end";
    private static final String MUTE = REQUIRE_OPEN
            + "if ARGV[2] == '1' then redis.call('HSET', KEYS[4], ARGV[1], '1') else redis.call('HDEL', KEYS[4], ARGV[1]) end return 1";
    private static final String CLAIM = REQUIRE_OPEN
            + "redis.call('HSETNX', KEYS[1], 'sfu', ARGV[1]) return redis.call('HGET', KEYS[1], 'sfu')";
    /** ARGV: from, to. Compare-and-set of the SFU node; on a move, every member's tracks are dropped. */
    private static final String MOVE = REQUIRE_OPEN
            + "if redis.call('HGET', KEYS[1], 'sfu') == ARGV[1] then redis.call('HSET', KEYS[1], 'sfu', ARGV[2]) "
            + "local all = redis.call('HGETALL', KEYS[2]) "
            + "for i = 1, #all, 2 do local m = cjson.decode(all[i + 1]) m['tracks'] = {} "
            + "redis.call('HSET', KEYS[2], all[i], cjson.encode(m)) end end "
            + "return redis.call('HGET', KEYS[1], 'sfu')";
    private static final String OPEN = "if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end "
            + "redis.call('HSET', KEYS[1], 'roster', ARGV[2], 'opened', ARGV[3]) redis.call('SADD', KEYS[5], ARGV[1]) return 1";

    private final Redis redis;
    private final Redis subscriber;
    private final List<BiConsumer<String, JsonObject>> handlers = new CopyOnWriteArrayList<>();
    private RedisConnection subscription;

    private final Clock clock;

    private RedisRoomState(Redis redis, Redis subscriber, Clock clock) {
        this.redis = redis;
        this.subscriber = subscriber;
        this.clock = clock;
    }

    /** Connects the pool and the Pub/Sub connection; completes once subscribed. */
    static Future<RedisRoomState> connect(Vertx vertx, SignalingConfig config, Clock clock) {
        if (config.redisUri().isBlank()) {
            return Future.failedFuture(new IllegalArgumentException(
                    "bad signaling configuration: sanke.signaling.redis.uri is empty"));
        }
        Redis pool = Redis.createClient(vertx, new RedisOptions().setConnectionString(config.redisUri())
                .setMaxPoolSize(config.redisPoolSize()).setMaxPoolWaiting(config.redisMaxWaitingHandlers())
                .setMaxWaitingHandlers(config.redisMaxWaitingHandlers())
                .setPreferredProtocolVersion(ProtocolVersion.RESP2));
        Redis sub = Redis.createClient(vertx, new RedisOptions().setConnectionString(config.redisUri())
                .setPreferredProtocolVersion(ProtocolVersion.RESP2));
        RedisRoomState state = new RedisRoomState(pool, sub, clock);
        return state.subscribe().map(state);
    }

    private Future<Void> subscribe() {
        return subscriber.connect().compose(conn -> {
            subscription = conn;
            conn.handler(this::onPush);
            conn.exceptionHandler(e -> LOG.warn("room-event subscription failed: {}", e.toString()));
            return conn.send(Request.cmd(Command.SUBSCRIBE).arg(RedisKeys.EVENTS_CHANNEL)).mapEmpty();
        });
    }

    private void onPush(Response r) {
        if (r == null || r.type() != ResponseType.MULTI && r.type() != ResponseType.PUSH || r.size() < 3
                || !"message".equals(r.get(0).toString())) {
            return;
        }
        JsonObject m;
        try {
            m = new JsonObject(r.get(2).toString());
        } catch (RuntimeException e) {
            LOG.warn("malformed room event dropped");
            return;
        }
        String sid = m.getString("sid");
        JsonObject event = m.getJsonObject("event");
        if (sid != null && event != null) {
            handlers.forEach(h -> h.accept(sid, event));
        }
    }

    private Future<Response> script(String lua, String sid, String... args) {
        Request req = Request.cmd(Command.EVAL).arg(lua).arg(5).arg(RedisKeys.room(sid)).arg(RedisKeys.members(sid))
                .arg(RedisKeys.hands(sid)).arg(RedisKeys.muted(sid)).arg(RedisKeys.ROOMS);
        for (String a : args) {
            req.arg(a);
        }
        return redis.send(req).recover(e -> Future.failedFuture(e.getMessage() != null
                && e.getMessage().contains("ROOM_CLOSED")
                ? SignalingException.of(ErrorCode.ROOM_CLOSED, "room not open [session:" + sid + "]") : e));
    }

    @Override
    public Future<Boolean> open(String sid, List<RosterEntry> roster) {
        JsonArray a = new JsonArray();
        roster.forEach(e -> a.add(e.toJson()));
        return script(OPEN, sid, sid, a.encode(), clock.instant().toString())
                .map(r -> r.toInteger() == 1);
    }

    @Override
    public Future<Boolean> close(String sid) {
        return redis.batch(List.of(
                Request.cmd(Command.SREM).arg(RedisKeys.ROOMS).arg(sid),
                Request.cmd(Command.DEL).arg(RedisKeys.room(sid)).arg(RedisKeys.members(sid))
                        .arg(RedisKeys.hands(sid)).arg(RedisKeys.muted(sid))))
                .map(rs -> rs.get(0).toInteger() == 1);
    }

    @Override
    public Future<RoomSnapshot> snapshot(String sid) {
        return redis.batch(List.of(
                Request.cmd(Command.HGETALL).arg(RedisKeys.room(sid)),
                Request.cmd(Command.HGETALL).arg(RedisKeys.members(sid)),
                Request.cmd(Command.LRANGE).arg(RedisKeys.hands(sid)).arg(0).arg(-1),
                Request.cmd(Command.HGETALL).arg(RedisKeys.muted(sid)))).map(rs -> {
                    Map<String, String> room = hash(rs.get(0));
                    if (room.isEmpty()) {
                        return RoomSnapshot.closed(sid);
                    }
                    List<RosterEntry> roster = new ArrayList<>();
                    new JsonArray(room.getOrDefault("roster", "[]"))
                            .forEach(o -> roster.add(RosterEntry.fromJson((JsonObject) o)));
                    Map<String, Member> members = new LinkedHashMap<>();
                    hash(rs.get(1)).forEach((k, v) -> members.put(k, Member.fromJson(new JsonObject(v))));
                    Map<String, Set<String>> muted = new HashMap<>();
                    hash(rs.get(3)).keySet().forEach(k -> {
                        int colon = k.lastIndexOf(':');
                        muted.computeIfAbsent(k.substring(0, colon), x -> new HashSet<>()).add(k.substring(colon + 1));
                    });
                    return new RoomSnapshot(sid, true, roster, members, strings(rs.get(2)), room.get("floor"), muted,
                            room.get("sfu"));
                });
    }

    private static Map<String, String> hash(Response r) {
        Map<String, String> m = new LinkedHashMap<>();
        if (r != null) {
            for (int i = 0; i + 1 < r.size(); i += 2) {
                m.put(r.get(i).toString(), r.get(i + 1).toString());
            }
        }
        return m;
    }

    private static List<String> strings(Response r) {
        List<String> l = new ArrayList<>();
        if (r != null) {
            r.forEach(x -> l.add(x.toString()));
        }
        return l;
    }

    @Override
    public Future<Void> putMember(String sid, Member member) {
        return script(PUT_MEMBER, sid, member.id(), member.toJson().encode()).mapEmpty();
    }

    @Override
    public Future<Void> removeMember(String sid, String pid) {
        return script(REMOVE_MEMBER, sid, pid).mapEmpty();
    }

    @Override
    public Future<List<String>> raiseHand(String sid, String pid) {
        return script(RAISE, sid, pid).map(RedisRoomState::strings);
    }

    @Override
    public Future<List<String>> lowerHand(String sid, String pid) {
        return script(LOWER, sid, pid).map(RedisRoomState::strings);
    }

    @Override
    public Future<String> setFloor(String sid, String pid) {
        return script(FLOOR, sid, pid == null ? "" : pid).map(r -> {
            String prev = r == null ? "" : r.toString();
            return prev.isEmpty() ? null : prev;
        });
    }

    @Override
    public Future<Void> setMuted(String sid, String pid, String kind, boolean muted) {
        return script(MUTE, sid, pid + ":" + kind, muted ? "1" : "0").mapEmpty();
    }

    @Override
    public Future<String> claimSfuNode(String sid, String nodeId) {
        return script(CLAIM, sid, nodeId).map(Response::toString);
    }

    @Override
    public Future<String> moveSfuNode(String sid, String from, String to) {
        return script(MOVE, sid, from, to).map(Response::toString);
    }

    @Override
    public Future<Void> publish(String sid, JsonObject event) {
        String m = new JsonObject().put("sid", sid).put("event", event).encode();
        return redis.send(Request.cmd(Command.PUBLISH).arg(RedisKeys.EVENTS_CHANNEL).arg(m)).mapEmpty();
    }

    @Override
    public void onEvent(BiConsumer<String, JsonObject> handler) {
        handlers.add(handler);
    }

    @Override
    public Future<Void> shutdown() {
        Future<Void> sub = subscription == null ? Future.succeededFuture() : subscription.close();
        return sub.eventually(subscriber::close).eventually(redis::close).recover(e -> Future.succeededFuture());
    }
}
