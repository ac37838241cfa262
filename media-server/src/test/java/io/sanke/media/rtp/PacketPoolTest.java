package io.sanke.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class PacketPoolTest {

  @Test
  void aReleasedBufferIsHandedOutAgain() {
    byte[] b = PacketPool.acquire();
    assertEquals(PacketPool.BUFFER_BYTES, b.length);
    PacketPool.release(b);
    assertSame(b, PacketPool.acquire());
  }

  @Test
  void buffersOfAnotherLengthAreNotPooled() {
    byte[] foreign = new byte[PacketPool.BUFFER_BYTES - 1];
    PacketPool.release(foreign);
    assertNotSame(foreign, PacketPool.acquire());
  }

  @Test
  void aCopyOfAPacketUsesAPooledBufferAndKeepsTheBytes() throws Exception {
    byte[] raw = new byte[200];
    raw[0] = (byte) 0x80;
    raw[1] = 96;
    raw[199] = 42;
    RtpPacket p = RtpPacket.parse(raw, 0, raw.length);
    RtpPacket c = p.copy();
    assertEquals(PacketPool.BUFFER_BYTES, c.buffer().length);
    assertEquals(200, c.length());
    assertEquals(42, c.buffer()[199]);
  }
}
