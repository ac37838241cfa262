package io.sanke.infra.e2e;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** The system clock moved by an offset that the test can change (time keeps running). */
final class ShiftableClock extends Clock {
  private final AtomicReference<Duration> offset;

  ShiftableClock(Duration offset) {
    this.offset = new AtomicReference<>(offset);
  }

  /** Moves the clock so that it reads {@code at} now. */
  void setNow(Instant at) {
    offset.set(Duration.between(Instant.now(), at));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("UTC only");
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset.get());
  }
}
