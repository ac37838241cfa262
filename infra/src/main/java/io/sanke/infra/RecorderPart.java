package io.sanke.infra;

import com.typesafe.config.Config;
import io.sanke.recorder.api.LiveMediaSource;
import io.sanke.recorder.capture.CaptureConfig;
import io.sanke.recorder.jobs.JavaCvTranscoder;
import io.sanke.recorder.jobs.LessonCaptureControl;
import io.sanke.recorder.repository.EmbeddedS3;
import io.sanke.recorder.repository.S3Repository;
import io.sanke.recorder.server.Recorder;
import io.sanke.recorder.server.RecorderConfig;
import io.sanke.recorder.transcode.LessonTranscoder;
import io.sanke.recorder.transcode.TranscodeSettings;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

/**
 * The recorder inside sanke-server: the resource repository (an embedded S3Proxy under
 * {@code <data-dir>/s3} with credentials kept in {@code <data-dir>/s3-credentials},
 * unless {@code sanke.recorder.s3.endpoint} names MinIO), the JavaCV transcoder, the
 * plain-RTP capture under {@code <data-dir>/capture} fed by the live source, and the recorder itself on the
 * scheduler's Redis and token secret unless configured otherwise. Holds no logic.
 */
final class RecorderPart implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecorderPart.class);

    private final Recorder recorder;
    private final EmbeddedS3 s3;

    private RecorderPart(Recorder recorder, EmbeddedS3 s3) {
        this.recorder = recorder;
        this.s3 = s3;
    }

    /** @param live where live lessons' media comes from (the lesson's SFU router, through signaling) */
    static RecorderPart start(Vertx vertx, Config root, Path dataDir, String redisUri, String secret, Clock clock,
                              LiveMediaSource live) {
        RecorderConfig config = RecorderConfig.from(root);
        if (config.redisUri().isBlank()) {
            config = config.withRedisUri(redisUri);
        }
        if (config.authSecret().isBlank()) {
            config = config.withAuthSecret(secret);
        }
        EmbeddedS3 s3 = null;
        if (config.s3Endpoint().isBlank()) {
            List<String> keys = credentials(dataDir.resolve("s3-credentials"));
            s3 = EmbeddedS3.start(dataDir.resolve("s3"), config.s3EmbeddedPort(), keys.get(0), keys.get(1));
            config = config.withS3(s3.endpoint().toString(), keys.get(0), keys.get(1));
            LOG.info("embedded S3 (S3Proxy) on {} storing under {}", s3.endpoint(), s3.dir().toAbsolutePath());
        }
        try {
            S3Repository repository = new S3Repository(URI.create(config.s3Endpoint()), config.s3AccessKey(),
                    config.s3SecretKey(), config.s3Region(), config.s3Bucket(), config.upload(), Clock.systemUTC());
            Recorder recorder = Recorder.start(vertx, config, repository,
                    new JavaCvTranscoder(new LessonTranscoder(TranscodeSettings.from(root), clock)),
                    new LessonCaptureControl(dataDir.resolve("capture"), CaptureConfig.from(root), clock, live), clock, true);
            return new RecorderPart(recorder, s3);
        } catch (RuntimeException e) {
            if (s3 != null) {
                s3.close();
            }
            throw e;
        }
    }

    int httpPort() {
        return recorder.httpPort();
    }

    String host() {
        return recorder.config().httpHost();
    }

    @Override
    public void close() {
        try {
            recorder.stop();
        } finally {
            if (s3 != null) {
                s3.close();
            }
        }
    }

    /** Access key and secret of the embedded S3, generated on first start (owner-only file). */
    private static List<String> credentials(Path file) {
        try {
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                if (lines.size() >= 2) {
                    return List.of(lines.get(0).trim(), lines.get(1).trim());
                }
            }
            Files.createDirectories(file.getParent());
            SecureRandom random = new SecureRandom();
            byte[] a = new byte[10];
            byte[] s = new byte[24];
            random.nextBytes(a);
            random.nextBytes(s);
            List<String> keys = List.of("sanke" + HexFormat.of().formatHex(a), HexFormat.of().formatHex(s));
            Files.write(file, keys, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }
}
