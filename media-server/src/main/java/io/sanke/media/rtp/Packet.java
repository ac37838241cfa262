package io.sanke.media.rtp;

import java.util.Arrays;

/**
 * A packet as a view over {@code buffer[offset, offset + length)}: no copy is made when
 * one is wrapped. A plain {@code Packet} holds bytes not yet parsed (what the transport
 * hands to the receive pipeline after SRTP decryption); {@link RtpPacket} adds the RTP
 * header accessors over the same bytes.
 *
 * <p>Wiring: the transport wraps each decrypted datagram with
 * {@code new Packet(buf, off, len)} inside a {@code PacketInfo} and feeds the receive
 * chain; {@code RtpParser} replaces it with an {@link RtpPacket} over the same bytes.
 * The buffer may be larger than the packet (tail room for the SRTP tag).
 */
public sealed class Packet permits RtpPacket {
    /** Spare bytes that builders leave after a packet, enough for an SRTP/SRTCP tag. */
    public static final int TAIL_ROOM = 32;

    protected byte[] buffer;
    protected int offset;
    protected int length;

    public Packet(byte[] buffer, int offset, int length) {
        if (buffer == null) {
            throw new IllegalArgumentException("buffer is null");
        }
        if (offset < 0 || length < 0 || offset + length > buffer.length) {
            throw new IllegalArgumentException(
                "bad slice [offset:" + offset + "] [length:" + length + "] [capacity:" + buffer.length + "]");
        }
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
    }

    /** The backing array, shared, not copied. */
    public final byte[] buffer() {
        return buffer;
    }

    public final int offset() {
        return offset;
    }

    public final int length() {
        return length;
    }

    /** A fresh array holding exactly this packet's bytes. */
    public final byte[] toByteArray() {
        return Arrays.copyOfRange(buffer, offset, offset + length);
    }

    /** Reads an unsigned byte at {@code off} relative to the packet start. */
    protected final int u8(int off) {
        return buffer[offset + off] & 0xFF;
    }

    protected final int u16(int off) {
        return Bytes.u16(buffer, offset + off);
    }

    protected final long u32(int off) {
        return Bytes.u32(buffer, offset + off);
    }
}
