package io.sanke.scheduler.server;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedulerConfigTest {

    private static SchedulerConfig with(String hocon) {
        return SchedulerConfig.from(ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()).resolve());
    }

    @Test
    void the_reference_defaults_are_the_documented_ones() {
        SchedulerConfig c = SchedulerConfig.from(ConfigFactory.defaultReference());

        assertEquals(Duration.ofMinutes(15), c.openLead());
        assertEquals(Duration.ofMinutes(10), c.missedAfter());
        assertEquals(Duration.ofMinutes(60), c.overrun());
        assertEquals(Duration.ofSeconds(5), c.tick());
        assertEquals(7, c.windowDays());
        assertEquals(8080, c.httpPort());
        assertEquals(1024 * 1024, c.maxBodyBytes());
        assertEquals("", c.redisUri());
    }

    @Test
    void units_in_values_are_read() {
        SchedulerConfig c = with("sanke.scheduler { open-lead = 2 hours, http.max-body = 64 KiB, window = 14 days }");

        assertEquals(Duration.ofHours(2), c.openLead());
        assertEquals(64 * 1024, c.maxBodyBytes());
        assertEquals(14, c.windowDays());
    }

    @Test
    void a_bad_value_refuses_the_start_with_a_message_naming_its_key() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> with("sanke.scheduler.missed-after = 0 seconds"))
                .getMessage().contains("sanke.scheduler.missed-after"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> with("sanke.scheduler.http.port = 70000"))
                .getMessage().contains("sanke.scheduler.http.port"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> with("sanke.scheduler.auth.secret = short"))
                .getMessage().contains("sanke.scheduler.auth.secret"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> with("sanke.scheduler.tick = soon"))
                .getMessage().contains("tick"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> with("sanke.scheduler.window = 36 hours"))
                .getMessage().contains("sanke.scheduler.window"));
    }
}
