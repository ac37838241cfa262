package io.sanke.media.rtp;

import java.nio.charset.StandardCharsets;

/**
 * Readers and in-place writers for the RTP header extensions the SFU negotiates. The
 * extension ids come from SDP ({@code a=extmap}); every method takes the id and returns
 * a "missing" value when the packet does not carry it.
 *
 * <ul>
 *   <li>{@code urn:ietf:params:rtp-hdrext:sdes:mid}, {@code ...:rtp-stream-id} (rid) and
 *       {@code ...:repaired-rtp-stream-id}: {@link #readString}</li>
 *   <li>{@code http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time}: 24-bit 6.18
 *       fixed point seconds, {@link #absSendTime}</li>
 *   <li>{@code http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01}:
 *       16-bit sequence, {@link #transportCcSeq}</li>
 *   <li>{@code urn:ietf:params:rtp-hdrext:ssrc-audio-level} (RFC 6464): {@link #audioLevel}</li>
 * </ul>
 */
public final class HeaderExtensions {
    private HeaderExtensions() {
    }

    /** The UTF-8 string in extension {@code id} (mid, rid, repaired-rid), or null. */
    public static String readString(RtpPacket p, int id) {
        int off = p.extensionOffset(id);
        if (off < 0) {
            return null;
        }
        int len = p.extensionLength(id);
        // Senders may pad with NUL bytes; the value ends at the first one.
        int end = off;
        while (end < off + len && p.buffer()[end] != 0) {
            end++;
        }
        return new String(p.buffer(), off, end - off, StandardCharsets.UTF_8);
    }

    /** The 24-bit abs-send-time value, or -1. */
    public static int absSendTime(RtpPacket p, int id) {
        int off = p.extensionOffset(id);
        return off < 0 || p.extensionLength(id) < 3 ? -1 : Bytes.u24(p.buffer(), off);
    }

    /** Writes abs-send-time in place; false when the packet has no such element. */
    public static boolean setAbsSendTime(RtpPacket p, int id, int value) {
        int off = p.extensionOffset(id);
        if (off < 0 || p.extensionLength(id) < 3) {
            return false;
        }
        Bytes.put24(p.buffer(), off, value & 0xFFFFFF);
        return true;
    }

    /**
     * abs-send-time for a time in microseconds (any origin, negative too): seconds in 6.18
     * fixed point, modulo 64 s, rounded down. Reduced modulo 64 s first: an epoch time in
     * microseconds shifted left by 18 would overflow a long.
     */
    public static int absSendTimeOf(long micros) {
        return (int) ((Math.floorMod(micros, 64_000_000L) << 18) / 1_000_000L);
    }

    /** The transport-wide sequence number, or -1. */
    public static int transportCcSeq(RtpPacket p, int id) {
        int off = p.extensionOffset(id);
        return off < 0 || p.extensionLength(id) < 2 ? -1 : Bytes.u16(p.buffer(), off);
    }

    /** Writes the transport-wide sequence number in place; false when absent. */
    public static boolean setTransportCcSeq(RtpPacket p, int id, int seq) {
        int off = p.extensionOffset(id);
        if (off < 0 || p.extensionLength(id) < 2) {
            return false;
        }
        Bytes.put16(p.buffer(), off, seq & 0xFFFF);
        return true;
    }

    /** RFC 6464 audio level or null; level is in -dBov, 0 (loudest) .. 127 (silence). */
    public static AudioLevel audioLevel(RtpPacket p, int id) {
        int off = p.extensionOffset(id);
        if (off < 0 || p.extensionLength(id) < 1) {
            return null;
        }
        int b = p.buffer()[off] & 0xFF;
        return new AudioLevel((b & 0x80) != 0, b & 0x7F);
    }

    /** The one byte of an RFC 6464 element. */
    public static byte audioLevelByte(boolean voice, int level) {
        if (level < 0 || level > 127) {
            throw new IllegalArgumentException("audio level out of range [level:" + level + "]");
        }
        return (byte) ((voice ? 0x80 : 0) | level);
    }

    /**
     * An RFC 6464 audio level.
     *
     * @param voice the V bit (voice activity, as the sender judged it)
     * @param level -dBov: 0 is the loudest, 127 silence
     */
    public record AudioLevel(boolean voice, int level) {
    }
}
