package io.sanke.recorder.jobs;

import io.sanke.recorder.repository.RetryPolicy;
import io.vertx.redis.client.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One recording worker: a platform thread that takes jobs from the {@link JobQueue}
 * one at a time and runs their {@link JobHandler} (blocking work: download, JavaCV,
 * upload). At start it first finishes what this consumer name held when it died,
 * then keeps claiming what other workers left idle for {@code claimIdle}, then reads
 * new jobs. A try that throws is retried after the backoff; a job whose tries reach
 * {@code maxAttempts} (tries that killed their worker count too) ends {@code failed}
 * with its reason, and {@link FailureSink} makes that visible on the recording.
 * Never runs on an event loop.
 */
public final class JobWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobWorker.class);

    /** Told when a job has failed for good, on the worker thread. */
    public interface FailureSink {
        void failed(Job job, String reason);
    }

    /**
     * @param maxAttempts tries before a job fails for good
     * @param backoff     wait between tries (the retry policy's backoff is used, not its attempts)
     * @param claimIdle   entries another worker held this long without acknowledging are taken over
     * @param block       how long one read waits for new jobs
     */
    public record Settings(int maxAttempts, RetryPolicy backoff, Duration claimIdle, Duration block) {
    }

    private final JobQueue queue;
    private final Map<String, JobHandler> handlers;
    private final String consumer;
    private final Settings settings;
    private final FailureSink failures;
    private final Thread thread;
    private volatile boolean running = true;

    public JobWorker(JobQueue queue, Map<String, JobHandler> handlers, String consumer, Settings settings,
                     FailureSink failures) {
        this.queue = queue;
        this.handlers = Map.copyOf(handlers);
        this.consumer = consumer;
        this.settings = settings;
        this.failures = failures;
        this.thread = new Thread(this::loop, "recorder-worker-" + consumer);
        this.thread.setDaemon(true);
    }

    public JobWorker start() {
        queue.init().await();
        thread.start();
        return this;
    }

    public String consumer() {
        return consumer;
    }

    private void loop() {
        try {
            for (JobQueue.Delivery d : queue.ownPending(consumer, 100).await()) {
                process(d);
            }
        } catch (Throwable e) { // Vert.x futures may fail with a Throwable that is no Exception
            rethrowError(e);
            LOG.warn("worker {}: cannot read its pending jobs: {}", consumer, e.toString());
        }
        while (running) {
            try {
                queue.promoteDue().await();
                List<JobQueue.Delivery> batch = new ArrayList<>(
                        queue.claimIdle(consumer, settings.claimIdle().toMillis(), 1).await());
                if (batch.isEmpty()) {
                    batch.addAll(queue.next(consumer, 1, Math.max(1, settings.block().toMillis())).await());
                }
                for (JobQueue.Delivery d : batch) {
                    if (!running) {
                        return;
                    }
                    process(d);
                }
            } catch (Throwable e) {
                rethrowError(e);
                if (running) {
                    LOG.warn("worker {}: queue unavailable ({}), trying again", consumer, e.toString());
                    pause(settings.block());
                }
            }
        }
    }

    private void process(JobQueue.Delivery d) {
        Job job = d.job();
        JobStatus before = queue.status(job.id()).await();
        int attempt = (before == null ? 0 : before.attempts()) + 1;
        String lastReason = before == null ? null : before.reason();
        if (attempt > settings.maxAttempts()) {
            fail(d, attempt - 1, "gave up after " + (attempt - 1) + " attempts"
                    + (lastReason == null ? " (the worker stopped during each)" : ": " + lastReason));
            return;
        }
        queue.put(new JobStatus(job.id(), job.recordingId(), "running", attempt, 0, consumer, lastReason,
                queue.now(), null)).await();
        JobHandler handler = handlers.get(job.kind());
        try {
            if (handler == null) {
                throw new IllegalArgumentException("no handler for job kind " + job.kind());
            }
            double[] reported = {0};
            int tries = attempt;
            handler.run(job, p -> {
                if (p - reported[0] >= 0.01 || p >= 1.0) {
                    reported[0] = p;
                    queue.put(new JobStatus(job.id(), job.recordingId(), "running", tries, Math.min(1, p), consumer,
                            lastReason, queue.now(), null)).await();
                }
            });
            List<Request> ops = new ArrayList<>(queue.doneOps(d));
            ops.add(queue.statusOp(new JobStatus(job.id(), job.recordingId(), "done", attempt, 1, consumer, null,
                    queue.now(), null)));
            queue.commit(ops).await();
            LOG.info("worker {}: job {} done [recording:{}] after {} attempt(s)", consumer, job.id(), job.recordingId(), attempt);
        } catch (Throwable e) { // includes Vert.x failures that are no Exception
            rethrowError(e);
            retryOrFail(d, attempt, e);
        }
    }

    private void retryOrFail(JobQueue.Delivery d, int attempt, Throwable e) {
        Job job = d.job();
        String reason = e.getMessage() == null ? e.toString() : e.getMessage();
        if (attempt >= settings.maxAttempts()) {
            fail(d, attempt, "failed after " + attempt + " attempts: " + reason);
            return;
        }
        Instant due = queue.now().plus(settings.backoff().backoffAfter(attempt));
        List<Request> ops = new ArrayList<>(queue.retryLaterOps(d, due));
        ops.add(queue.statusOp(new JobStatus(job.id(), job.recordingId(), "retrying", attempt, 0, consumer,
                reason, queue.now(), due)));
        queue.commit(ops).await();
        LOG.warn("worker {}: job {} attempt {} failed ({}), retry at {}", consumer, job.id(), attempt, reason, due);
    }

    private void fail(JobQueue.Delivery d, int attempts, String reason) {
        Job job = d.job();
        List<Request> ops = new ArrayList<>(queue.doneOps(d));
        ops.add(queue.statusOp(new JobStatus(job.id(), job.recordingId(), "failed", attempts, 0, consumer, reason,
                queue.now(), null)));
        queue.commit(ops).await();
        LOG.error("worker {}: job {} failed for good [recording:{}]: {}", consumer, job.id(), job.recordingId(), reason);
        try {
            failures.failed(job, reason);
        } catch (RuntimeException e) {
            LOG.error("worker {}: could not mark recording {} failed: {}", consumer, job.recordingId(), e.toString());
        }
    }

    private static void rethrowError(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops after the current job (finished and acknowledged); waits up to {@code timeout}. */
    public boolean stop(Duration timeout) {
        running = false;
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    @Override
    public void close() {
        stop(Duration.ofMinutes(2));
    }

}
