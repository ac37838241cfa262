package io.sanke.media.transport;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Named counters of what a transport received, sent and dropped (for example
 * {@code drop.stun.integrity}, {@code rtp.in}). Thread-safe; never throws.
 */
public final class TransportCounters {
  private final ConcurrentHashMap<String, LongAdder> counters = new ConcurrentHashMap<>();

  public void inc(String name) {
    add(name, 1);
  }

  public void add(String name, long delta) {
    counters.computeIfAbsent(name, k -> new LongAdder()).add(delta);
  }

  /** The adder behind a counter, for hot paths that count every packet. */
  public LongAdder adder(String name) {
    return counters.computeIfAbsent(name, k -> new LongAdder());
  }

  public long get(String name) {
    LongAdder a = counters.get(name);
    return a == null ? 0 : a.sum();
  }

  /** Sum of every counter whose name starts with {@code prefix}. */
  public long sum(String prefix) {
    long s = 0;
    for (var e : counters.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        s += e.getValue().sum();
      }
    }
    return s;
  }

  public Map<String, Long> snapshot() {
    Map<String, Long> m = new TreeMap<>();
    counters.forEach((k, v) -> m.put(k, v.sum()));
    return m;
  }
}
