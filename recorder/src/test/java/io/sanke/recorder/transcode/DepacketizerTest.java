package io.sanke.recorder.transcode;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DepacketizerTest {
  static byte[] rtp(int seq, long ts, boolean marker, byte... payload) {
    byte[] p = new byte[12 + payload.length];
    p[0] = (byte) 0x80;
    p[1] = (byte) ((marker ? 0x80 : 0) | 96);
    p[2] = (byte) (seq >> 8);
    p[3] = (byte) seq;
    p[4] = (byte) (ts >> 24);
    p[5] = (byte) (ts >> 16);
    p[6] = (byte) (ts >> 8);
    p[7] = (byte) ts;
    System.arraycopy(payload, 0, p, 12, payload.length);
    return p;
  }

  static void push(Depacketizer d, byte[] p, List<EncodedFrame> out) {
    RtpView v = RtpView.parse(p);
    d.push(v, p, v.timestamp(), v.sequence(), out::add);
  }

  @Test
  @DisplayName("VP8 frames are joined without their payload descriptors and keyframes are recognised")
  void vp8Joins() {
    Depacketizer d = Depacketizer.forCodec("VP8");
    List<EncodedFrame> out = new ArrayList<>();
    // keyframe: S=1, first payload byte bit0 = 0; extended descriptor with a 15-bit picture id
    push(d, rtp(1, 1000, false, (byte) 0x90, (byte) 0x80, (byte) 0x81, (byte) 0x02, (byte) 0x10, (byte) 0x11), out);
    push(d, rtp(2, 1000, true, (byte) 0x80, (byte) 0x80, (byte) 0x81, (byte) 0x02, (byte) 0x12), out);
    // delta frame: P bit set
    push(d, rtp(3, 4000, true, (byte) 0x10, (byte) 0x01, (byte) 0x22), out);
    assertEquals(2, out.size());
    assertArrayEquals(new byte[] {0x10, 0x11, 0x12}, out.get(0).data());
    assertTrue(out.get(0).keyframe());
    assertArrayEquals(new byte[] {0x01, 0x22}, out.get(1).data());
    assertFalse(out.get(1).keyframe());
    assertEquals(4000, out.get(1).timestamp());
  }

  @Test
  @DisplayName("after a lost VP8 packet frames are dropped until the next keyframe")
  void vp8LossWaitsForKeyframe() {
    Depacketizer d = Depacketizer.forCodec("VP8");
    List<EncodedFrame> out = new ArrayList<>();
    push(d, rtp(1, 1000, true, (byte) 0x10, (byte) 0x00), out); // keyframe
    push(d, rtp(2, 2000, false, (byte) 0x10, (byte) 0x01), out); // delta, first half
    // packet 3 (second half) lost
    push(d, rtp(4, 3000, true, (byte) 0x10, (byte) 0x01), out); // delta: refused, decoder state broken
    push(d, rtp(5, 4000, true, (byte) 0x10, (byte) 0x00, (byte) 0x07), out); // keyframe: accepted
    assertEquals(2, out.size());
    assertEquals(4000, out.get(1).timestamp());
    assertEquals(2, d.droppedFrames());
  }

  @Test
  @DisplayName("H.264 single NAL units, STAP-A and FU-A come out as one Annex B access unit")
  void h264AnnexB() {
    Depacketizer d = Depacketizer.forCodec("H264");
    List<EncodedFrame> out = new ArrayList<>();
    // STAP-A with SPS (0x67) and PPS (0x68)
    push(d, rtp(10, 90, false, (byte) 0x18, (byte) 0, (byte) 2, (byte) 0x67, (byte) 0xAA, (byte) 0, (byte) 2,
        (byte) 0x68, (byte) 0xBB), out);
    // FU-A of an IDR slice (nal header 0x65): start, end
    push(d, rtp(11, 90, false, (byte) 0x7C, (byte) 0x85, (byte) 1, (byte) 2), out);
    push(d, rtp(12, 90, true, (byte) 0x7C, (byte) 0x45, (byte) 3), out);
    // single NAL non-IDR slice
    push(d, rtp(13, 180, true, (byte) 0x41, (byte) 9), out);
    assertEquals(2, out.size());
    byte[] expected = {0, 0, 0, 1, 0x67, (byte) 0xAA, 0, 0, 0, 1, 0x68, (byte) 0xBB, 0, 0, 0, 1, 0x65, 1, 2, 3};
    assertArrayEquals(expected, out.get(0).data(), Arrays.toString(out.get(0).data()));
    assertTrue(out.get(0).keyframe());
    assertArrayEquals(new byte[] {0, 0, 0, 1, 0x41, 9}, out.get(1).data());
  }

  @Test
  @DisplayName("an Opus payload is one packet and header extensions and padding are skipped")
  void opusAndHeaderExtensions() {
    Depacketizer d = Depacketizer.forCodec("opus");
    List<EncodedFrame> out = new ArrayList<>();
    byte[] p = rtp(1, 960, false, (byte) 0xBE, (byte) 0xDE, (byte) 0, (byte) 1, (byte) 0x10, (byte) 0x55, (byte) 0,
        (byte) 0, (byte) 0x78, (byte) 0x01, (byte) 0, (byte) 2);
    p[0] |= 0x30; // extension + padding (2 bytes)
    push(d, p, out);
    assertEquals(1, out.size());
    assertArrayEquals(new byte[] {0x78, 0x01}, out.getFirst().data());
  }

  @Test
  @DisplayName("a codec the recorder cannot read is refused with its code")
  void unknownCodec() {
    assertEquals(TranscodeException.CODEC,
        assertThrows(TranscodeException.class, () -> Depacketizer.forCodec("AV1")).code());
  }

  @Test
  @DisplayName("timestamps and sequence numbers continue across wrap-around")
  void unwraps() {
    Unwrapper u = new Unwrapper(16);
    assertEquals(65535, u.unwrap(65535));
    assertEquals(65536, u.unwrap(0));
    assertEquals(65534, u.unwrap(65534));
    Unwrapper t = new Unwrapper(32);
    assertEquals(0xFFFF_FF00L, t.unwrap(0xFFFF_FF00L));
    assertEquals(0x1_0000_0100L, t.unwrap(0x100));
  }
}
