package io.sanke.media.rtp;

import java.util.concurrent.atomic.LongAdder;

/**
 * Buffers for the per-consumer copies of forwarded packets, so that a steady stream
 * allocates no arrays: the forwarding path takes one ({@link #acquire}), the send path gives
 * it back once the packet is on the wire ({@link #release}). A buffer that is never given
 * back (a packet dropped on the way) is left to the garbage collector; an empty pool
 * allocates. Every buffer is {@link #BUFFER_BYTES} long, enough for an MTU-sized packet, a
 * header extension added on the way and the SRTP tag. Thread-safe.
 */
public final class PacketPool {
  /** Length of every pooled buffer. */
  public static final int BUFFER_BYTES = 1500 + Packet.TAIL_ROOM;
  private static final int CAPACITY = 4096;

  private static final byte[][] FREE = new byte[CAPACITY][];
  private static int free;
  private static final LongAdder ALLOCATED = new LongAdder();

  private PacketPool() {}

  /** A buffer of {@link #BUFFER_BYTES} whose contents are undefined. */
  public static byte[] acquire() {
    synchronized (FREE) {
      if (free > 0) {
        byte[] b = FREE[--free];
        FREE[free] = null;
        return b;
      }
    }
    ALLOCATED.increment();
    return new byte[BUFFER_BYTES];
  }

  /**
   * Gives a buffer back once nothing refers to it any more; buffers of another length (not
   * from the pool) are ignored.
   */
  public static void release(byte[] b) {
    if (b == null || b.length != BUFFER_BYTES) {
      return;
    }
    synchronized (FREE) {
      if (free < CAPACITY) {
        FREE[free++] = b;
      }
    }
  }

  /** Buffers allocated because the pool was empty, since start. */
  public static long allocated() {
    return ALLOCATED.sum();
  }
}
