package io.sanke.signaling;

import com.typesafe.config.ConfigFactory;
import io.sanke.media.server.MediaConfig;
import io.sanke.media.server.MediaServer;
import io.sanke.scheduler.api.LessonEvent;
import io.sanke.scheduler.api.Participant;
import io.sanke.scheduler.store.Json;
import io.sanke.scheduler.testing.MutableClock;
import io.sanke.scheduler.testing.RedisProcess;
import io.sanke.signaling.Sdp.Section;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two signaling nodes sharing one real redis-server and one SFU: rooms open and close
 * from the scheduler's lesson events on the stream, and a lesson served by both nodes
 * behaves as one room (hands, floor, tracks, presence cross nodes).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class TwoNodesTest {
    private static RedisProcess redis;
    private static MediaServer media;
    private Signaling a;
    private Signaling b;
    private Redis client;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T01:00:00Z"));

    @BeforeAll
    static void startAll() {
        redis = RedisProcess.start();
        media = MediaServer.start(MediaConfig.forTests(), Clock.systemUTC());
    }

    @AfterAll
    static void stopAll() {
        media.close();
        redis.close();
    }

    private SignalingConfig config(String node) {
        return SignalingConfig.from(ConfigFactory.parseString("sanke.signaling { http.port = 0, node-id = " + node + " }")
                .withFallback(ConfigFactory.defaultReference()).resolve()).withRedisUri(redis.uri());
    }

    @BeforeEach
    void start(Vertx vertx, VertxTestContext ctx) {
        client = Redis.createClient(vertx, redis.uri());
        List<io.sanke.signaling.api.MediaNode> nodes = List.of(new InProcessMediaNode(media));
        Signaling.start(vertx, config("sig-a"), clock, nodes, Harness.SECRET, true).compose(x -> {
            a = x;
            return Signaling.start(vertx, config("sig-b"), clock, nodes, Harness.SECRET, true);
        }).onComplete(ctx.succeeding(x -> {
            b = x;
            ctx.completeNow();
        }));
    }

    @AfterEach
    void stop(VertxTestContext ctx) {
        a.stop().compose(x -> b.stop()).compose(x -> client.send(Request.cmd(Command.FLUSHALL)))
                .onComplete(ctx.succeedingThenComplete());
    }

    private Future<Void> lessonEvent(String type) {
        List<Participant> people = List.of(
                new Participant(Participant.Role.MASTER_TEACHER, "t-wang", "王老师", "s-city", "c-city"),
                new Participant(Participant.Role.MASTER_CLASSROOM, "c-city", "五(1)班", "s-city", "c-city"),
                new Participant(Participant.Role.LISTENING_CLASSROOM, "c-v1", "李村教学点", "s-v1", "c-v1"),
                new Participant(Participant.Role.ASSISTANT_TEACHER, "a-li", "李老师", "s-v1", "c-v1"));
        String payload = Json.write(new LessonEvent(type, Harness.SID, clock.instant(), null, null, people, null));
        return client.send(Request.cmd(Command.XADD).arg(LessonEventReader.STREAM).arg("*").arg("type").arg(type)
                .arg("sessionId").arg(Harness.SID).arg("payload").arg(payload)).mapEmpty();
    }

    private Future<RoomSnapshot> roomWhen(java.util.function.Predicate<RoomSnapshot> ok, int left) {
        return a.rooms().state().snapshot(Harness.SID).compose(room -> {
            if (ok.test(room) || left == 0) {
                return Future.succeededFuture(room);
            }
            io.vertx.core.Promise<RoomSnapshot> p = io.vertx.core.Promise.promise();
            Vertx.currentContext().owner().setTimer(10, t -> roomWhen(ok, left - 1).onComplete(p));
            return p.future();
        });
    }

    private Future<Harness.Joined> join(Vertx vertx, Signaling node, String role, String id, String classroom) {
        String token = node.issueToken(Harness.SID, role, id, id, classroom);
        return Peer.connect(vertx, node.httpPort()).compose(p -> p.ok("join",
                new JsonObject().put("sessionId", Harness.SID).put("token", token)).map(r -> new Harness.Joined(p, r)));
    }

    @Test
    @DisplayName("lesson.opening opens the room on every node; a lesson across two nodes is one room; lesson.ended closes it")
    void oneRoomTwoNodes(Vertx vertx, VertxTestContext ctx) {
        lessonEvent(LessonEvent.OPENING)
                .compose(x -> roomWhen(RoomSnapshot::open, 500))
                .compose(room -> {
                    ctx.verify(() -> {
                        assertTrue(room.open());
                        assertEquals(4, room.roster().size());
                        assertEquals(io.sanke.signaling.api.Role.CLASSROOM, room.rosterEntry("c-city").orElseThrow().role());
                    });
                    return join(vertx, a, "master-teacher", "t-wang", "c-city");
                })
                .compose(t -> join(vertx, b, "classroom", "c-v1", "c-v1").compose(c -> t.peer().event("presence")
                        .compose(p -> {
                            ctx.verify(() -> assertEquals("c-v1", p.getJsonObject("participant").getString("id")));
                            return t.peer().ok("publish", new JsonObject().put("source", "camera").put("mid", "0"));
                        })
                        .compose(x -> t.peer().ok("offer", new JsonObject().put("sdp",
                                Sdp.offer("t1", List.of(Section.send("0", "video"))))))
                        .compose(x -> c.peer().event("renegotiate"))
                        .compose(x -> c.peer().ok("offer", new JsonObject().put("sdp",
                                Sdp.offer("c1", List.of(Section.recv("0", "video"))))))
                        .compose(ans -> {
                            ctx.verify(() -> assertEquals("t-wang", ans.getJsonArray("tracks").getJsonObject(0)
                                    .getString("participantId"), "a consumer across nodes on the shared SFU"));
                            return c.peer().ok("raise-hand");
                        })
                        .compose(x -> t.peer().event("hands"))
                        .compose(hands -> {
                            ctx.verify(() -> assertEquals(new JsonArray().add("c-v1"), hands.getJsonArray("hands")));
                            return t.peer().ok("grant-floor", new JsonObject().put("participantId", "c-v1"));
                        })
                        .compose(x -> c.peer().event("floor"))
                        .compose(x -> lessonEvent(LessonEvent.ENDED))
                        .compose(x -> c.peer().event("room-closed"))
                        .compose(x -> t.peer().event("room-closed"))
                        .compose(x -> roomWhen(r -> !r.open(), 500))
                        .map(room -> {
                            ctx.verify(() -> assertTrue(!room.open()));
                            return null;
                        })))
                .onComplete(ctx.succeedingThenComplete());
    }
}
