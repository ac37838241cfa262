package io.sanke.scheduler.testing;

import io.sanke.scheduler.api.SessionCalendar;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/** A clock tests set and advance by hand. */
public final class MutableClock extends Clock {
    private volatile Instant now;

    public MutableClock(Instant now) {
        this.now = now;
    }

    /** A clock at a Beijing wall time, e.g. {@code at("2026-09-07T07:45")}. */
    public static MutableClock at(String beijing) {
        return new MutableClock(LocalDateTime.parse(beijing).atZone(SessionCalendar.ZONE).toInstant());
    }

    public void set(String beijing) {
        now = LocalDateTime.parse(beijing).atZone(SessionCalendar.ZONE).toInstant();
    }

    public void advance(Duration d) {
        now = now.plus(d);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return SessionCalendar.ZONE;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
