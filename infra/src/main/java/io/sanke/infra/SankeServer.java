package io.sanke.infra;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sanke.scheduler.server.Scheduler;
import io.sanke.scheduler.server.SchedulerConfig;
import io.sanke.scheduler.store.Actor;
import io.sanke.media.server.MediaConfig;
import io.sanke.media.server.MediaServer;
import io.sanke.signaling.InProcessMediaNode;
import io.sanke.signaling.Signaling;
import io.sanke.signaling.SignalingConfig;
import io.sanke.signaling.api.MediaNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The all-in-one launcher, Sanke's composition root: reads the configuration
 * (reference.conf files, then application.conf, then -D flags), starts an embedded
 * Redis with AOF persistence under {@code <data-dir>/redis} unless
 * {@code sanke.scheduler.redis.uri} names one, starts the scheduler, loads the demo
 * county into an empty store, and prints the API URL, a coordinator token and a curl
 * line. Stops cleanly on SIGTERM. Holds no business logic.
 */
public final class SankeServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SankeServer.class);

    private final Vertx vertx;
    private final EmbeddedRedis redis;
    private final Scheduler scheduler;
    private final MediaServer media;
    private final Signaling signaling;
    private final RecorderPart recorder;
    private final String banner;
    private final String coordinatorToken;

    private SankeServer(Vertx vertx, EmbeddedRedis redis, Scheduler scheduler, MediaServer media, Signaling signaling,
                        RecorderPart recorder, String coordinatorToken, String banner) {
        this.vertx = vertx;
        this.redis = redis;
        this.scheduler = scheduler;
        this.media = media;
        this.signaling = signaling;
        this.recorder = recorder;
        this.coordinatorToken = coordinatorToken;
        this.banner = banner;
    }

    public static void main(String[] args) {
        SankeServer server;
        try {
            server = start(ConfigFactory.load(), Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            System.err.println("sanke-server: " + e.getMessage());
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            LOG.error("sanke-server cannot start", e);
            System.err.println("sanke-server: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sanke-shutdown"));
        System.out.println(server.banner());
        try {
            new CountDownLatch(1).await(); // Vert.x threads are daemons: keep the JVM up until SIGTERM
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts everything; blocks the calling thread (not an event loop) until ready. */
    public static SankeServer start(Config config, Clock clock) {
        Config server = config.getConfig("sanke.server");
        SchedulerConfig schedulerConfig = SchedulerConfig.from(config);
        Path dataDir = Path.of(server.getString("data-dir"));
        EmbeddedRedis redis = null;
        if (schedulerConfig.redisUri().isBlank()) {
            redis = EmbeddedRedis.start(dataDir.resolve("redis"), server.getInt("embedded-redis-port"));
            schedulerConfig = schedulerConfig.withRedisUri(redis.uri());
            LOG.info("embedded Redis on {} (AOF in {})", redis.uri(), dataDir.resolve("redis").toAbsolutePath());
        }
        if (schedulerConfig.authSecret().isEmpty()) {
            schedulerConfig = schedulerConfig.withAuthSecret(secretIn(dataDir));
        }
        SignalingConfig signalingConfig = SignalingConfig.from(config);
        if (signalingConfig.redisUri().isBlank()) {
            signalingConfig = signalingConfig.withRedisUri(schedulerConfig.redisUri());
        }
        Vertx vertx = Vertx.vertx();
        MediaServer media = null;
        Signaling signaling = null;
        Scheduler scheduler = null;
        try {
            scheduler = await(Scheduler.start(vertx, schedulerConfig, clock, true));
            media = MediaServer.start(MediaConfig.from(config), clock);
            List<MediaNode> nodes = List.of(new InProcessMediaNode(media));
            signaling = await(Signaling.start(vertx, signalingConfig, clock, nodes, schedulerConfig.authSecret(), true));
            if (server.getBoolean("demo-data")) {
                DemoData.Demo demo = DemoData.build(clock.instant());
                boolean loaded = await(scheduler.store().seedIfEmpty(demo.plan(), demo.sessions(), demo.recordings(),
                        new Actor("demo", "system", null)));
                LOG.info(loaded ? "demo county 示范县 loaded" : "store not empty: demo data not loaded");
            }
            RecorderPart recorder = RecorderPart.start(vertx, config, dataDir, schedulerConfig.redisUri(),
                    schedulerConfig.authSecret(), clock, new SfuLiveMediaSource(signaling, nodes));
            String library = "http://" + recorder.host() + ":" + recorder.httpPort() + "/library/";
            String token = scheduler.tokens().coordinator("coordinator-demo", "县教育局 演示协调员");
            String url = "http://" + schedulerConfig.httpHost() + ":" + scheduler.httpPort() + "/api/v1";
            String banner = String.join(System.lineSeparator(),
                    "Sanke 三课 scheduler is running",
                    "  API:      " + url + "   (OpenAPI: " + url + "/openapi.json)",
                    "  token:    " + token,
                    "  coverage: curl -H 'Authorization: Bearer " + token + "' '" + url
                            + "/coverage?scope=all&period=term'",
                    "  pages:    http://" + signalingConfig.httpHost() + ":" + signaling.httpPort() + "/   (signaling ws://"
                            + signalingConfig.httpHost() + ":" + signaling.httpPort() + "/ws/v1, SFU udp "
                            + media.udpPort() + ")",
                    "  library:  " + library + "?token=" + token,
                    "  review:   " + library + "review.html?token="
                            + scheduler.tokens().reviewer("reviewer-demo", "演示审核员"));
            return new SankeServer(vertx, redis, scheduler, media, signaling, recorder, token, banner);
        } catch (RuntimeException e) {
            if (signaling != null) {
                await(signaling.stop());
            }
            if (scheduler != null) {
                await(scheduler.stop());
            }
            await(vertx.close());
            if (media != null) {
                media.close();
            }
            if (redis != null) {
                redis.close();
            }
            throw e;
        }
    }

    /** The startup text: API URL, a coordinator token, a curl line reading coverage. */
    public String banner() {
        return banner;
    }

    public String coordinatorToken() {
        return coordinatorToken;
    }

    public int httpPort() {
        return scheduler.httpPort();
    }

    /** Port of the signaling server: pages, {@code /ws/v1}, lesson tokens. */
    public int signalingPort() {
        return signaling.httpPort();
    }

    /** The port of the recorder's library (pages and API). */
    public int libraryPort() {
        return recorder.httpPort();
    }

    /** The signaling node (tests). */
    Signaling signaling() {
        return signaling;
    }

    /** The embedded Redis, or null when {@code sanke.scheduler.redis.uri} names one (tests). */
    String embeddedRedisUri() {
        return redis == null ? null : redis.uri();
    }

    /** Stops the recorder (and its embedded S3), signaling, the scheduler, Vert.x and the SFU node, then the embedded Redis. */
    @Override
    public void close() {
        try {
            recorder.close();
            // one await per step: a chained vertx.close() would report on an event loop it just closed
            await(signaling.stop());
            await(scheduler.stop());
            await(vertx.close());
        } finally {
            media.close();
            if (redis != null) {
                redis.close();
            }
            LOG.info("sanke-server stopped");
        }
    }

    /** The token secret kept in {@code <data-dir>/auth-secret}, generated on first start. */
    private static String secretIn(Path dataDir) {
        Path file = dataDir.resolve("auth-secret");
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            Files.createDirectories(dataDir);
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.writeString(file, secret, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.await(60, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
