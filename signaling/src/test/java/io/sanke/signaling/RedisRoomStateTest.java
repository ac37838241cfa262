package io.sanke.signaling;

import io.sanke.scheduler.testing.RedisProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link RoomStateContract} on Redis: a real redis-server. */
class RedisRoomStateTest extends RoomStateContract {
    private static RedisProcess redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Override
    Future<RoomState> create(Vertx vertx) {
        return RedisRoomState.connect(vertx, Harness.config().withRedisUri(redis.uri()), java.time.Clock.systemUTC()).map(s -> (RoomState) s);
    }
}
