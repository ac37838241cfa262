package io.sanke.recorder.jobs;

import java.util.function.DoubleConsumer;

/** Does the work of one job, blocking, on a worker thread; throws to have it retried. */
public interface JobHandler {
    void run(Job job, DoubleConsumer progress) throws Exception;
}
