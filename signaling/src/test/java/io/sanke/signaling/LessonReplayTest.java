package io.sanke.signaling;

import com.typesafe.config.ConfigFactory;
import io.sanke.media.server.MediaConfig;
import io.sanke.media.server.MediaServer;
import io.sanke.scheduler.api.LessonEvent;
import io.sanke.scheduler.api.Participant;
import io.sanke.scheduler.store.Json;
import io.sanke.scheduler.testing.MutableClock;
import io.sanke.scheduler.testing.RedisProcess;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A signaling node that starts (or restarts) while lessons are on: it replays the
 * recent lesson events and serves the lessons still open, and only those.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class LessonReplayTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T02:00:00Z"));
    private RedisProcess redis;
    private MediaServer media;
    private Redis client;
    private Signaling node;

    @BeforeEach
    void start(Vertx vertx) {
        redis = RedisProcess.start();
        media = MediaServer.start(MediaConfig.forTests(), Clock.systemUTC());
        client = Redis.createClient(vertx, redis.uri());
    }

    @AfterEach
    void stop() throws Exception {
        if (node != null) {
            node.stop().await(20, TimeUnit.SECONDS);
        }
        media.close();
        redis.close();
    }

    /**
     * Appends an event with the stream id the scheduler's XADD would have made {@code ago}
     * before now; ids come from Redis's clock, so "now" is Redis's {@code TIME}.
     */
    private Future<Void> event(Duration ago, String type, String sid) {
        return client.send(Request.cmd(Command.TIME))
                .map(t -> Instant.ofEpochSecond(t.get(0).toLong(), t.get(1).toLong() * 1000))
                .compose(now -> event(now.minus(ago), type, sid));
    }

    private Future<Void> event(Instant at, String type, String sid) {
        List<Participant> people = List.of(
                new Participant(Participant.Role.MASTER_TEACHER, "t-wang", "王老师", "s-city", "c-city"),
                new Participant(Participant.Role.LISTENING_CLASSROOM, "c-v1", "李村教学点", "s-v1", "c-v1"));
        String payload = Json.write(new LessonEvent(type, sid, at, null, null, people, null));
        return client.send(Request.cmd(Command.XADD).arg(LessonEventReader.STREAM).arg(at.toEpochMilli() + "-*")
                .arg("type").arg(type).arg("sessionId").arg(sid).arg("payload").arg(payload)).mapEmpty();
    }

    private Future<Boolean> open(String sid) {
        return node.rooms().state().snapshot(sid).map(RoomSnapshot::open);
    }

    private Future<Boolean> openWhen(String sid, Predicate<Boolean> ok, int left) {
        return open(sid).compose(o -> {
            if (ok.test(o) || left == 0) {
                return Future.succeededFuture(o);
            }
            Promise<Boolean> p = Promise.promise();
            Vertx.currentContext().owner().setTimer(10, t -> openWhen(sid, ok, left - 1).onComplete(p));
            return p.future();
        });
    }

    @Test
    @DisplayName("a node started mid-lesson opens the rooms of lessons still open, not of ended or long-past ones")
    void replaysOpenLessons(Vertx vertx, VertxTestContext ctx) {
        SignalingConfig config = SignalingConfig.from(ConfigFactory.parseString("sanke.signaling { http.port = 0 }")
                .withFallback(ConfigFactory.defaultReference()).resolve()).withRedisUri(redis.uri());
        event(Duration.ofHours(20), LessonEvent.OPENING, "old@2026-11-22")
                .compose(x -> event(Duration.ofMinutes(50), LessonEvent.OPENING, "ended@2026-11-23"))
                .compose(x -> event(Duration.ofMinutes(45), LessonEvent.OPENING, "live@2026-11-23"))
                .compose(x -> event(Duration.ofMinutes(40), LessonEvent.STARTED, "live@2026-11-23"))
                .compose(x -> event(Duration.ofMinutes(5), LessonEvent.ENDED, "ended@2026-11-23"))
                .compose(x -> Signaling.start(vertx, config, clock, List.of(new InProcessMediaNode(media)), Harness.SECRET, true))
                .compose(started -> {
                    node = started;
                    return open("live@2026-11-23");
                })
                .compose(live -> {
                    ctx.verify(() -> assertTrue(live, "the lesson still on is served after the start"));
                    return open("ended@2026-11-23");
                })
                .compose(ended -> {
                    ctx.verify(() -> assertFalse(ended, "an ended lesson is not reopened"));
                    return open("old@2026-11-22");
                })
                .compose(old -> {
                    ctx.verify(() -> assertFalse(old, "an opening older than the replay window is ignored"));
                    return event(Duration.ZERO, LessonEvent.ENDED, "live@2026-11-23");
                })
                .compose(x -> openWhen("live@2026-11-23", o -> !o, 500))
                .onComplete(ctx.succeeding(stillOpen -> {
                    ctx.verify(() -> assertFalse(stillOpen, "events after the replay are followed live"));
                    ctx.completeNow();
                }));
    }
}
