package io.sanke.media.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RtpPacketTest {

    /** A packet written out by hand: V=2 X=1 CC=1 M=1 PT=111 seq=0x1234 ts=0xDEADBEEF ssrc=0x01020304. */
    private static final byte[] HAND_BUILT = {
        (byte) 0x91, (byte) 0xEF, 0x12, 0x34,
        (byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF,
        0x01, 0x02, 0x03, 0x04,
        0x0A, 0x0B, 0x0C, 0x0D,                       // CSRC
        (byte) 0xBE, (byte) 0xDE, 0x00, 0x02,         // one-byte extensions, 2 words
        0x10, (byte) 0x85,                            // id 1, len 1: audio level V=1 level 5
        0x31, 0x00, 0x2A,                             // id 3, len 2: transport-cc seq 42
        0x00, 0x00, 0x00,                             // padding inside the block
        0x55, 0x66, 0x77                              // payload
    };

    @Test
    @DisplayName("reads every header field of a hand-built packet")
    void readsHandBuilt() {
        RtpPacket p = RtpPacket.parse(HAND_BUILT, 0, HAND_BUILT.length);
        assertEquals(2, p.version());
        assertTrue(p.marker());
        assertEquals(111, p.payloadType());
        assertEquals(0x1234, p.sequenceNumber());
        assertEquals(0xDEADBEEFL, p.timestamp());
        assertEquals(0x01020304L, p.ssrc());
        assertEquals(1, p.csrcCount());
        assertEquals(0x0A0B0C0DL, p.csrc(0));
        assertEquals(28, p.headerLength());
        assertEquals(3, p.payloadLength());
        assertArrayEquals(new byte[] {0x55, 0x66, 0x77}, p.payload());
        assertEquals(List.of(1, 3), p.extensionIds());
        assertEquals(new HeaderExtensions.AudioLevel(true, 5), HeaderExtensions.audioLevel(p, 1));
        assertEquals(42, HeaderExtensions.transportCcSeq(p, 3));
        assertNull(HeaderExtensions.audioLevel(p, 2));
    }

    @Test
    @DisplayName("rewrites header fields and extensions in place without a copy")
    void rewritesInPlace() {
        byte[] bytes = HAND_BUILT.clone();
        RtpPacket p = RtpPacket.parse(bytes, 0, bytes.length);
        p.setSequenceNumber(0xFFFF);
        p.setTimestamp(7);
        p.setSsrc(0xCAFEBABEL);
        p.setMarker(false);
        p.setPayloadType(96);
        assertTrue(HeaderExtensions.setTransportCcSeq(p, 3, 4242));
        assertEquals(0xFF, bytes[2] & 0xFF);
        assertEquals(0xFF, bytes[3] & 0xFF);
        assertEquals(96, bytes[1] & 0xFF);
        assertEquals(0xCAFEBABEL, p.ssrc());
        assertEquals(4242, HeaderExtensions.transportCcSeq(p, 3));
        assertEquals(7, p.timestamp());
        assertFalse(HeaderExtensions.setAbsSendTime(p, 9, 1));
    }

    @Test
    @DisplayName("builds one-byte and two-byte extensions that parse back")
    void buildsExtensions() {
        RtpPacket one = RtpPacket.builder().payloadType(96).sequenceNumber(1).timestamp(2).ssrc(3)
            .extension(4, "0".getBytes()).extension(10, "hi".getBytes()).extension(2, new byte[] {1, 2, 3})
            .payload(new byte[] {9}).build();
        assertEquals(RtpPacket.ONE_BYTE_PROFILE, one.extensionProfile());
        assertEquals("0", HeaderExtensions.readString(one, 4));
        assertEquals("hi", HeaderExtensions.readString(one, 10));
        assertEquals(0x010203, HeaderExtensions.absSendTime(one, 2));
        assertArrayEquals(new byte[] {9}, one.payload());

        RtpPacket two = RtpPacket.builder().ssrc(3).extension(20, "low".getBytes()).payload(new byte[] {8}).build();
        assertEquals(RtpPacket.TWO_BYTE_PROFILE, two.extensionProfile());
        assertEquals("low", HeaderExtensions.readString(two, 20));
        RtpPacket again = RtpPacket.parse(two.buffer(), two.offset(), two.length());
        assertArrayEquals(new byte[] {8}, again.payload());
    }

    @Test
    @DisplayName("removes padding and keeps the payload")
    void removesPadding() {
        RtpPacket p = RtpPacket.builder().ssrc(1).payload(new byte[] {1, 2, 3}).padding(5).build();
        assertEquals(5, p.paddingLength());
        assertEquals(3, p.payloadLength());
        p.removePadding();
        assertFalse(p.hasPadding());
        assertEquals(15, p.length());
        assertArrayEquals(new byte[] {1, 2, 3}, p.payload());
    }

    @Test
    @DisplayName("rejects truncated headers, bad versions, CSRCs, extensions and padding")
    void rejectsMalformed() {
        assertThrows(MalformedPacketException.class, () -> RtpPacket.parse(HAND_BUILT, 0, 11));
        assertThrows(MalformedPacketException.class, () -> RtpPacket.parse(HAND_BUILT, 0, 15));
        assertThrows(MalformedPacketException.class, () -> RtpPacket.parse(HAND_BUILT, 0, 20));
        byte[] v1 = HAND_BUILT.clone();
        v1[0] = 0x41;
        assertThrows(MalformedPacketException.class, () -> RtpPacket.parse(v1, 0, v1.length));
        byte[] pad = RtpPacket.builder().ssrc(1).payload(new byte[] {1}).padding(1).build().toByteArray();
        pad[pad.length - 1] = 40;
        assertThrows(MalformedPacketException.class, () -> RtpPacket.parse(pad, 0, pad.length));
        pad[pad.length - 1] = 0;
        assertThrows(MalformedPacketException.class, () -> RtpPacket.parse(pad, 0, pad.length));
    }

    @Test
    @DisplayName("survives five thousand random and truncated datagrams with only MalformedPacketException")
    void fuzz() {
        Random r = new Random(20261121);
        int parsed = 0;
        for (int i = 0; i < 5000; i++) {
            byte[] b;
            if (i % 2 == 0) {
                b = new byte[r.nextInt(80)];
                r.nextBytes(b);
                if (b.length > 0) {
                    b[0] = (byte) (0x80 | (b[0] & 0x3F));
                }
            } else {
                b = HAND_BUILT.clone();
                b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                b = java.util.Arrays.copyOf(b, r.nextInt(b.length + 1));
            }
            try {
                RtpPacket p = RtpPacket.parse(b, 0, b.length);
                parsed++;
                p.extensionIds();
                p.payload();
                HeaderExtensions.readString(p, 1);
                HeaderExtensions.audioLevel(p, 1);
                HeaderExtensions.transportCcSeq(p, 3);
                Codec.VP8.isKeyframe(p);
                Codec.H264.isKeyframe(p);
                assertTrue(p.payloadLength() >= 0);
            } catch (MalformedPacketException expected) {
                // counted by RtpParser
            }
            try {
                RtcpPacket.parseCompound(b, 0, b.length).forEach(RtcpPacket::toBytes);
            } catch (MalformedPacketException expected) {
                // counted by the RTCP path
            }
        }
        assertTrue(parsed > 0, "some datagrams should parse");
    }

    @Test
    @DisplayName("sequence arithmetic wraps at 2^16")
    void seqArithmetic() {
        assertEquals(2, RtpSeq.delta(1, 0xFFFF));
        assertTrue(RtpSeq.isNewer(0, 0xFFFF));
        assertFalse(RtpSeq.isNewer(0xFFFF, 0));
        assertEquals(0, RtpSeq.add(0xFFFF, 1));
        assertEquals(0L, RtpSeq.addTimestamp(0xFFFFFFFFL, 1));
        assertEquals(-1L, RtpSeq.timestampDelta(0xFFFFFFFFL, 0));
    }
}
