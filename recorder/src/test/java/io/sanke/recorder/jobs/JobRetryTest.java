package io.sanke.recorder.jobs;

import io.sanke.recorder.api.Recording;
import io.sanke.recorder.api.RecordingState;
import io.sanke.recorder.catalog.AuditRecord;
import io.sanke.recorder.catalog.RecorderKeys;
import io.sanke.recorder.repository.RetryPolicy;
import io.sanke.recorder.testing.Eventually;
import io.sanke.recorder.testing.Lessons;
import io.sanke.recorder.testing.RecorderParts;
import io.sanke.scheduler.testing.MutableClock;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobRetryTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-09-07T00:50:00Z"));

    private JobWorker worker(RecorderParts p, JobHandler handler, int maxAttempts) {
        return new JobWorker(p.queue, Map.of(Job.TRANSCODE, handler), "w1",
                new JobWorker.Settings(maxAttempts, new RetryPolicy(maxAttempts, Duration.ofMinutes(1), Duration.ofMinutes(5)),
                        Duration.ofHours(1), Duration.ofMillis(100)), p.control).start();
    }

    @Test
    @DisplayName("a failed try waits for its backoff by the injected clock, then runs again and succeeds")
    void retriesAfterBackoff() throws Exception {
        try (RecorderParts p = new RecorderParts(clock)) {
            Recording r = Lessons.recorded(p.control, p.catalog, "e1@2026-09-07", clock.instant());
            AtomicInteger runs = new AtomicInteger();
            try (JobWorker w = worker(p, (job, progress) -> {
                if (runs.incrementAndGet() == 1) {
                    throw new IllegalStateException("the repository was away");
                }
            }, 3)) {
                JobStatus retrying = Eventually.until("first try failed", Duration.ofSeconds(30), () -> {
                    JobStatus s = p.queue.statuses().await().getFirst();
                    return "retrying".equals(s.state()) ? s : null;
                });
                assertEquals("the repository was away", retrying.reason());
                assertEquals(clock.instant().plus(Duration.ofMinutes(1)), retrying.retryAt());
                assertEquals(1, runs.get(), "not run again before the backoff is over");
                assertEquals(1L, p.redis.send(Request.cmd(Command.ZCARD).arg(RecorderKeys.JOBS_DELAYED)).await().toLong());

                clock.advance(Duration.ofSeconds(61));
                JobStatus done = Eventually.until("second try done", Duration.ofSeconds(30), () -> {
                    JobStatus s = p.queue.statuses().await().getFirst();
                    return "done".equals(s.state()) ? s : null;
                });
                assertEquals(2, done.attempts());
                assertEquals(2, runs.get());
            }
            assertEquals(RecordingState.RECORDED, p.catalog.get(r.id()).await().state(), "the handler decides states");
        }
    }

    @Test
    @DisplayName("a job that keeps failing ends failed with its reason, and its recording visibly FAILED")
    void keepsFailingEndsVisiblyFailed() throws Exception {
        try (RecorderParts p = new RecorderParts(clock)) {
            Recording r = Lessons.recorded(p.control, p.catalog, "e1@2026-09-07", clock.instant());
            AtomicInteger runs = new AtomicInteger();
            try (JobWorker w = worker(p, (job, progress) -> {
                runs.incrementAndGet();
                throw new java.io.IOException("corrupt capture: no video stream");
            }, 3)) {
                for (int attempt = 1; attempt <= 2; attempt++) {
                    int n = attempt;
                    Eventually.until("try " + n + " failed", Duration.ofSeconds(30), () -> runs.get() == n
                            && "retrying".equals(p.queue.statuses().await().getFirst().state()));
                    clock.advance(Duration.ofMinutes(5));
                }
                JobStatus failed = Eventually.until("failed for good", Duration.ofSeconds(30), () -> {
                    JobStatus s = p.queue.statuses().await().getFirst();
                    return "failed".equals(s.state()) ? s : null;
                });
                assertEquals(3, failed.attempts());
                assertTrue(failed.reason().contains("corrupt capture: no video stream"), failed.reason());
            }
            Recording gone = p.catalog.get(r.id()).await();
            assertEquals(RecordingState.FAILED, gone.state());
            assertTrue(gone.reason().contains("corrupt capture"), gone.reason());
            List<AuditRecord> audit = p.catalog.auditLog(r.id(), 10).await();
            assertEquals("recording.failed", audit.getFirst().action());
            assertTrue(p.redis.send(Request.cmd(Command.XRANGE).arg(RecorderKeys.RECORDING_EVENTS).arg("-").arg("+"))
                    .await().toString().contains("FAILED"));
            assertEquals(0L, p.redis.send(Request.cmd(Command.XLEN).arg(RecorderKeys.JOBS)).await().toLong(),
                    "nothing left on the stream");
        }
    }
}
