package io.sanke.media.server;

import io.sanke.media.rtp.PacketPool;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts and sends what the forwarding path (under the media lock) has decided to send.
 *
 * <p>With {@code threads = 0} a packet is sent at once on the calling thread (run to
 * completion: no hand-over, no wake-up; the lowest latency while one core is enough). With
 * {@code threads > 0} each transport always uses the same worker thread, so its packets stay
 * in order, and SRTP and the send system calls of many receivers spread over cores. Each
 * worker has a ring of preallocated slots: queueing a packet allocates nothing, and a worker
 * that finds its ring empty parks until the next packet. A full ring drops the packet and
 * counts it. After sending, the packet's buffer goes back to the {@link PacketPool}.
 */
final class SendWorkers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SendWorkers.class);

  /** Where a queued packet goes: encrypt and send it (the buffer is the callee's until it returns). */
  interface Outbound {
    void transmit(byte[] buf, int off, int len);
  }

  private final Worker[] workers;
  final LongAdder dropped = new LongAdder();

  SendWorkers(int threads, int queueCapacity) {
    if (threads < 0 || queueCapacity < 1) {
      throw new IllegalArgumentException("bad send workers [threads:" + threads + ", capacity:" + queueCapacity + "]");
    }
    workers = new Worker[threads];
    for (int i = 0; i < threads; i++) {
      workers[i] = new Worker(Integer.highestOneBit(queueCapacity - 1 == 0 ? 1 : queueCapacity - 1) << 1);
      workers[i].thread = Thread.ofPlatform().daemon().name("media-send-" + i).start(workers[i]);
    }
  }

  /** Sends through {@code to} now (inline) or on the worker of {@code key}; false (and counted) when its ring is full. */
  boolean submit(int key, Outbound to, byte[] buf, int off, int len) {
    if (workers.length == 0) {
      transmit(to, buf, off, len);
      return true;
    }
    if (!workers[Math.floorMod(key, workers.length)].offer(to, buf, off, len)) {
      dropped.increment();
      return false;
    }
    return true;
  }

  private static void transmit(Outbound to, byte[] buf, int off, int len) {
    try {
      to.transmit(buf, off, len);
    } catch (RuntimeException e) {
      log.warn("send failed", e);
    }
    PacketPool.release(buf);
  }

  @Override
  public void close() {
    for (Worker w : workers) {
      w.running = false;
      LockSupport.unpark(w.thread);
    }
  }

  /** One queued packet; the slots are reused. */
  private static final class Slot {
    Outbound to;
    byte[] buf;
    int off;
    int len;
  }

  /**
   * A single-consumer ring: producers fill slots under the ring's monitor (in practice one
   * thread at a time, the one holding the media lock), the worker empties them without it.
   */
  private static final class Worker implements Runnable {
    final Slot[] slots;
    final int mask;
    volatile long tail; // next slot to fill (written by producers)
    volatile long head; // next slot to send (written by the worker)
    volatile boolean parked;
    volatile boolean running = true;
    Thread thread;

    Worker(int capacity) {
      slots = new Slot[capacity];
      for (int i = 0; i < capacity; i++) {
        slots[i] = new Slot();
      }
      mask = capacity - 1;
    }

    boolean offer(Outbound to, byte[] buf, int off, int len) {
      synchronized (this) {
        long t = tail;
        if (t - head >= slots.length) {
          return false;
        }
        Slot s = slots[(int) t & mask];
        s.to = to;
        s.buf = buf;
        s.off = off;
        s.len = len;
        tail = t + 1;
      }
      if (parked) {
        parked = false;
        LockSupport.unpark(thread);
      }
      return true;
    }

    @Override
    public void run() {
      while (running) {
        long h = head;
        long t = tail;
        if (h == t) {
          parked = true;
          if (tail == h && running) { // nothing came in between: sleep until offer() wakes us
            LockSupport.park(this);
          }
          parked = false;
          continue;
        }
        for (; h < t; h++) {
          Slot s = slots[(int) h & mask];
          Outbound to = s.to;
          byte[] buf = s.buf;
          int off = s.off;
          int len = s.len;
          s.to = null;
          s.buf = null;
          head = h + 1; // the slot is free again while this packet is sent
          transmit(to, buf, off, len);
        }
      }
    }
  }
}
