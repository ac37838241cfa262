package io.sanke.recorder.transcode;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition another thread or process makes true (bounded; not a timing assertion). */
final class CaptureUdpWait {
  private CaptureUdpWait() {}

  static void until(BooleanSupplier done, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("gave up waiting for " + what);
      }
      Thread.sleep(5);
    }
  }
}
