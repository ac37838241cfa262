package io.sanke.recorder.testing;

import io.sanke.recorder.catalog.Catalog;
import io.sanke.recorder.jobs.Job;
import io.sanke.recorder.jobs.JobQueue;
import io.sanke.recorder.jobs.JobWorker;
import io.sanke.recorder.jobs.RecordingControl;
import io.sanke.recorder.jobs.TranscodeJob;
import io.sanke.recorder.repository.RetryPolicy;
import io.sanke.recorder.repository.S3Repository;
import io.vertx.core.Vertx;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * A recorder worker in its own JVM, for the test that kills a worker mid-transcode:
 * {@code WorkerProcess <redis-uri> <s3-endpoint> <consumer> <work-dir>}. Transcodes in
 * real time (FFmpeg {@code -re}) so the test can catch it half way. Prints {@code ready}.
 */
public final class WorkerProcess {
    private WorkerProcess() {
    }

    public static void main(String[] args) throws Exception {
        Vertx vertx = Vertx.vertx();
        Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(args[0]).setMaxPoolSize(4)
                .setMaxWaitingHandlers(1024).setPreferredProtocolVersion(ProtocolVersion.RESP2));
        Clock clock = Clock.systemUTC();
        S3Repository repo = new S3Repository(URI.create(args[1]), TestS3.ACCESS, TestS3.SECRET, "us-east-1",
                TestS3.BUCKET, new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(1)), clock);
        Catalog catalog = new Catalog(redis, clock);
        JobQueue queue = new JobQueue(redis, clock);
        RecordingControl control = new RecordingControl(vertx, catalog, repo, queue, null);
        new JobWorker(queue, Map.of(Job.TRANSCODE, new TranscodeJob(catalog, repo, new FfmpegTranscoder(true),
                Path.of(args[3]))), args[2], new JobWorker.Settings(3, new RetryPolicy(3, Duration.ofSeconds(1),
                Duration.ofSeconds(1)), Duration.ofHours(1), Duration.ofMillis(200)), control).start();
        System.out.println("ready");
        System.out.flush();
        Thread.currentThread().join();
    }
}
