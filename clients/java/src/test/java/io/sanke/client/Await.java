package io.sanke.client;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for real peers to reach a state, polling; fails loudly with what was seen last. */
final class Await {
  private Await() {}

  static void until(Duration limit, BooleanSupplier condition, Supplier<String> whatWasSeen) {
    long end = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        fail("condition not met within " + limit + ": " + whatWasSeen.get());
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted");
      }
    }
  }
}
