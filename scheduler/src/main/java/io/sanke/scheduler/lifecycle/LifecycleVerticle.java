package io.sanke.scheduler.lifecycle;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Calls {@link LessonLifecycle#tick()} and {@link RecordingConsumer#poll()} every
 * tick period. A tick that is still running when the next one is due is not doubled.
 */
public final class LifecycleVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleVerticle.class);

    private final LessonLifecycle lifecycle;
    private final RecordingConsumer recordings;
    private final Duration period;
    private boolean running;
    private long timer;

    public LifecycleVerticle(LessonLifecycle lifecycle, RecordingConsumer recordings, Duration period) {
        this.lifecycle = lifecycle;
        this.recordings = recordings;
        this.period = period;
    }

    @Override
    public Future<?> start() {
        timer = vertx.setPeriodic(0, Math.max(1, period.toMillis()), id -> runOnce());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        return Future.succeededFuture();
    }

    private void runOnce() {
        if (running) {
            return;
        }
        running = true;
        lifecycle.tick()
                .onSuccess(r -> {
                    if (r.transitions() > 0 || r.materialized() > 0) {
                        LOG.info("tick: {} sessions materialised, {} transitions", r.materialized(), r.transitions());
                    }
                })
                .compose(r -> recordings.poll())
                .onFailure(e -> LOG.warn("tick failed: {}", e.toString()))
                .onComplete(x -> running = false);
    }
}
