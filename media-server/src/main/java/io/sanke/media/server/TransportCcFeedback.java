package io.sanke.media.server;

import io.sanke.media.rtp.HeaderExtensions;
import io.sanke.media.rtp.RtcpPacket;
import io.sanke.media.rtp.RtpPacket;
import io.sanke.media.rtp.RtpSeq;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Receive side of transport-wide congestion control for a sending endpoint: records the
 * arrival time of each transport-wide sequence number and, on {@link #flush()} (every
 * ~100 ms), sends one feedback packet covering the sequence range seen since the last
 * one, so the endpoint's own estimator (GoogCC in browsers) can raise its send rate and
 * turn on its higher simulcast layers. Times are microseconds since this object was made.
 * Not thread-safe: it runs under the media lock.
 */
final class TransportCcFeedback {
  private static final int MAX_PACKETS = 8000;

  private final int extensionId;
  private final long localSsrc;
  private final Consumer<RtcpPacket> out;
  private final long epochMicros;
  private final TreeMap<Long, Long> arrivals = new TreeMap<>();
  private long highestUnwrapped = -1;
  private int feedbackCount;
  private long nextBase = -1;
  private long mediaSsrc;

  TransportCcFeedback(int extensionId, long localSsrc, long nowMicros, Consumer<RtcpPacket> out) {
    this.extensionId = extensionId;
    this.localSsrc = localSsrc;
    this.epochMicros = nowMicros;
    this.out = out;
  }

  void onPacket(RtpPacket p, long nowMicros) {
    int seq = HeaderExtensions.transportCcSeq(p, extensionId);
    if (seq < 0) {
      return;
    }
    long unwrapped = unwrap(seq);
    if (nextBase >= 0 && unwrapped < nextBase) {
      return;
    }
    mediaSsrc = p.ssrc();
    arrivals.put(unwrapped, nowMicros - epochMicros);
    if (arrivals.size() > MAX_PACKETS) {
      arrivals.pollFirstEntry();
    }
  }

  private long unwrap(int seq) {
    if (highestUnwrapped < 0) {
      highestUnwrapped = seq;
      return seq;
    }
    int last = (int) (highestUnwrapped & 0xFFFF);
    int diff = RtpSeq.delta(seq, last);
    long u = highestUnwrapped + diff;
    if (u > highestUnwrapped) {
      highestUnwrapped = u;
    }
    return u;
  }

  /** Sends feedback for what arrived since the last call; nothing when nothing arrived. */
  void flush() {
    if (arrivals.isEmpty()) {
      return;
    }
    long base = arrivals.firstKey();
    long last = arrivals.lastKey();
    int count = (int) Math.min(last - base + 1, 0xFFFF);
    long[] times = new long[count];
    java.util.Arrays.fill(times, RtcpPacket.TransportCc.NOT_RECEIVED);
    long first = arrivals.firstEntry().getValue();
    int reference = (int) ((first / 64_000) & 0x7FFFFF);
    for (var e : arrivals.entrySet()) {
      int i = (int) (e.getKey() - base);
      if (i < count) {
        times[i] = e.getValue();
      }
    }
    arrivals.clear();
    nextBase = base + count;
    out.accept(new RtcpPacket.TransportCc(localSsrc, mediaSsrc, (int) (base & 0xFFFF), reference,
        feedbackCount++ & 0xFF, times));
  }
}
