package io.sanke.media.rtp;

/**
 * The VP8 payload descriptor (RFC 7741 §4.2) at the start of a VP8 RTP payload, plus
 * what the SFU needs from the VP8 payload header behind it: whether the frame is a
 * keyframe and, for keyframes, the frame size.
 *
 * <pre>
 *  X|R|N|S|R|PID     X: extension, N: non-reference, S: start of partition
 *  I|L|T|K|RSV       (if X)
 *  M|PictureID       (if I; 15 bits when M)
 *  TL0PICIDX         (if L)
 *  TID|Y|KEYIDX      (if T or K)
 * </pre>
 *
 * <p>Wiring: {@code Vp8Descriptor.parse(p.buffer(), p.payloadOffset(), p.payloadLength())};
 * the offsets it keeps let {@link #writePictureId} and {@link #writeTl0PicIdx} rewrite the
 * packet in place (the descriptor size never changes: a 7-bit picture id stays 7-bit).
 *
 * @param pictureId -1 when absent
 * @param tl0PicIdx -1 when absent
 * @param temporalLayer TID, -1 when absent
 * @param keyIdx -1 when absent
 * @param width keyframe width in pixels, -1 when not a keyframe start
 * @param height keyframe height in pixels, -1 when not a keyframe start
 */
public record Vp8Descriptor(int size, boolean nonReference, boolean startOfPartition, int partitionId,
                            int pictureId, boolean longPictureId, int tl0PicIdx, int temporalLayer,
                            boolean layerSync, int keyIdx, boolean keyframe, int width, int height,
                            int pictureIdOffset, int tl0PicIdxOffset) {

    /** Parses the descriptor at {@code buf[off]}; throws {@link MalformedPacketException}. */
    public static Vp8Descriptor parse(byte[] buf, int off, int len) {
        if (len < 1) {
            throw new MalformedPacketException("empty VP8 payload");
        }
        int b0 = buf[off] & 0xFF;
        boolean x = (b0 & 0x80) != 0;
        boolean n = (b0 & 0x20) != 0;
        boolean s = (b0 & 0x10) != 0;
        int pid = b0 & 0x07;
        int p = 1;
        int pictureId = -1;
        boolean longPid = false;
        int pidOff = -1;
        int tl0 = -1;
        int tl0Off = -1;
        int tid = -1;
        boolean y = false;
        int keyIdx = -1;
        if (x) {
            check(len, p + 1);
            int b1 = buf[off + p] & 0xFF;
            p++;
            boolean i = (b1 & 0x80) != 0;
            boolean l = (b1 & 0x40) != 0;
            boolean t = (b1 & 0x20) != 0;
            boolean k = (b1 & 0x10) != 0;
            if (i) {
                check(len, p + 1);
                pidOff = off + p;
                int m = buf[off + p] & 0xFF;
                if ((m & 0x80) != 0) {
                    check(len, p + 2);
                    longPid = true;
                    pictureId = ((m & 0x7F) << 8) | (buf[off + p + 1] & 0xFF);
                    p += 2;
                } else {
                    pictureId = m;
                    p += 1;
                }
            }
            if (l) {
                check(len, p + 1);
                tl0Off = off + p;
                tl0 = buf[off + p] & 0xFF;
                p++;
            }
            if (t || k) {
                check(len, p + 1);
                int b = buf[off + p] & 0xFF;
                if (t) {
                    tid = b >>> 6;
                    y = (b & 0x20) != 0;
                }
                if (k) {
                    keyIdx = b & 0x1F;
                }
                p++;
            }
        }
        boolean keyframe = false;
        int width = -1;
        int height = -1;
        if (s && pid == 0 && len > p) {
            keyframe = (buf[off + p] & 0x01) == 0;
            // Keyframe header: 3-byte frame tag, start code 9d 01 2a, then 14-bit width and height.
            if (keyframe && len >= p + 10 && (buf[off + p + 3] & 0xFF) == 0x9d
                && (buf[off + p + 4] & 0xFF) == 0x01 && (buf[off + p + 5] & 0xFF) == 0x2a) {
                width = ((buf[off + p + 6] & 0xFF) | ((buf[off + p + 7] & 0xFF) << 8)) & 0x3FFF;
                height = ((buf[off + p + 8] & 0xFF) | ((buf[off + p + 9] & 0xFF) << 8)) & 0x3FFF;
            }
        }
        return new Vp8Descriptor(p, n, s, pid, pictureId, longPid, tl0, tid, y, keyIdx, keyframe, width, height,
            pidOff, tl0Off);
    }

    private static void check(int len, int needed) {
        if (len < needed) {
            throw new MalformedPacketException("VP8 descriptor beyond the payload [length:" + len + "]");
        }
    }

    /** True when this packet starts a frame (S bit and partition 0). */
    public boolean startOfFrame() {
        return startOfPartition && partitionId == 0;
    }

    /** Writes a picture id in place, modulo 2^7 or 2^15 as the packet has room for. */
    public void writePictureId(byte[] buf, int value) {
        if (pictureIdOffset < 0) {
            throw new IllegalStateException("the descriptor carries no picture id");
        }
        if (longPictureId) {
            buf[pictureIdOffset] = (byte) (0x80 | ((value >>> 8) & 0x7F));
            buf[pictureIdOffset + 1] = (byte) value;
        } else {
            buf[pictureIdOffset] = (byte) (value & 0x7F);
        }
    }

    /** Writes TL0PICIDX in place, modulo 256. */
    public void writeTl0PicIdx(byte[] buf, int value) {
        if (tl0PicIdxOffset < 0) {
            throw new IllegalStateException("the descriptor carries no TL0PICIDX");
        }
        buf[tl0PicIdxOffset] = (byte) value;
    }

    /** The modulus of the picture id field: 128 or 32768. */
    public int pictureIdModulus() {
        return longPictureId ? 0x8000 : 0x80;
    }
}
