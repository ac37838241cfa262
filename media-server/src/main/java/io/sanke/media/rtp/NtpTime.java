package io.sanke.media.rtp;

/**
 * NTP timestamps (RFC 5905) as RTCP uses them: the 64-bit form in sender reports and the
 * "compact" middle 32 bits (16.16 seconds) in LSR, and DLSR in 1/65536 s.
 */
public final class NtpTime {
    /** Seconds from 1900-01-01 to 1970-01-01. */
    public static final long EPOCH_OFFSET_SECONDS = 2_208_988_800L;

    private NtpTime() {
    }

    /** The 64-bit NTP timestamp of a Unix time in milliseconds. */
    public static long fromUnixMillis(long millis) {
        long seconds = Math.floorDiv(millis, 1000) + EPOCH_OFFSET_SECONDS;
        long fraction = (Math.floorMod(millis, 1000) << 32) / 1000;
        return (seconds << 32) | fraction;
    }

    /** The middle 32 bits of a 64-bit NTP timestamp. */
    public static long compact(long ntp) {
        return (ntp >>> 16) & 0xFFFFFFFFL;
    }

    /** A duration in 1/65536 s (DLSR) as milliseconds. */
    public static long dlsrToMillis(long dlsr) {
        return dlsr * 1000 / 65536;
    }

    /** Milliseconds as 1/65536 s (for DLSR). */
    public static long millisToDlsr(long millis) {
        return millis * 65536 / 1000;
    }
}
