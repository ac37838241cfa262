package io.sanke.recorder.server;

import io.sanke.recorder.catalog.Catalog;
import io.sanke.recorder.http.LibraryVerticle;
import io.sanke.recorder.jobs.CaptureControl;
import io.sanke.recorder.jobs.Job;
import io.sanke.recorder.jobs.JobQueue;
import io.sanke.recorder.jobs.JobWorker;
import io.sanke.recorder.jobs.LessonFollower;
import io.sanke.recorder.jobs.RecordingControl;
import io.sanke.recorder.jobs.TranscodeJob;
import io.sanke.recorder.jobs.Transcoder;
import io.sanke.recorder.repository.S3Repository;
import io.sanke.recorder.review.ReviewService;
import io.sanke.scheduler.server.TokenIssuer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The recorder as one deployable part: the catalog, the job queue and its workers,
 * the lesson-event follower, the review service with its retention sweep, and the
 * library verticle. The launcher and the tests start it the same way; the resource
 * repository, the transcoder and the capture are handed in (embedded S3Proxy or
 * MinIO; JavaCV; plain-RTP capture), so only configuration chooses.
 */
public final class Recorder {
    private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);

    private final Vertx vertx;
    private final RecorderConfig config;
    private final Redis redis;
    private final Catalog catalog;
    private final JobQueue jobs;
    private final RecordingControl control;
    private final ReviewService review;
    private final LessonFollower follower;
    private final LibraryVerticle library;
    private final List<JobWorker> workers = new ArrayList<>();
    private final List<Long> timers = new ArrayList<>();
    private String deployment;

    private Recorder(Vertx vertx, RecorderConfig config, S3Repository repository, Transcoder transcoder,
                     CaptureControl capture, Clock clock) {
        this.vertx = vertx;
        this.config = config;
        this.redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(config.redisUri())
                .setMaxPoolSize(8 + config.workers()).setMaxPoolWaiting(4096).setMaxWaitingHandlers(4096)
                .setPreferredProtocolVersion(ProtocolVersion.RESP2));
        this.catalog = new Catalog(redis, clock);
        this.jobs = new JobQueue(redis, clock);
        this.control = new RecordingControl(vertx, catalog, repository, jobs, capture);
        this.review = new ReviewService(catalog, repository, clock, config.rejectedRetention());
        this.follower = new LessonFollower(redis, control, config.lessonConsumer(), config.lessonClaimIdle());
        this.library = new LibraryVerticle(config.httpHost(), config.httpPort(), config.maxBodyBytes(), config.urlExpiry(),
                catalog, review, control, jobs, repository, TokenIssuer.verifier(vertx, config.authSecret()));
        for (int i = 0; i < config.workers(); i++) {
            workers.add(new JobWorker(jobs, Map.of(Job.TRANSCODE,
                    new TranscodeJob(catalog, repository, transcoder, config.workDir())),
                    config.jobConsumer() + "-" + i,
                    new JobWorker.Settings(config.maxAttempts(), config.jobRetry(), config.jobClaimIdle(), config.jobBlock()),
                    control));
        }
    }

    /**
     * Starts everything; blocks the calling thread (never an event loop) until ready.
     * With {@code timers} false nothing runs by itself (tests drive {@link #follower()}
     * and {@link #review()}); workers run when {@code jobs.workers} &gt; 0.
     */
    public static Recorder start(Vertx vertx, RecorderConfig config, S3Repository repository, Transcoder transcoder,
                                 CaptureControl capture, Clock clock, boolean timers) {
        if (config.redisUri().isBlank()) {
            throw new IllegalArgumentException("bad recorder configuration: sanke.recorder.redis.uri is empty");
        }
        if (config.authSecret().isBlank()) {
            throw new IllegalArgumentException("bad recorder configuration: sanke.recorder.auth.secret is empty");
        }
        Recorder r = new Recorder(vertx, config, repository, transcoder, capture, clock);
        repository.ensureBucket();
        await(r.jobs.init());
        await(r.follower.start());
        r.deployment = await(vertx.deployVerticle(r.library));
        r.workers.forEach(JobWorker::start);
        if (timers) {
            r.timers.add(vertx.setPeriodic(config.lessonPoll().toMillis(), id -> r.follower.poll()
                    .onFailure(e -> LOG.warn("lesson events not read: {}", e.toString()))));
            r.timers.add(vertx.setPeriodic(config.retentionSweep().toMillis(), id -> vertx.executeBlocking(
                    r.review::sweepRejected, false).onFailure(e -> LOG.warn("retention sweep failed: {}", e.toString()))));
        }
        LOG.info("recorder started: {} worker(s), library on port {}", config.workers(), r.httpPort());
        return r;
    }

    public int httpPort() {
        return library.actualPort();
    }

    public Catalog catalog() {
        return catalog;
    }

    public JobQueue jobs() {
        return jobs;
    }

    public RecordingControl control() {
        return control;
    }

    public ReviewService review() {
        return review;
    }

    public LessonFollower follower() {
        return follower;
    }

    public RecorderConfig config() {
        return config;
    }

    /** Stops the timers, lets each worker finish its current job, undeploys the library, closes Redis. Blocking. */
    public void stop() {
        timers.forEach(vertx::cancelTimer);
        workers.forEach(w -> w.stop(Duration.ofMinutes(2)));
        if (deployment != null) {
            await(vertx.undeploy(deployment));
        }
        redis.close();
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
