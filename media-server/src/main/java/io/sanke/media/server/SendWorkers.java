package io.sanke.media.server;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A few threads that encrypt and send what the forwarding path (under the media lock) has
 * decided to send, so SRTP and the send system calls of many receivers run beside the
 * receive thread. Each transport always uses the same worker, so its packets stay in order.
 * A full queue drops the packet and counts it. Does not touch the pipelines.
 */
final class SendWorkers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SendWorkers.class);

  private final Worker[] workers;
  final LongAdder dropped = new LongAdder();

  SendWorkers(int count, int queueCapacity) {
    workers = new Worker[Math.max(1, count)];
    for (int i = 0; i < workers.length; i++) {
      workers[i] = new Worker(queueCapacity);
      Thread.ofPlatform().daemon().name("media-send-" + i).start(workers[i]);
    }
  }

  /** Runs {@code task} on the worker of {@code key}; false (and counted) when that queue is full. */
  boolean submit(int key, Runnable task) {
    Worker w = workers[Math.floorMod(key, workers.length)];
    if (!w.queue.offer(task)) {
      dropped.increment();
      return false;
    }
    return true;
  }

  @Override
  public void close() {
    for (Worker w : workers) {
      w.running = false;
    }
  }

  private static final int BATCH = 256;

  private static final class Worker implements Runnable {
    final BlockingQueue<Runnable> queue;
    volatile boolean running = true;

    Worker(int capacity) {
      queue = new ArrayBlockingQueue<>(capacity);
    }

    @Override
    public void run() {
      // Waits for one task, then takes whatever else is queued in one go: one lock round per
      // batch instead of one per packet, and the receive thread rarely has to wake us.
      java.util.ArrayList<Runnable> batch = new java.util.ArrayList<>(BATCH);
      while (running) {
        try {
          Runnable r = queue.poll(200, TimeUnit.MILLISECONDS);
          if (r == null) {
            continue;
          }
          batch.add(r);
          queue.drainTo(batch, BATCH - 1);
          for (int i = 0; i < batch.size(); i++) {
            try {
              batch.get(i).run();
            } catch (RuntimeException e) {
              log.warn("send task failed", e);
            }
          }
        } catch (InterruptedException e) {
          return;
        } finally {
          batch.clear();
        }
      }
    }
  }
}
