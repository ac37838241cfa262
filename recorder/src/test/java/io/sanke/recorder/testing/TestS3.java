package io.sanke.recorder.testing;

import io.sanke.recorder.repository.EmbeddedS3;
import io.sanke.recorder.repository.RetryPolicy;
import io.sanke.recorder.repository.S3Repository;
import io.sanke.scheduler.testing.RedisProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** A real S3 server for tests (S3Proxy on the local disk, SigV4 auth) that can be stopped and started again. */
public final class TestS3 implements AutoCloseable {
    public static final String ACCESS = "sanke-test-access";
    public static final String SECRET = "sanke-test-secret-0123456789abcdef";
    public static final String BUCKET = "sanke-test";

    private final Path dir;
    private final int port;
    private EmbeddedS3 server;

    private TestS3(Path dir) {
        this.dir = dir;
        this.server = EmbeddedS3.start(dir, 0, ACCESS, SECRET);
        this.port = server.port();
    }

    public static TestS3 start() {
        try {
            return new TestS3(Files.createTempDirectory("sanke-s3-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public S3Repository repository(Clock clock) {
        return repository(clock, new RetryPolicy(8, Duration.ofMillis(50), Duration.ofMillis(400)));
    }

    public S3Repository repository(Clock clock, RetryPolicy retry) {
        S3Repository repo = new S3Repository(server.endpoint(), ACCESS, SECRET, "us-east-1", BUCKET, retry, clock);
        repo.ensureBucket();
        return repo;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** Serves again on the same port and directory. */
    public synchronized void restart() {
        stop();
        server = EmbeddedS3.start(dir, port, ACCESS, SECRET);
    }

    @Override
    public void close() {
        stop();
        RedisProcess.deleteTree(dir);
    }
}
