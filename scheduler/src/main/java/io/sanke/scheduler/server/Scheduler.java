package io.sanke.scheduler.server;

import io.sanke.scheduler.http.ApiVerticle;
import io.sanke.scheduler.lifecycle.LessonLifecycle;
import io.sanke.scheduler.lifecycle.LifecycleVerticle;
import io.sanke.scheduler.lifecycle.RecordingConsumer;
import io.sanke.scheduler.rules.ConflictChecker;
import io.sanke.scheduler.store.SchedulerStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The scheduler as one deployable part: connects to Redis, loads the plan, claims
 * pending recording events, deploys the REST API verticle and (optionally) the
 * lifecycle timer verticle. The launcher and the tests start it the same way.
 */
public final class Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    private final Vertx vertx;
    private final Redis redis;
    private final SchedulerStore store;
    private final LessonLifecycle lifecycle;
    private final RecordingConsumer recordings;
    private final TokenIssuer tokens;
    private final ApiVerticle api;
    private final List<String> deployments = new ArrayList<>();

    private Scheduler(Vertx vertx, SchedulerConfig config, Clock clock, String secret) {
        this.vertx = vertx;
        this.redis = redis(vertx, config);
        this.store = new SchedulerStore(redis, clock, new ConflictChecker(), config.eventsMaxLength());
        this.lifecycle = new LessonLifecycle(store, clock, config);
        this.recordings = new RecordingConsumer(redis, store, config.recordingsConsumer(), config.claimIdle());
        this.tokens = new TokenIssuer(vertx, secret, Clock.systemUTC(), config.tokenTtl());
        this.api = new ApiVerticle(config, store, lifecycle, TokenIssuer.verifier(vertx, secret), clock);
    }

    /** A pooled Redis client with the configured pool and wait queue, speaking RESP2. */
    public static Redis redis(Vertx vertx, SchedulerConfig config) {
        if (config.redisUri().isBlank()) {
            throw new IllegalArgumentException("bad scheduler configuration: sanke.scheduler.redis.uri is empty "
                    + "and no embedded Redis was started");
        }
        return Redis.createClient(vertx, new RedisOptions()
                .setConnectionString(config.redisUri())
                .setMaxPoolSize(config.redisPoolSize())
                .setMaxPoolWaiting(config.redisMaxWaitingHandlers())
                .setMaxWaitingHandlers(config.redisMaxWaitingHandlers())
                .setPreferredProtocolVersion(ProtocolVersion.RESP2));
    }

    /**
     * Starts the scheduler. With {@code timer} false no lifecycle tick runs by itself
     * (tests drive {@link #lifecycle()} with a fake clock).
     */
    public static Future<Scheduler> start(Vertx vertx, SchedulerConfig config, Clock clock, boolean timer) {
        String secret = config.authSecret();
        if (secret.isEmpty()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            LOG.warn("sanke.scheduler.auth.secret is empty: using a random secret, tokens stop working at restart");
        }
        Scheduler s = new Scheduler(vertx, config, clock, secret);
        Future<?> started = s.store.load()
                .compose(v -> s.recordings.start())
                .compose(n -> vertx.deployVerticle(s.api)).onSuccess(s.deployments::add);
        if (timer) {
            started = started.compose(id -> vertx.deployVerticle(
                    new LifecycleVerticle(s.lifecycle, s.recordings, config.tick()))).onSuccess(s.deployments::add);
        }
        return started.map(s).recover(e -> s.stop().transform(x -> Future.failedFuture(e)));
    }

    public int httpPort() {
        return api.actualPort();
    }

    public SchedulerStore store() {
        return store;
    }

    public LessonLifecycle lifecycle() {
        return lifecycle;
    }

    public RecordingConsumer recordings() {
        return recordings;
    }

    /** Issues tokens signed with this scheduler's secret (system clock). */
    public TokenIssuer tokens() {
        return tokens;
    }

    /** Undeploys the verticles and closes the Redis client. */
    public Future<Void> stop() {
        Future<Void> done = Future.succeededFuture();
        for (String id : deployments.reversed()) {
            done = done.compose(v -> vertx.undeploy(id));
        }
        return done.eventually(redis::close);
    }
}
