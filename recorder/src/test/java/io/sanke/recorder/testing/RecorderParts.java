package io.sanke.recorder.testing;

import io.sanke.recorder.catalog.Catalog;
import io.sanke.recorder.jobs.JobQueue;
import io.sanke.recorder.jobs.RecordingControl;
import io.sanke.recorder.repository.S3Repository;
import io.sanke.scheduler.testing.RedisProcess;
import io.vertx.core.Vertx;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/** Real Redis, real S3 and the recorder's parts wired by hand, with a test clock; closes everything. */
public final class RecorderParts implements AutoCloseable {
    public final RedisProcess redisServer = RedisProcess.start();
    public final TestS3 s3 = TestS3.start();
    public final Vertx vertx = Vertx.vertx();
    public final Redis redis;
    public final S3Repository repo;
    public final Catalog catalog;
    public final JobQueue queue;
    public final RecordingControl control;
    public final Path work;

    public RecorderParts(Clock clock) throws IOException {
        redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisServer.uri()).setMaxPoolSize(6)
                .setMaxWaitingHandlers(1024).setPreferredProtocolVersion(ProtocolVersion.RESP2));
        repo = s3.repository(Clock.systemUTC());
        catalog = new Catalog(redis, clock);
        queue = new JobQueue(redis, clock);
        queue.init().await();
        work = Files.createTempDirectory("sanke-parts-");
        Path clip = work.resolve("clip.bin");
        Files.write(clip, new byte[4096]);
        control = new RecordingControl(vertx, catalog, repo, queue, new FileCapture(clip));
    }

    @Override
    public void close() throws Exception {
        try {
            redis.close();
            vertx.close().await(30, TimeUnit.SECONDS);
        } finally {
            s3.close();
            redisServer.close();
            RedisProcess.deleteTree(work);
        }
    }
}
