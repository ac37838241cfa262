package io.sanke.media.rtp;

/**
 * What the SFU reads from an H.264 RTP payload (RFC 6184, packetization-mode 1): the NAL
 * unit types it carries through single NAL units, STAP-A aggregates and FU-A fragments,
 * and from those whether it belongs to a keyframe (an IDR slice, or SPS/PPS present, as
 * libwebrtc sends them ahead of an IDR). Stateless; never rewrites.
 *
 * <p>Wiring: {@code H264Payload.isKeyframe(p.buffer(), p.payloadOffset(), p.payloadLength())}.
 */
public final class H264Payload {
    public static final int NAL_IDR = 5;
    public static final int NAL_SPS = 7;
    public static final int NAL_PPS = 8;
    public static final int STAP_A = 24;
    public static final int FU_A = 28;

    private H264Payload() {
    }

    /**
     * True when the payload carries an IDR slice (for FU-A: its first fragment), an SPS
     * or a PPS. Throws {@link MalformedPacketException} when a STAP-A size or an FU-A
     * header does not fit.
     */
    public static boolean isKeyframe(byte[] buf, int off, int len) {
        int mask = nalTypeMask(buf, off, len);
        return (mask & ((1 << NAL_IDR) | (1 << NAL_SPS) | (1 << NAL_PPS))) != 0;
    }

    /**
     * A bit set of the NAL unit types present (bit {@code t} for type {@code t}); for
     * FU-A the fragmented unit's type is reported only on its start fragment.
     */
    public static int nalTypeMask(byte[] buf, int off, int len) {
        if (len < 1) {
            throw new MalformedPacketException("empty H.264 payload");
        }
        int type = buf[off] & 0x1F;
        if (type >= 1 && type <= 23) {
            return 1 << type;
        }
        if (type == STAP_A) {
            int mask = 0;
            int p = off + 1;
            int end = off + len;
            while (p < end) {
                if (p + 2 > end) {
                    throw new MalformedPacketException("STAP-A size beyond the payload");
                }
                int size = Bytes.u16(buf, p);
                p += 2;
                if (size == 0 || p + size > end) {
                    throw new MalformedPacketException("STAP-A unit beyond the payload [size:" + size + "]");
                }
                mask |= 1 << (buf[p] & 0x1F);
                p += size;
            }
            return mask;
        }
        if (type == FU_A) {
            if (len < 2) {
                throw new MalformedPacketException("FU-A without its header");
            }
            int fu = buf[off + 1] & 0xFF;
            return (fu & 0x80) != 0 ? 1 << (fu & 0x1F) : 0;
        }
        return 0;
    }

    /** True when this packet starts a NAL unit (not an FU-A continuation). */
    public static boolean isStartOfNal(byte[] buf, int off, int len) {
        if (len < 1) {
            return false;
        }
        int type = buf[off] & 0x1F;
        return type != FU_A || (len >= 2 && (buf[off + 1] & 0x80) != 0);
    }
}
