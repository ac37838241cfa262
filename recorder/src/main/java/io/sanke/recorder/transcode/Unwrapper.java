package io.sanke.recorder.transcode;

/** Extends 32-bit RTP timestamps and 16-bit sequence numbers across wrap-around. */
final class Unwrapper {
  private final int bits;
  private long last = Long.MIN_VALUE;

  Unwrapper(int bits) {
    this.bits = bits;
  }

  long unwrap(long value) {
    if (last == Long.MIN_VALUE) {
      last = value;
      return value;
    }
    long mask = (1L << bits) - 1;
    long delta = (value - last) & mask;
    if (delta >= (1L << (bits - 1))) {
      delta -= 1L << bits;
    }
    last += delta;
    return last;
  }
}
