package io.sanke.infra;

import com.typesafe.config.ConfigFactory;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecorderServerTest {

    @Test
    void a_separate_recorder_process_refuses_to_start_without_external_redis_secret_and_s3() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            var noRedis = ConfigFactory.parseMap(Map.of("sanke.recorder.s3.endpoint", "http://127.0.0.1:9",
                    "sanke.recorder.auth.secret", "0123456789abcdef0123456789abcdef")).withFallback(ConfigFactory.load());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RecorderServer.start(vertx, noRedis));
            assertTrue(e.getMessage().contains("sanke.recorder.redis.uri"), e.getMessage());
            var noS3 = ConfigFactory.parseMap(Map.of("sanke.recorder.redis.uri", "redis://127.0.0.1:9/0",
                    "sanke.recorder.auth.secret", "0123456789abcdef0123456789abcdef")).withFallback(ConfigFactory.load());
            e = assertThrows(IllegalArgumentException.class, () -> RecorderServer.start(vertx, noS3));
            assertTrue(e.getMessage().contains("sanke.recorder.s3.endpoint"), e.getMessage());
        } finally {
            vertx.close().await(20, TimeUnit.SECONDS);
        }
    }
}
