package io.sanke.recorder.server;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RecorderConfigTest {

    static RecorderConfig with(Map<String, Object> values) {
        return RecorderConfig.from(ConfigFactory.parseMap(values).withFallback(ConfigFactory.load()).resolve());
    }

    @Test
    @DisplayName("the defaults of reference.conf are valid and read with their units")
    void defaults() {
        RecorderConfig c = with(Map.of());
        assertEquals(8082, c.httpPort());
        assertEquals("sanke-library", c.s3Bucket());
        assertEquals(Duration.ofMinutes(10), c.urlExpiry());
        assertEquals(Duration.ofDays(30), c.rejectedRetention());
        assertEquals(4, c.maxAttempts());
        assertEquals(Duration.ofSeconds(30), c.jobRetry().backoffAfter(1));
        assertEquals(Duration.ofSeconds(60), c.jobRetry().backoffAfter(2));
        assertEquals(Duration.ofMinutes(10), c.jobRetry().backoffAfter(10));
    }

    @Test
    @DisplayName("a bad value refuses the start with a message naming its key")
    void badValuesNameTheirKey() {
        Map<String, Map<String, Object>> cases = Map.of(
                "sanke.recorder.http.port", Map.of("sanke.recorder.http.port", 70000),
                "sanke.recorder.s3.bucket", Map.of("sanke.recorder.s3.bucket", "Bad_Bucket"),
                "sanke.recorder.s3.endpoint", Map.of("sanke.recorder.s3.endpoint", "ftp://x"),
                "sanke.recorder.s3.access-key", Map.of("sanke.recorder.s3.endpoint", "http://10.0.0.7:9000"),
                "sanke.recorder.jobs.max-attempts", Map.of("sanke.recorder.jobs.max-attempts", 0),
                "sanke.recorder.playback.url-expiry", Map.of("sanke.recorder.playback.url-expiry", "8 days"),
                "sanke.recorder.auth.secret", Map.of("sanke.recorder.auth.secret", "short"),
                "sanke.recorder.jobs.backoff-max", Map.of("sanke.recorder.jobs.backoff-max", "1 second"));
        cases.forEach((key, values) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> with(values), key);
            assertEquals(true, e.getMessage().contains(key), e.getMessage());
        });
        IllegalArgumentException unit = assertThrows(IllegalArgumentException.class,
                () -> with(Map.of("sanke.recorder.playback.url-expiry", "ten")));
        assertEquals(true, unit.getMessage().contains("playback.url-expiry"), unit.getMessage());
    }
}
