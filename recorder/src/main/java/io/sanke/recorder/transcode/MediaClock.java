package io.sanke.recorder.transcode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Maps one track's RTP timestamps to lesson time (µs since the epoch, the capture's
 * clock). Learned in a first pass over the packets, then frozen by {@link #finish()}:
 * <ul>
 *   <li>a jump of more than {@value #JUMP_MICROS} µs between consecutive packets in
 *       {@code arrival - timestamp/clockRate} (a timestamp jump, a new sender after an SFU
 *       restart) starts a new piece;</li>
 *   <li>in each piece, the rate of the sender's clock against the capture's is fitted
 *       (least squares, kept at nominal unless the piece spans 20 s and the fit is
 *       off by more than 0.2 % but within 0.5×..2×), so a sender whose clock runs fast or slow still lasts as long
 *       as it was captured;</li>
 *   <li>the piece is then placed near the lower envelope of the arrivals (the 10th
 *       percentile of the arrivals' distance to the fitted line: network delay and
 *       bursts taken out, a few early outliers, as an irregular sender makes, ignored).</li>
 * </ul>
 * Does not look at payloads.
 */
final class MediaClock {
  static final long JUMP_MICROS = 2_000_000;
  /** A rate is fitted only over this much media: short bursts (a loaded sender catching up) are not a clock. */
  static final long FIT_SPAN_MICROS = 20_000_000;

  private final int clockRate;
  private final Unwrapper ts = new Unwrapper(32);
  private long[] exts = new long[1024];
  private long[] arrivals = new long[1024];
  private int count;
  private final List<Integer> pieceStarts = new ArrayList<>();
  private long lastOffset;
  // frozen by finish(): per piece, line arrival = base + slope * (ext - ext0)
  private long[] pieceExt0;
  private double[] pieceBase;
  private double[] pieceSlope;

  MediaClock(int clockRate) {
    this.clockRate = clockRate;
  }

  private double nominal() {
    return 1_000_000.0 / clockRate;
  }

  /** Pass 1: learn from one packet (in arrival order). Returns its extended timestamp. */
  long learn(long rtpTs, long arrivalMicros) {
    long ext = ts.unwrap(rtpTs);
    long offset = arrivalMicros - (long) (ext * nominal());
    if (count == 0 || Math.abs(offset - lastOffset) > JUMP_MICROS) {
      pieceStarts.add(count);
    }
    lastOffset = offset;
    if (count == exts.length) {
      exts = Arrays.copyOf(exts, count * 2);
      arrivals = Arrays.copyOf(arrivals, count * 2);
    }
    exts[count] = ext;
    arrivals[count] = arrivalMicros;
    count++;
    return ext;
  }

  /** Fits each piece; call once after pass 1. */
  void finish() {
    int pieces = pieceStarts.size();
    pieceExt0 = new long[pieces];
    pieceBase = new double[pieces];
    pieceSlope = new double[pieces];
    for (int p = 0; p < pieces; p++) {
      int from = pieceStarts.get(p);
      int to = p + 1 < pieces ? pieceStarts.get(p + 1) : count;
      long ext0 = exts[from];
      long arr0 = arrivals[from];
      double sx = 0;
      double sy = 0;
      double sxx = 0;
      double sxy = 0;
      double minX = Double.MAX_VALUE;
      double maxX = -Double.MAX_VALUE;
      for (int i = from; i < to; i++) {
        double x = (exts[i] - ext0) * nominal();
        double y = arrivals[i] - arr0;
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
      }
      int n = to - from;
      double slope = 1.0;
      double var = n * sxx - sx * sx;
      if (n > 10 && maxX - minX >= FIT_SPAN_MICROS && var > 0) {
        double fit = (n * sxy - sx * sy) / var;
        if (fit >= 0.5 && fit <= 2.0 && Math.abs(fit - 1) > 0.002) {
          slope = fit;
        }
      }
      double[] residuals = new double[n];
      for (int i = from; i < to; i++) {
        double x = (exts[i] - ext0) * nominal();
        residuals[i - from] = arrivals[i] - arr0 - slope * x;
      }
      Arrays.sort(residuals);
      double base = residuals[(int) Math.floor((n - 1) * 0.1)];
      pieceExt0[p] = ext0;
      pieceBase[p] = arr0 + base;
      pieceSlope[p] = slope * nominal();
    }
    exts = null;
    arrivals = null;
  }

  /** Lesson time of the packet with this ordinal (its rank in arrival order) and extended timestamp. */
  long mediaMicros(long packetOrdinal, long extendedTs) {
    int p = 0;
    while (p + 1 < pieceStarts.size() && pieceStarts.get(p + 1) <= packetOrdinal) {
      p++;
    }
    return Math.round(pieceBase[p] + pieceSlope[p] * (extendedTs - pieceExt0[p]));
  }

  int pieces() {
    return pieceStarts.size();
  }

  /** Rate of the sender's clock against the capture's in the first piece (1.0 = nominal). */
  double firstSlope() {
    return pieceSlope[0] / nominal();
  }
}
