package io.sanke.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff noJitter = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(5), 0);

  @Test
  @DisplayName("delays double from the initial delay and stop at the cap")
  void doublesUpToTheCap() {
    long[] got = new long[8];
    for (int i = 0; i < got.length; i++) {
      got[i] = noJitter.delay(i, new Random(1)).toMillis();
    }
    assertEquals("[250, 500, 1000, 2000, 4000, 5000, 5000, 5000]", java.util.Arrays.toString(got));
    assertEquals(5000, noJitter.delay(1_000_000, new Random(1)).toMillis(), "a huge attempt count does not overflow");
  }

  @Test
  @DisplayName("jitter spreads each delay within the stated fraction")
  void jitterStaysWithinItsFraction() {
    Random r = new Random(42);
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 2000; i++) {
      long d = Backoff.DEFAULT.delay(2, r).toMillis();
      min = Math.min(min, d);
      max = Math.max(max, d);
    }
    assertTrue(min >= 800 && max <= 1200, "1000 ms ± 20 %: " + min + ".." + max);
    assertTrue(max - min > 200, "the delays are actually spread: " + min + ".." + max);
  }

  @Test
  @DisplayName("refuses a zero delay, a cap below the start, a wild jitter and a negative attempt")
  void refusesBadSettings() {
    assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0));
    assertTrue(e.getMessage().contains("[initial:PT2S, max:PT1S]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofMillis(1), Duration.ofSeconds(1), 0.9));
    assertThrows(IllegalArgumentException.class, () -> noJitter.delay(-1, new Random()));
  }
}
