package io.sanke.client;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Reconnect delays: exponential from {@code initial}, doubled after each failed attempt,
 * capped at {@code max}, each spread by up to ±{@code jitter} (a fraction) so that a
 * classroom full of terminals does not knock on the server in the same millisecond.
 * Stateless: the caller counts the attempts. Does not schedule anything itself.
 *
 * @param initial delay before the first reconnect attempt
 * @param max     largest delay, however many attempts failed
 * @param jitter  0 (none) to 0.5 (±50 %)
 */
public record Backoff(Duration initial, Duration max, double jitter) {
  /** The defaults of the pages and the headless client: 250 ms doubling up to 5 s, ±20 %. */
  public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(5), 0.2);

  public Backoff {
    if (initial == null || initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("backoff initial delay must be positive [initial:" + initial + "]");
    }
    if (max == null || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff max must be at least the initial delay [initial:" + initial + ", max:" + max + "]");
    }
    if (!(jitter >= 0 && jitter <= 0.5)) {
      throw new IllegalArgumentException("backoff jitter must be within 0..0.5 [jitter:" + jitter + "]");
    }
  }

  /** The delay before attempt {@code attempt} (0 = the first reconnect). */
  public Duration delay(int attempt, RandomGenerator random) {
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must not be negative [attempt:" + attempt + "]");
    }
    long base = initial.toMillis();
    long cap = max.toMillis();
    long d = base;
    for (int i = 0; i < attempt && d < cap; i++) {
      d = Math.min(cap, d * 2);
    }
    double spread = jitter == 0 ? 0 : (random.nextDouble() * 2 - 1) * jitter;
    return Duration.ofMillis(Math.max(1, Math.round(d * (1 + spread))));
  }
}
