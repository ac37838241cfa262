package io.sanke.media.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sanke.media.rtp.PacketPool;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SendWorkersTest {

  @Test
  void inlineSendsOnTheCallingThreadAndReturnsTheBuffer() {
    try (SendWorkers w = new SendWorkers(0, 1)) {
      byte[] buf = PacketPool.acquire();
      List<Thread> seen = new ArrayList<>();
      assertTrue(w.submit(7, (b, off, len) -> {
        assertSame(buf, b);
        assertEquals(3, off);
        assertEquals(100, len);
        seen.add(Thread.currentThread());
      }, buf, 3, 100));
      assertEquals(List.of(Thread.currentThread()), seen);
      assertSame(buf, PacketPool.acquire(), "the sent buffer is the next one handed out");
    }
  }

  @Test
  void workersKeepEachKeysOrderAndDeliverEverything() throws Exception {
    int perKey = 5_000;
    int keys = 3;
    List<List<Integer>> got = new ArrayList<>();
    for (int k = 0; k < keys; k++) {
      got.add(Collections.synchronizedList(new ArrayList<>()));
    }
    CountDownLatch all = new CountDownLatch(perKey * keys);
    try (SendWorkers w = new SendWorkers(2, 64)) {
      for (int i = 0; i < perKey; i++) {
        for (int k = 0; k < keys; k++) {
          int key = k;
          byte[] b = new byte[4];
          b[0] = (byte) (i >> 8);
          b[1] = (byte) i;
          SendWorkers.Outbound out = (buf, off, len) -> {
            got.get(key).add(((buf[0] & 0xff) << 8) | (buf[1] & 0xff));
            all.countDown();
          };
          while (!w.submit(key, out, b, 0, 4)) {
            Thread.onSpinWait(); // a small ring: wait for the worker instead of dropping here
          }
        }
      }
      assertTrue(all.await(30, TimeUnit.SECONDS), "every packet sent");
    }
    for (int k = 0; k < keys; k++) {
      List<Integer> l = got.get(k);
      assertEquals(perKey, l.size());
      for (int i = 0; i < perKey; i++) {
        assertEquals(i & 0xffff, l.get(i), "order of key " + k);
      }
    }
  }

  @Test
  void aFullRingDropsAndCountsInsteadOfQueueingMore() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch sent = new CountDownLatch(1 + 4);
    try (SendWorkers w = new SendWorkers(1, 4)) {
      SendWorkers.Outbound blocking = (b, off, len) -> {
        started.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        sent.countDown();
      };
      assertTrue(w.submit(0, blocking, new byte[1], 0, 1));
      assertTrue(started.await(10, TimeUnit.SECONDS));
      SendWorkers.Outbound counting = (b, off, len) -> sent.countDown();
      for (int i = 0; i < 4; i++) {
        assertTrue(w.submit(0, counting, new byte[1], 0, 1), "slot " + i);
      }
      assertFalse(w.submit(0, counting, new byte[1], 0, 1), "the fifth waits in no queue");
      assertEquals(1, w.dropped.sum());
      release.countDown();
      assertTrue(sent.await(10, TimeUnit.SECONDS), "what was queued is still sent");
    }
  }

  @Test
  void aFailingSendDoesNotStopTheWorker() throws Exception {
    CountDownLatch after = new CountDownLatch(1);
    try (SendWorkers w = new SendWorkers(1, 8)) {
      w.submit(0, (b, off, len) -> {
        throw new IllegalStateException("socket gone");
      }, new byte[1], 0, 1);
      w.submit(0, (b, off, len) -> after.countDown(), new byte[1], 0, 1);
      assertTrue(after.await(10, TimeUnit.SECONDS));
    }
  }
}
