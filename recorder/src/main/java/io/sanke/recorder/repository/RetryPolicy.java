package io.sanke.recorder.repository;

import java.time.Duration;

/**
 * How often and how patiently a repository operation is tried again: exponential
 * backoff from {@code initialBackoff}, doubled each time, capped at {@code maxBackoff}.
 *
 * @param attempts tries in all (≥ 1)
 */
public record RetryPolicy(int attempts, Duration initialBackoff, Duration maxBackoff) {
    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must be non-negative and max ≥ initial");
        }
    }

    /** Wait before try number {@code attempt + 1}, after {@code attempt} (1-based) failed. */
    public Duration backoffAfter(int attempt) {
        long factor = 1L << Math.min(attempt - 1, 20);
        Duration d = initialBackoff.multipliedBy(factor);
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
