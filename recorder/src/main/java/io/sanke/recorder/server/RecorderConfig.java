package io.sanke.recorder.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.sanke.recorder.repository.RetryPolicy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The recorder's configuration, read once from {@code sanke.recorder} (see
 * {@code reference.conf}) and validated: a bad value refuses the start with a message
 * naming its key. Immutable.
 */
public record RecorderConfig(String httpHost, int httpPort, long maxBodyBytes, String redisUri, String authSecret,
                             String s3Endpoint, String s3AccessKey, String s3SecretKey, String s3Region,
                             String s3Bucket, int s3EmbeddedPort, RetryPolicy upload,
                             int workers, String jobConsumer, int maxAttempts, Duration jobBackoff,
                             Duration jobBackoffMax, Duration jobClaimIdle, Duration jobBlock, Path workDir,
                             String lessonConsumer, Duration lessonClaimIdle, Duration lessonPoll,
                             Duration urlExpiry, Duration rejectedRetention, Duration retentionSweep) {
    private static final String ROOT = "sanke.recorder.";

    public RecorderConfig {
        require(httpPort >= 0 && httpPort <= 65_535, "http.port", "must be between 0 and 65535");
        require(maxBodyBytes >= 1_024, "http.max-body", "must be at least 1 KiB");
        require(authSecret.isEmpty() || authSecret.length() >= 32, "auth.secret",
                "must be empty (the scheduler's) or at least 32 characters");
        if (!s3Endpoint.isEmpty()) {
            URI u;
            try {
                u = URI.create(s3Endpoint);
            } catch (IllegalArgumentException e) {
                throw bad("s3.endpoint", "is not a URL: " + s3Endpoint);
            }
            require(("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null,
                    "s3.endpoint", "must be an http(s) URL like http://10.0.0.7:9000");
            require(!s3AccessKey.isEmpty() && !s3SecretKey.isEmpty(), "s3.access-key",
                    "and s3.secret-key are required with an external s3.endpoint");
        }
        require(s3Bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]"), "s3.bucket",
                "must be 3-63 lowercase letters, digits, dots or hyphens");
        require(!s3Region.isBlank(), "s3.region", "must not be empty");
        require(s3EmbeddedPort >= 0 && s3EmbeddedPort <= 65_535, "s3.embedded-port", "must be between 0 and 65535");
        require(workers >= 0 && workers <= 64, "jobs.workers", "must be between 0 and 64");
        require(!jobConsumer.isBlank(), "jobs.consumer", "must not be empty");
        require(maxAttempts >= 1 && maxAttempts <= 100, "jobs.max-attempts", "must be between 1 and 100");
        positive(jobBackoff, "jobs.backoff");
        require(jobBackoffMax.compareTo(jobBackoff) >= 0, "jobs.backoff-max", "must not be below jobs.backoff");
        require(!jobClaimIdle.isNegative(), "jobs.claim-idle", "must not be negative");
        positive(jobBlock, "jobs.block");
        require(!lessonConsumer.isBlank(), "lessons.consumer", "must not be empty");
        require(!lessonClaimIdle.isNegative(), "lessons.claim-idle", "must not be negative");
        positive(lessonPoll, "lessons.poll");
        require(urlExpiry.toSeconds() >= 1 && urlExpiry.toDays() <= 7, "playback.url-expiry",
                "must be between 1 second and 7 days");
        require(!rejectedRetention.isNegative(), "retention.rejected-after", "must not be negative");
        positive(retentionSweep, "retention.sweep");
    }

    public static RecorderConfig from(Config root) {
        Config c = root.getConfig("sanke.recorder");
        try {
            String work = c.getString("jobs.work-dir");
            return new RecorderConfig(c.getString("http.host"), c.getInt("http.port"),
                    c.getMemorySize("http.max-body").toBytes(), c.getString("redis.uri"), c.getString("auth.secret"),
                    c.getString("s3.endpoint"), c.getString("s3.access-key"), c.getString("s3.secret-key"),
                    c.getString("s3.region"), c.getString("s3.bucket"), c.getInt("s3.embedded-port"),
                    retry(c),
                    c.getInt("jobs.workers"), c.getString("jobs.consumer"), c.getInt("jobs.max-attempts"),
                    c.getDuration("jobs.backoff"), c.getDuration("jobs.backoff-max"), c.getDuration("jobs.claim-idle"),
                    c.getDuration("jobs.block"),
                    work.isEmpty() ? Path.of(System.getProperty("java.io.tmpdir"), "sanke-recorder") : Path.of(work),
                    c.getString("lessons.consumer"), c.getDuration("lessons.claim-idle"), c.getDuration("lessons.poll"),
                    c.getDuration("playback.url-expiry"), c.getDuration("retention.rejected-after"),
                    c.getDuration("retention.sweep"));
        } catch (ConfigException e) {
            throw new IllegalArgumentException("bad recorder configuration: " + e.getMessage(), e);
        }
    }

    private static RetryPolicy retry(Config c) {
        int attempts = c.getInt("upload.attempts");
        Duration first = c.getDuration("upload.initial-backoff");
        Duration max = c.getDuration("upload.max-backoff");
        require(attempts >= 1, "upload.attempts", "must be at least 1");
        require(!first.isNegative(), "upload.initial-backoff", "must not be negative");
        require(max.compareTo(first) >= 0, "upload.max-backoff", "must not be below upload.initial-backoff");
        return new RetryPolicy(attempts, first, max);
    }

    /** Retry policy of jobs (its attempts are {@link #maxAttempts}). */
    public RetryPolicy jobRetry() {
        return new RetryPolicy(maxAttempts, jobBackoff, jobBackoffMax);
    }

    public RecorderConfig withRedisUri(String uri) {
        return new RecorderConfig(httpHost, httpPort, maxBodyBytes, uri, authSecret, s3Endpoint, s3AccessKey,
                s3SecretKey, s3Region, s3Bucket, s3EmbeddedPort, upload, workers, jobConsumer, maxAttempts, jobBackoff,
                jobBackoffMax, jobClaimIdle, jobBlock, workDir, lessonConsumer, lessonClaimIdle, lessonPoll, urlExpiry,
                rejectedRetention, retentionSweep);
    }

    public RecorderConfig withAuthSecret(String secret) {
        return new RecorderConfig(httpHost, httpPort, maxBodyBytes, redisUri, secret, s3Endpoint, s3AccessKey,
                s3SecretKey, s3Region, s3Bucket, s3EmbeddedPort, upload, workers, jobConsumer, maxAttempts, jobBackoff,
                jobBackoffMax, jobClaimIdle, jobBlock, workDir, lessonConsumer, lessonClaimIdle, lessonPoll, urlExpiry,
                rejectedRetention, retentionSweep);
    }

    public RecorderConfig withS3(String endpoint, String accessKey, String secretKey) {
        return new RecorderConfig(httpHost, httpPort, maxBodyBytes, redisUri, authSecret, endpoint, accessKey,
                secretKey, s3Region, s3Bucket, s3EmbeddedPort, upload, workers, jobConsumer, maxAttempts, jobBackoff,
                jobBackoffMax, jobClaimIdle, jobBlock, workDir, lessonConsumer, lessonClaimIdle, lessonPoll, urlExpiry,
                rejectedRetention, retentionSweep);
    }

    public RecorderConfig withHttpPort(int port) {
        return new RecorderConfig(httpHost, port, maxBodyBytes, redisUri, authSecret, s3Endpoint, s3AccessKey,
                s3SecretKey, s3Region, s3Bucket, s3EmbeddedPort, upload, workers, jobConsumer, maxAttempts, jobBackoff,
                jobBackoffMax, jobClaimIdle, jobBlock, workDir, lessonConsumer, lessonClaimIdle, lessonPoll, urlExpiry,
                rejectedRetention, retentionSweep);
    }

    public RecorderConfig withWorkers(int count, String consumer, Path dir) {
        return new RecorderConfig(httpHost, httpPort, maxBodyBytes, redisUri, authSecret, s3Endpoint, s3AccessKey,
                s3SecretKey, s3Region, s3Bucket, s3EmbeddedPort, upload, count, consumer, maxAttempts, jobBackoff,
                jobBackoffMax, jobClaimIdle, jobBlock, dir, lessonConsumer, lessonClaimIdle, lessonPoll, urlExpiry,
                rejectedRetention, retentionSweep);
    }

    private static void positive(Duration d, String key) {
        require(d != null && !d.isZero() && !d.isNegative(), key, "must be a positive duration");
    }

    private static void require(boolean ok, String key, String reason) {
        if (!ok) {
            throw bad(key, reason);
        }
    }

    private static IllegalArgumentException bad(String key, String reason) {
        return new IllegalArgumentException("bad recorder configuration: " + ROOT + key + " " + reason);
    }
}
