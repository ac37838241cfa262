package io.sanke.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PayloadDescriptorTest {

    /** A VP8 keyframe start as libwebrtc sends it: X, S, 15-bit picture id, TL0PICIDX, TID, 640x360. */
    static final byte[] VP8_KEYFRAME = {
        (byte) 0x90, (byte) 0xE0, (byte) 0x81, 0x23, 0x05, 0x40,
        0x10, 0x02, 0x00, (byte) 0x9d, 0x01, 0x2a, (byte) 0x80, 0x02, 0x68, 0x01, 0x00, 0x00
    };

    /** A VP8 delta frame continuation: X, no S, 7-bit picture id, TL0PICIDX, TID 1 with Y. */
    static final byte[] VP8_DELTA = {(byte) 0x80, (byte) 0xE0, 0x12, 0x07, 0x60, 0x55, 0x66};

    @Test
    @DisplayName("reads a hand-built VP8 keyframe: picture id, TL0PICIDX, TID and size")
    void vp8Keyframe() {
        Vp8Descriptor d = Vp8Descriptor.parse(VP8_KEYFRAME, 0, VP8_KEYFRAME.length);
        assertTrue(d.keyframe());
        assertTrue(d.startOfFrame());
        assertTrue(d.longPictureId());
        assertEquals(0x0123, d.pictureId());
        assertEquals(5, d.tl0PicIdx());
        assertEquals(1, d.temporalLayer());
        assertEquals(-1, d.keyIdx());
        assertEquals(6, d.size());
        assertEquals(640, d.width());
        assertEquals(360, d.height());
    }

    @Test
    @DisplayName("reads a VP8 delta continuation and rewrites picture id and TL0PICIDX in place")
    void vp8Rewrite() {
        byte[] b = VP8_DELTA.clone();
        Vp8Descriptor d = Vp8Descriptor.parse(b, 0, b.length);
        assertFalse(d.keyframe());
        assertFalse(d.startOfPartition());
        assertEquals(0x12, d.pictureId());
        assertEquals(128, d.pictureIdModulus());
        assertEquals(7, d.tl0PicIdx());
        assertEquals(1, d.temporalLayer());
        assertTrue(d.layerSync());
        d.writePictureId(b, 200);
        d.writeTl0PicIdx(b, 300);
        Vp8Descriptor e = Vp8Descriptor.parse(b, 0, b.length);
        assertEquals(200 % 128, e.pictureId());
        assertEquals(300 % 256, e.tl0PicIdx());

        byte[] k = VP8_KEYFRAME.clone();
        Vp8Descriptor kd = Vp8Descriptor.parse(k, 0, k.length);
        kd.writePictureId(k, 0x7FFF + 5);
        assertEquals(4, Vp8Descriptor.parse(k, 0, k.length).pictureId());
    }

    @Test
    @DisplayName("rejects a VP8 descriptor cut short")
    void vp8Truncated() {
        assertThrows(MalformedPacketException.class, () -> Vp8Descriptor.parse(VP8_KEYFRAME, 0, 3));
        assertThrows(MalformedPacketException.class, () -> Vp8Descriptor.parse(VP8_KEYFRAME, 0, 0));
    }

    @Test
    @DisplayName("finds H.264 keyframes in single NAL units, STAP-A and the first FU-A fragment only")
    void h264() {
        byte[] idr = {0x65, 0x11};
        byte[] nonIdr = {0x41, 0x11};
        byte[] stapA = {0x78, 0x00, 0x02, 0x67, 0x42, 0x00, 0x02, 0x68, (byte) 0xCE};
        byte[] fuStart = {0x7C, (byte) 0x85, 0x00};
        byte[] fuMiddle = {0x7C, 0x05, 0x00};
        assertTrue(H264Payload.isKeyframe(idr, 0, 2));
        assertFalse(H264Payload.isKeyframe(nonIdr, 0, 2));
        assertTrue(H264Payload.isKeyframe(stapA, 0, stapA.length));
        assertEquals((1 << 7) | (1 << 8), H264Payload.nalTypeMask(stapA, 0, stapA.length));
        assertTrue(H264Payload.isKeyframe(fuStart, 0, 3));
        assertFalse(H264Payload.isKeyframe(fuMiddle, 0, 3));
        assertFalse(H264Payload.isStartOfNal(fuMiddle, 0, 3));
        assertThrows(MalformedPacketException.class, () -> H264Payload.isKeyframe(stapA, 0, 4));
    }

    @Test
    @DisplayName("asks the right codec whether an RTP packet is a keyframe")
    void codec() {
        RtpPacket vp8 = RtpPacket.builder().payloadType(96).payload(VP8_KEYFRAME).build();
        assertTrue(Codec.VP8.isKeyframe(vp8));
        assertFalse(Codec.OPUS.isKeyframe(vp8));
        RtpPacket bad = RtpPacket.builder().payloadType(96).payload(new byte[] {(byte) 0x80}).build();
        assertFalse(Codec.VP8.isKeyframe(bad));
    }

    @Test
    @DisplayName("random payloads make the VP8 and H.264 readers fail with MalformedPacketException only")
    void payloadFuzz() {
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < 5000; i++) {
            byte[] b = new byte[r.nextInt(24)];
            r.nextBytes(b);
            try {
                Vp8Descriptor d = Vp8Descriptor.parse(b, 0, b.length);
                assertTrue(d.size() <= b.length);
                if (d.pictureId() >= 0) {
                    d.writePictureId(b, i);
                }
            } catch (MalformedPacketException expected) {
                // counted by the caller
            }
            try {
                H264Payload.nalTypeMask(b, 0, b.length);
            } catch (MalformedPacketException expected) {
                // counted by the caller
            }
        }
    }
}
