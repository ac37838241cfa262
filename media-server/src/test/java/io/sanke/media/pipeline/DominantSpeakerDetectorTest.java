package io.sanke.media.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DominantSpeakerDetectorTest {
    private final FakeClock clock = new FakeClock();
    private final List<Long> changes = new ArrayList<>();
    private final List<Long> changeTimes = new ArrayList<>();
    private final long start = clock.millis();
    private final DominantSpeakerDetector detector = new DominantSpeakerDetector(clock,
        DominantSpeakerDetector.Config.DEFAULT, ssrc -> {
            changes.add(ssrc);
            changeTimes.add(clock.millis() - start);
        });

    /** 20 ms audio packets from A (1), B (2) and C (3) for {@code millis}. */
    private void speak(long millis, int a, int b, int c) {
        for (long t = 0; t < millis; t += 20) {
            detector.onAudioLevel(1, a, a < 127, 0);
            detector.onAudioLevel(2, b, b < 127, 0);
            detector.onAudioLevel(3, c, c < 127, 0);
            clock.advanceMillis(20);
        }
    }

    @Test
    @DisplayName("keeps the floor against a slightly louder voice and a cough, and passes it when the speaker stops")
    void hysteresis() {
        speak(2000, 30, 127, 127);
        assertEquals(List.of(1L), changes);
        speak(1000, 30, 25, 127);
        detector.onAudioLevel(3, 0, true, 0); // a cough from C
        speak(1000, 30, 25, 127);
        assertEquals(List.of(1L), changes, "B is louder, but not by half; C only coughed");
        speak(3000, 127, 25, 127);
        assertEquals(List.of(1L, 2L), changes);
        long t = changeTimes.get(1) - 4000;
        assertTrue(t >= 300 && t <= 600, "the floor passes once A's window has drained enough: " + t + " ms");
        assertEquals(2L, detector.dominant().getAsLong());
    }

    @Test
    @DisplayName("silence never takes the floor, and a removed speaker loses it")
    void silenceAndRemoval() {
        speak(2000, 127, 127, 127);
        assertTrue(changes.isEmpty());
        assertTrue(detector.dominant().isEmpty());
        speak(100, 127, 40, 127);
        assertTrue(changes.isEmpty(), "100 ms of voice after silence is not enough");
        speak(200, 127, 40, 127);
        assertEquals(List.of(2L), changes);
        detector.remove(2);
        speak(1200, 50, 127, 127);
        assertEquals(List.of(2L, 1L), changes);
    }
}
