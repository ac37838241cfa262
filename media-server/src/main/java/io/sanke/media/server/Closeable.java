package io.sanke.media.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Close-once state and close listeners shared by every object of the model. */
abstract class Closeable {
  private static final Logger log = LoggerFactory.getLogger(Closeable.class);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final List<Runnable> closeListeners = new CopyOnWriteArrayList<>();

  public final boolean isClosed() {
    return closed.get();
  }

  /** Runs {@code listener} once, when this object closes (at once if it already has). */
  public final void onClose(Runnable listener) {
    closeListeners.add(listener);
    if (closed.get() && closeListeners.remove(listener)) {
      listener.run();
    }
  }

  /** Closes children, then this object, then tells listeners. Idempotent. */
  public final void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      closeChildren();
    } finally {
      for (Runnable r : closeListeners) {
        try {
          r.run();
        } catch (RuntimeException e) {
          log.warn("close listener failed", e);
        }
      }
      closeListeners.clear();
    }
  }

  protected abstract void closeChildren();
}
