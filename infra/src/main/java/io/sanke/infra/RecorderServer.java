package io.sanke.infra;

import com.typesafe.config.Config;
import io.sanke.recorder.api.LiveMediaSource;
import com.typesafe.config.ConfigFactory;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The recorder as its own process, for a worker pool in production: the library API
 * and {@code jobs.workers} transcode workers on the shared Redis and MinIO. Needs
 * {@code sanke.recorder.redis.uri}, {@code sanke.recorder.auth.secret} and
 * {@code sanke.recorder.s3.endpoint} (no embedded parts here); give each process its
 * own {@code jobs.consumer} and {@code lessons.consumer}. Holds no logic.
 * <pre>
 * java -cp sanke-server.jar io.sanke.infra.RecorderServer -Dsanke.recorder.redis.uri=… -Dsanke.recorder.s3.endpoint=…
 * </pre>
 */
public final class RecorderServer {
    private RecorderServer() {
    }

    public static void main(String[] args) {
        Config config = ConfigFactory.load();
        Vertx vertx = Vertx.vertx();
        RecorderPart part;
        try {
            part = start(vertx, config);
        } catch (IllegalArgumentException e) {
            System.err.println("sanke-recorder: " + e.getMessage());
            vertx.close();
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            part.close();
            try {
                vertx.close().await(30, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // exiting anyway
            }
        }, "sanke-recorder-shutdown"));
        System.out.println("Sanke 三课 recorder is running: library on http://" + part.host() + ":" + part.httpPort() + "/library/");
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the recorder part with external Redis and S3 only; refuses a configuration that lacks them. */
    static RecorderPart start(Vertx vertx, Config config) {
        Config r = config.getConfig("sanke.recorder");
        for (String key : new String[]{"redis.uri", "auth.secret", "s3.endpoint"}) {
            if (r.getString(key).isBlank()) {
                throw new IllegalArgumentException("bad recorder configuration: sanke.recorder." + key
                        + " is required for a separate recorder process");
            }
        }
        return RecorderPart.start(vertx, config, Path.of(System.getProperty("java.io.tmpdir"), "sanke-recorder"),
                "", "", Clock.systemUTC(), LiveMediaSource.NONE); // no signaling here: library, jobs and transcoding only
    }
}
