package io.sanke.media.rtp;

/**
 * Arithmetic on 16-bit RTP sequence numbers and 32-bit timestamps with wrap-around
 * (RFC 3550 / RFC 1982 serial numbers). Stateless.
 */
public final class RtpSeq {
    private RtpSeq() {
    }

    /** {@code a - b} as a signed distance in [-32768, 32767]. */
    public static int delta(int a, int b) {
        return (short) (a - b);
    }

    /** True when {@code a} comes after {@code b}. */
    public static boolean isNewer(int a, int b) {
        return delta(a, b) > 0;
    }

    /** {@code seq + n} modulo 2^16. */
    public static int add(int seq, int n) {
        return (seq + n) & 0xFFFF;
    }

    /** {@code a - b} of 32-bit timestamps as a signed distance. */
    public static long timestampDelta(long a, long b) {
        return (int) (a - b);
    }

    /** {@code ts + n} modulo 2^32. */
    public static long addTimestamp(long ts, long n) {
        return (ts + n) & 0xFFFFFFFFL;
    }
}
