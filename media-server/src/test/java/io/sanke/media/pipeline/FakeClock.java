package io.sanke.media.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves only when told: tests never sleep. */
final class FakeClock extends Clock {
    private Instant now;

    FakeClock(Instant start) {
        this.now = start;
    }

    FakeClock() {
        this(Instant.parse("2026-11-21T08:00:00Z"));
    }

    void advance(Duration d) {
        now = now.plus(d);
    }

    void advanceMillis(long ms) {
        advance(Duration.ofMillis(ms));
    }

    long micros() {
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
