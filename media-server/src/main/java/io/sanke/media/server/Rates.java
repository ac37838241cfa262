package io.sanke.media.server;

import java.time.Clock;
import java.util.concurrent.atomic.LongAdder;

/** Packet and byte counts in one direction, and the bitrate since the last {@link #bitrateBps} call. */
final class Rates {
  final LongAdder packets = new LongAdder();
  final LongAdder bytes = new LongAdder();
  private final Clock clock;
  private long lastBytes;
  private long lastMillis;
  private long lastRate;

  Rates(Clock clock) {
    this.clock = clock;
    this.lastMillis = clock.millis();
  }

  void add(int len) {
    packets.increment();
    bytes.add(len);
  }

  synchronized long bitrateBps() {
    long now = clock.millis();
    long b = bytes.sum();
    long dt = now - lastMillis;
    if (dt >= 200) {
      lastRate = (b - lastBytes) * 8_000 / dt;
      lastBytes = b;
      lastMillis = now;
    }
    return lastRate;
  }
}
