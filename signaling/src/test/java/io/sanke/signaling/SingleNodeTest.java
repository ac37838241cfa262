package io.sanke.signaling;

import io.sanke.media.server.MediaConfig;
import io.sanke.media.server.MediaServer;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tests against one signaling node ({@link Harness}, fresh for each test) with a real
 * in-process SFU shared by the test class.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
abstract class SingleNodeTest {
    protected static MediaServer media;
    protected Harness h;

    @BeforeAll
    static void startSfu() {
        media = MediaServer.start(MediaConfig.forTests(), Clock.systemUTC());
    }

    @AfterAll
    static void stopSfu() {
        media.close();
    }

    @BeforeEach
    void startNode(Vertx vertx, VertxTestContext ctx) {
        Harness.start(vertx, List.of(new InProcessMediaNode(media))).onComplete(ctx.succeeding(x -> {
            h = x;
            ctx.completeNow();
        }));
    }

    @AfterEach
    void stopNode(VertxTestContext ctx) {
        h.stop().onComplete(ctx.succeedingThenComplete());
    }
}
