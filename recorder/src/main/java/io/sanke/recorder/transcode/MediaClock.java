package io.sanke.recorder.transcode;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps one track's RTP timestamps to lesson time (µs since the epoch, the capture's
 * clock). Built in a first pass over the packets: the anchor of a piece is the
 * smallest {@code arrival - timestamp/clockRate} seen, so network delay and bursts are
 * taken out; a jump of more than {@value #JUMP_MICROS} µs either way (a timestamp jump,
 * a new sender after an SFU restart) starts a new piece. Does not look at payloads.
 */
final class MediaClock {
  static final long JUMP_MICROS = 2_000_000;

  private final int clockRate;
  private final Unwrapper ts = new Unwrapper(32);
  private final List<long[]> pieces = new ArrayList<>(); // {first ordinal, anchor µs}
  private long ordinal;
  private long firstMedia = Long.MAX_VALUE;
  private long lastMedia = Long.MIN_VALUE;

  MediaClock(int clockRate) {
    this.clockRate = clockRate;
  }

  long toMicros(long extendedTs) {
    return Math.floorDiv(extendedTs * 1_000_000L, clockRate);
  }

  /** Pass 1: learn from one packet (in arrival order). Returns its extended timestamp. */
  long learn(long rtpTs, long arrivalMicros) {
    long ext = ts.unwrap(rtpTs);
    long offset = arrivalMicros - toMicros(ext);
    if (pieces.isEmpty()) {
      pieces.add(new long[] {ordinal, offset});
    } else {
      long[] cur = pieces.getLast();
      if (offset > cur[1] + JUMP_MICROS || offset < cur[1] - JUMP_MICROS) {
        pieces.add(new long[] {ordinal, offset});
      } else if (offset < cur[1]) {
        cur[1] = offset;
      }
    }
    ordinal++;
    return ext;
  }

  /** Lesson time of the packet with this ordinal (its rank in arrival order) and extended timestamp. */
  long mediaMicros(long packetOrdinal, long extendedTs) {
    long anchor = pieces.getFirst()[1];
    for (long[] p : pieces) {
      if (p[0] <= packetOrdinal) {
        anchor = p[1];
      } else {
        break;
      }
    }
    long t = anchor + toMicros(extendedTs);
    firstMedia = Math.min(firstMedia, t);
    lastMedia = Math.max(lastMedia, t);
    return t;
  }

  int pieces() {
    return pieces.size();
  }

  long firstMedia() {
    return firstMedia;
  }

  long lastMedia() {
    return lastMedia;
  }
}
