package io.sanke.media.rtp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An RTP packet (RFC 3550) as a mutable view over a byte array: getters read the header
 * where it lies and setters write it in place, so a packet crosses the whole pipeline
 * without a copy. Header extensions in the one-byte (RFC 8285, profile {@code 0xBEDE})
 * and two-byte ({@code 0x100X}) forms are found and rewritten by id.
 *
 * <p>Does not own the buffer: if several consumers forward the same packet each must
 * rewrite its own {@link #copy()}. Does not decrypt (SRTP happens before parsing).
 *
 * <p>Wiring: {@link #parse(byte[], int, int)} validates bytes from the network and throws
 * {@link MalformedPacketException} if they are not RTP; {@link #builder()} makes new
 * packets (tests, RTX, probes).
 */
public final class RtpPacket extends Packet {
    public static final int FIXED_HEADER = 12;
    static final int ONE_BYTE_PROFILE = 0xBEDE;
    static final int TWO_BYTE_PROFILE_MASK = 0xFFF0;
    static final int TWO_BYTE_PROFILE = 0x1000;

    private RtpPacket(byte[] buffer, int offset, int length) {
        super(buffer, offset, length);
    }

    /**
     * Wraps and validates: version 2, CSRC list, extension block and padding all inside
     * the datagram. Throws {@link MalformedPacketException} otherwise.
     */
    public static RtpPacket parse(byte[] buffer, int offset, int length) {
        if (buffer == null || offset < 0 || length < 0 || offset + length > buffer.length) {
            throw new MalformedPacketException("bad slice");
        }
        if (length < FIXED_HEADER) {
            throw new MalformedPacketException("shorter than an RTP header [length:" + length + "]");
        }
        int b0 = buffer[offset] & 0xFF;
        if ((b0 >>> 6) != 2) {
            throw new MalformedPacketException("not RTP version 2 [version:" + (b0 >>> 6) + "]");
        }
        int header = FIXED_HEADER + 4 * (b0 & 0x0F);
        if (header > length) {
            throw new MalformedPacketException("CSRC list beyond the end [length:" + length + "]");
        }
        if ((b0 & 0x10) != 0) {
            if (header + 4 > length) {
                throw new MalformedPacketException("extension header beyond the end");
            }
            int words = Bytes.u16(buffer, offset + header + 2);
            header += 4 + 4 * words;
            if (header > length) {
                throw new MalformedPacketException("extension block beyond the end [words:" + words + "]");
            }
        }
        if ((b0 & 0x20) != 0) {
            int pad = buffer[offset + length - 1] & 0xFF;
            if (pad == 0 || header + pad > length) {
                throw new MalformedPacketException("bad padding [padding:" + pad + "]");
            }
        }
        return new RtpPacket(buffer, offset, length);
    }

    /** Cheap check used by demultiplexers (RFC 7983 and RFC 5761): first byte 128..191 and PT not RTCP. */
    public static boolean looksLikeRtp(byte[] buffer, int offset, int length) {
        if (length < FIXED_HEADER) {
            return false;
        }
        int b0 = buffer[offset] & 0xFF;
        int pt = buffer[offset + 1] & 0xFF;
        return b0 >= 128 && b0 <= 191 && !(pt >= 192 && pt <= 223);
    }

    /**
     * A deep copy with at least {@link #TAIL_ROOM} spare bytes, in a {@link PacketPool} buffer
     * when it fits (whoever sends the copy gives the buffer back).
     */
    public RtpPacket copy() {
        byte[] b = length + TAIL_ROOM <= PacketPool.BUFFER_BYTES ? PacketPool.acquire() : new byte[length + TAIL_ROOM];
        System.arraycopy(buffer, offset, b, 0, length);
        return new RtpPacket(b, 0, length);
    }

    public int version() {
        return u8(0) >>> 6;
    }

    public boolean hasPadding() {
        return (u8(0) & 0x20) != 0;
    }

    public boolean hasExtension() {
        return (u8(0) & 0x10) != 0;
    }

    public int csrcCount() {
        return u8(0) & 0x0F;
    }

    public boolean marker() {
        return (u8(1) & 0x80) != 0;
    }

    public void setMarker(boolean marker) {
        buffer[offset + 1] = (byte) (marker ? buffer[offset + 1] | 0x80 : buffer[offset + 1] & 0x7F);
    }

    public int payloadType() {
        return u8(1) & 0x7F;
    }

    public void setPayloadType(int pt) {
        if (pt < 0 || pt > 127) {
            throw new IllegalArgumentException("payload type out of range [pt:" + pt + "]");
        }
        buffer[offset + 1] = (byte) ((buffer[offset + 1] & 0x80) | pt);
    }

    public int sequenceNumber() {
        return u16(2);
    }

    public void setSequenceNumber(int seq) {
        Bytes.put16(buffer, offset + 2, seq & 0xFFFF);
    }

    public long timestamp() {
        return u32(4);
    }

    public void setTimestamp(long ts) {
        Bytes.put32(buffer, offset + 4, ts);
    }

    public long ssrc() {
        return u32(8);
    }

    public void setSsrc(long ssrc) {
        Bytes.put32(buffer, offset + 8, ssrc);
    }

    public long csrc(int index) {
        if (index < 0 || index >= csrcCount()) {
            throw new IndexOutOfBoundsException("no CSRC [index:" + index + "]");
        }
        return u32(FIXED_HEADER + 4 * index);
    }

    /** Fixed header, CSRCs and the extension block. */
    public int headerLength() {
        int h = FIXED_HEADER + 4 * csrcCount();
        if (hasExtension()) {
            h += 4 + 4 * u16(h + 2);
        }
        return h;
    }

    /** Offset of the payload relative to {@link #buffer()} (absolute, not packet-relative). */
    public int payloadOffset() {
        return offset + headerLength();
    }

    public int paddingLength() {
        return hasPadding() ? u8(length - 1) : 0;
    }

    public int payloadLength() {
        return length - headerLength() - paddingLength();
    }

    /** A fresh array with the payload bytes (tests and diagnostics; the hot path uses offsets). */
    public byte[] payload() {
        int p = payloadOffset();
        return Arrays.copyOfRange(buffer, p, p + payloadLength());
    }

    /** Drops RTP padding: clears the P bit and shortens the packet. */
    public void removePadding() {
        if (hasPadding()) {
            length -= paddingLength();
            buffer[offset] = (byte) (buffer[offset] & ~0x20);
        }
    }

    /** Shrinks the packet to {@code newLength} bytes (a padding-only probe becomes a header). */
    void setLength(int newLength) {
        this.length = newLength;
    }

    // ---- header extensions (RFC 8285) ----

    /** 0xBEDE (one-byte), 0x100X (two-byte) or -1 without an extension block. */
    public int extensionProfile() {
        if (!hasExtension()) {
            return -1;
        }
        return u16(FIXED_HEADER + 4 * csrcCount());
    }

    /**
     * Absolute offset in {@link #buffer()} of the data of extension {@code id}, or -1 when
     * the packet does not carry it. Pair with {@link #extensionLength(int)}.
     */
    public int extensionOffset(int id) {
        long found = findExtension(id);
        return found < 0 ? -1 : (int) (found >>> 16);
    }

    /** Length in bytes of the data of extension {@code id}, or -1 when absent. */
    public int extensionLength(int id) {
        long found = findExtension(id);
        return found < 0 ? -1 : (int) (found & 0xFFFF);
    }

    /** The ids of the extensions present, in order. */
    public List<Integer> extensionIds() {
        List<Integer> ids = new ArrayList<>();
        walkExtensions(-1, ids);
        return ids;
    }

    /** A copy of the data of extension {@code id}, or null when absent. */
    public byte[] extension(int id) {
        int off = extensionOffset(id);
        return off < 0 ? null : Arrays.copyOfRange(buffer, off, off + extensionLength(id));
    }

    /**
     * Overwrites the data of extension {@code id} in place; the new data must have the
     * length the element already has. Returns false when the packet does not carry it.
     */
    public boolean setExtension(int id, byte[] data) {
        long found = findExtension(id);
        if (found < 0) {
            return false;
        }
        int len = (int) (found & 0xFFFF);
        if (data.length != len) {
            throw new IllegalArgumentException(
                "extension length differs [id:" + id + "] [has:" + len + "] [given:" + data.length + "]");
        }
        System.arraycopy(data, 0, buffer, (int) (found >>> 16), len);
        return true;
    }

    /**
     * Rewrites the header extension ids in place: an element with id {@code i} gets id
     * {@code newIds[i]}, or is removed when that is 0 (or {@code i} is beyond the table, or
     * the new id does not fit the block's one-byte form). Kept elements are packed to the
     * front, the block shrinks to the words it still needs (the payload moves up, the
     * packet gets shorter), and a block left empty is removed with the X bit. Allocates
     * nothing. Returns the number of bytes the packet lost.
     */
    public int remapExtensions(int[] newIds) {
        if (!hasExtension()) {
            return 0;
        }
        int start = offset + FIXED_HEADER + 4 * csrcCount();
        int profile = Bytes.u16(buffer, start);
        int end = start + 4 + 4 * Bytes.u16(buffer, start + 2);
        int w = start + 4;
        int p = start + 4;
        if (profile == ONE_BYTE_PROFILE) {
            while (p < end) {
                int b = buffer[p] & 0xFF;
                if (b == 0) {
                    p++;
                    continue;
                }
                int eid = b >>> 4;
                int len = (b & 0x0F) + 1;
                if (eid == 15 || p + 1 + len > end) {
                    break;
                }
                int nid = eid < newIds.length ? newIds[eid] : 0;
                if (nid > 0 && nid < 15) {
                    buffer[w] = (byte) ((nid << 4) | (b & 0x0F));
                    System.arraycopy(buffer, p + 1, buffer, w + 1, len);
                    w += 1 + len;
                }
                p += 1 + len;
            }
        } else if ((profile & TWO_BYTE_PROFILE_MASK) == TWO_BYTE_PROFILE) {
            while (p < end) {
                int eid = buffer[p] & 0xFF;
                if (eid == 0) {
                    p++;
                    continue;
                }
                if (p + 2 > end) {
                    break;
                }
                int len = buffer[p + 1] & 0xFF;
                if (p + 2 + len > end) {
                    break;
                }
                int nid = eid < newIds.length ? newIds[eid] : 0;
                if (nid > 0 && nid < 256) {
                    buffer[w] = (byte) nid;
                    buffer[w + 1] = (byte) len;
                    System.arraycopy(buffer, p + 2, buffer, w + 2, len);
                    w += 2 + len;
                }
                p += 2 + len;
            }
        } else {
            return 0;
        }
        int kept = w - (start + 4);
        int newEnd;
        if (kept == 0) {
            newEnd = start;
            buffer[offset] = (byte) (buffer[offset] & ~0x10);
        } else {
            int words = (kept + 3) / 4;
            newEnd = start + 4 + 4 * words;
            Arrays.fill(buffer, w, newEnd, (byte) 0);
            Bytes.put16(buffer, start + 2, words);
        }
        int removed = end - newEnd;
        if (removed > 0) {
            System.arraycopy(buffer, end, buffer, newEnd, offset + length - end);
            length -= removed;
        }
        return removed;
    }

    private long findExtension(int id) {
        return walkExtensions(id, null);
    }

    /** Returns (absoluteOffset << 16 | length) of {@code id}, or -1; collects ids when asked. */
    private long walkExtensions(int id, List<Integer> ids) {
        if (!hasExtension()) {
            return -1;
        }
        int start = offset + FIXED_HEADER + 4 * csrcCount();
        int profile = Bytes.u16(buffer, start);
        int end = start + 4 + 4 * Bytes.u16(buffer, start + 2);
        int p = start + 4;
        if (profile == ONE_BYTE_PROFILE) {
            while (p < end) {
                int b = buffer[p] & 0xFF;
                if (b == 0) {
                    p++;
                    continue;
                }
                int eid = b >>> 4;
                if (eid == 15) {
                    break;
                }
                int len = (b & 0x0F) + 1;
                if (p + 1 + len > end) {
                    break;
                }
                if (eid == id) {
                    return ((long) (p + 1) << 16) | len;
                }
                if (ids != null) {
                    ids.add(eid);
                }
                p += 1 + len;
            }
        } else if ((profile & TWO_BYTE_PROFILE_MASK) == TWO_BYTE_PROFILE) {
            while (p < end) {
                int eid = buffer[p] & 0xFF;
                if (eid == 0) {
                    p++;
                    continue;
                }
                if (p + 2 > end) {
                    break;
                }
                int len = buffer[p + 1] & 0xFF;
                if (p + 2 + len > end) {
                    break;
                }
                if (eid == id) {
                    return ((long) (p + 2) << 16) | len;
                }
                if (ids != null) {
                    ids.add(eid);
                }
                p += 2 + len;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "RtpPacket[ssrc:" + ssrc() + " pt:" + payloadType() + " seq:" + sequenceNumber()
            + " ts:" + timestamp() + " m:" + marker() + " len:" + length + "]";
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a new packet in a fresh buffer (with {@link #TAIL_ROOM}). Extensions use the
     * one-byte form unless an id or a length needs the two-byte form, or
     * {@link #twoByteExtensions()} is asked for.
     */
    public static final class Builder {
        private int payloadType;
        private int sequenceNumber;
        private long timestamp;
        private long ssrc;
        private boolean marker;
        private long[] csrcs = new long[0];
        private final List<int[]> extIds = new ArrayList<>();
        private final List<byte[]> extData = new ArrayList<>();
        private boolean twoByte;
        private byte[] payload = new byte[0];
        private int padding;

        private Builder() {
        }

        public Builder payloadType(int pt) {
            if (pt < 0 || pt > 127) {
                throw new IllegalArgumentException("payload type out of range [pt:" + pt + "]");
            }
            this.payloadType = pt;
            return this;
        }

        public Builder sequenceNumber(int seq) {
            this.sequenceNumber = seq & 0xFFFF;
            return this;
        }

        public Builder timestamp(long ts) {
            this.timestamp = ts & 0xFFFFFFFFL;
            return this;
        }

        public Builder ssrc(long ssrc) {
            this.ssrc = ssrc & 0xFFFFFFFFL;
            return this;
        }

        public Builder marker(boolean marker) {
            this.marker = marker;
            return this;
        }

        public Builder csrcs(long... csrcs) {
            if (csrcs.length > 15) {
                throw new IllegalArgumentException("at most 15 CSRCs [count:" + csrcs.length + "]");
            }
            this.csrcs = csrcs.clone();
            return this;
        }

        public Builder extension(int id, byte[] data) {
            if (id < 1 || id > 255 || data.length > 255) {
                throw new IllegalArgumentException("bad extension [id:" + id + "] [length:" + data.length + "]");
            }
            extIds.add(new int[] {id});
            extData.add(data.clone());
            return this;
        }

        public Builder twoByteExtensions() {
            this.twoByte = true;
            return this;
        }

        public Builder payload(byte[] payload) {
            this.payload = payload.clone();
            return this;
        }

        /** Adds {@code n} (1..255) bytes of RTP padding, the last holding the count. */
        public Builder padding(int n) {
            if (n < 0 || n > 255) {
                throw new IllegalArgumentException("padding out of range [padding:" + n + "]");
            }
            this.padding = n;
            return this;
        }

        public RtpPacket build() {
            boolean two = twoByte;
            for (int i = 0; i < extIds.size(); i++) {
                int id = extIds.get(i)[0];
                int len = extData.get(i).length;
                if (id > 14 || len == 0 || len > 16) {
                    two = true;
                }
            }
            int extBytes = 0;
            for (byte[] d : extData) {
                extBytes += (two ? 2 : 1) + d.length;
            }
            int extWords = (extBytes + 3) / 4;
            int header = FIXED_HEADER + 4 * csrcs.length + (extIds.isEmpty() ? 0 : 4 + 4 * extWords);
            int length = header + payload.length + padding;
            byte[] b = new byte[length + TAIL_ROOM];
            b[0] = (byte) (0x80 | (padding > 0 ? 0x20 : 0) | (extIds.isEmpty() ? 0 : 0x10) | csrcs.length);
            b[1] = (byte) ((marker ? 0x80 : 0) | payloadType);
            Bytes.put16(b, 2, sequenceNumber);
            Bytes.put32(b, 4, timestamp);
            Bytes.put32(b, 8, ssrc);
            int p = FIXED_HEADER;
            for (long c : csrcs) {
                Bytes.put32(b, p, c);
                p += 4;
            }
            if (!extIds.isEmpty()) {
                Bytes.put16(b, p, two ? TWO_BYTE_PROFILE : ONE_BYTE_PROFILE);
                Bytes.put16(b, p + 2, extWords);
                p += 4;
                for (int i = 0; i < extIds.size(); i++) {
                    int id = extIds.get(i)[0];
                    byte[] d = extData.get(i);
                    if (two) {
                        b[p++] = (byte) id;
                        b[p++] = (byte) d.length;
                    } else {
                        b[p++] = (byte) ((id << 4) | (d.length - 1));
                    }
                    System.arraycopy(d, 0, b, p, d.length);
                    p += d.length;
                }
                p = header;
            }
            System.arraycopy(payload, 0, b, p, payload.length);
            if (padding > 0) {
                b[length - 1] = (byte) padding;
            }
            return new RtpPacket(b, 0, length);
        }
    }
}
