package io.sanke.signaling;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignalingConfigTest {

    private static SignalingConfig with(String hocon) {
        return SignalingConfig.from(ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()).resolve());
    }

    @Test
    @DisplayName("the reference defaults: port 8090, 30 s resume window, HS256, Redis state, 500-character chat")
    void defaults() {
        SignalingConfig c = with("");
        assertEquals(8090, c.httpPort());
        assertEquals(Duration.ofSeconds(30), c.resumeWindow());
        assertEquals("HS256", c.algorithm());
        assertEquals("redis", c.state());
        assertEquals(500, c.chatMaxLength());
    }

    @Test
    @DisplayName("a bad value refuses the start with a message naming its key")
    void badValues() {
        String[][] table = {
                {"sanke.signaling.auth.algorithm = ES256", "sanke.signaling.auth.algorithm"},
                {"sanke.signaling.auth.secret = short", "sanke.signaling.auth.secret"},
                {"sanke.signaling.auth { algorithm = RS256, public-key-file = \"\" }", "sanke.signaling.auth.public-key-file"},
                {"sanke.signaling.http.port = 70000", "sanke.signaling.http.port"},
                {"sanke.signaling.resume-window = 0 seconds", "sanke.signaling.resume-window"},
                {"sanke.signaling.chat.max-length = 0", "sanke.signaling.chat.max-length"},
                {"sanke.signaling.state = memcached", "sanke.signaling.state"},
                {"sanke.signaling.idle-timeout = soon", "idle-timeout"},
        };
        for (String[] row : table) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> with(row[0]), row[0]);
            assertTrue(e.getMessage().contains(row[1]), e.getMessage());
        }
    }
}
