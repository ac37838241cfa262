package io.sanke.recorder.testing;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for an asynchronous outcome (a worker finishing a job); the deadline only bounds a hung test, it asserts no speed. */
public final class Eventually {
    private Eventually() {
    }

    public static <T> T until(String what, Duration limit, Supplier<T> probe) {
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            T v = probe.get();
            if (v != null && !Boolean.FALSE.equals(v)) {
                return v;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("never happened within " + limit + ": " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
