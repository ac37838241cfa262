package io.sanke.recorder.jobs;

import io.sanke.recorder.api.Recording;
import io.sanke.recorder.api.RecordingState;
import io.sanke.recorder.catalog.Catalog;
import io.sanke.recorder.catalog.RecorderKeys;
import io.sanke.recorder.repository.Keys;
import io.sanke.recorder.repository.RetryPolicy;
import io.sanke.recorder.repository.S3Repository;
import io.sanke.recorder.testing.Eventually;
import io.sanke.recorder.testing.Ffmpeg;
import io.sanke.recorder.testing.FfmpegTranscoder;
import io.sanke.recorder.testing.FileCapture;
import io.sanke.recorder.testing.Lessons;
import io.sanke.recorder.testing.TestS3;
import io.sanke.recorder.testing.WorkerProcess;
import io.sanke.scheduler.testing.RedisProcess;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerCrashTest {

    @Test
    @DisplayName("a worker killed in the middle of a transcode leaves its job; another worker claims it and the output is valid")
    void killedWorkerJobCompletesElsewhere() throws Exception {
        Path work = Files.createTempDirectory("sanke-crash-");
        Vertx vertx = Vertx.vertx();
        Process child = null;
        try (RedisProcess redisServer = RedisProcess.start(); TestS3 s3 = TestS3.start()) {
            Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisServer.uri())
                    .setMaxPoolSize(6).setMaxWaitingHandlers(1024).setPreferredProtocolVersion(ProtocolVersion.RESP2));
            Clock clock = Clock.systemUTC();
            S3Repository repo = s3.repository(clock);
            Catalog catalog = new Catalog(redis, clock);
            JobQueue queue = new JobQueue(redis, clock);
            queue.init().await();
            Path clip = Ffmpeg.clip(work.resolve("lesson.mp4"), 12);
            RecordingControl control = new RecordingControl(vertx, catalog, repo, queue, new FileCapture(clip));
            Recording r = Lessons.recorded(control, catalog, "e1@2026-09-07", clock.instant());

            // a worker in its own JVM takes the job and transcodes in real time
            child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), WorkerProcess.class.getName(),
                    redisServer.uri(), s3.endpoint(), "doomed", work.resolve("doomed").toString())
                    .redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.equals("ready")) {
                // its startup log
            }
            assertEquals("ready", line, "the worker process started");
            Process drained = child;
            Thread.ofVirtual().start(() -> { try { drained.getInputStream().transferTo(java.io.OutputStream.nullOutputStream()); } catch (Exception ignored) { } });

            JobStatus mid = Eventually.until("the doomed worker is half way", Duration.ofMinutes(2), () -> {
                JobStatus s = queue.statuses().await().stream().findFirst().orElse(null);
                return s != null && "running".equals(s.state()) && s.progress() >= 0.2 ? s : null;
            });
            assertEquals("doomed", mid.worker());
            assertTrue(mid.progress() < 0.85, "still transcoding: " + mid.progress());
            child.toHandle().descendants().forEach(ProcessHandle::destroyForcibly); // its ffmpeg
            child.destroyForcibly(); // SIGKILL: no cleanup, no acknowledgement
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));

            assertEquals(RecordingState.PROCESSING, catalog.get(r.id()).await().state());
            var pending = redis.send(Request.cmd(Command.XPENDING).arg(RecorderKeys.JOBS).arg(RecorderKeys.JOB_GROUP)).await();
            assertEquals(1, pending.get(0).toInteger(), "the job is still pending under the dead worker");

            // another worker takes over the idle entry (XAUTOCLAIM) and finishes it
            try (JobWorker survivor = new JobWorker(queue, Map.of(Job.TRANSCODE, new TranscodeJob(catalog, repo,
                    new FfmpegTranscoder(false), work.resolve("survivor"))), "survivor",
                    new JobWorker.Settings(3, new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                            Duration.ZERO, Duration.ofMillis(200)), control).start()) {
                JobStatus done = Eventually.until("the job is done", Duration.ofMinutes(3), () -> {
                    JobStatus s = queue.statuses().await().getFirst();
                    return "done".equals(s.state()) || "failed".equals(s.state()) ? s : null;
                });
                assertEquals("done", done.state(), String.valueOf(done.reason()));
                assertEquals("survivor", done.worker());
                assertEquals(2, done.attempts(), "the killed try counts");
            }
            Recording finished = catalog.get(r.id()).await();
            assertEquals(RecordingState.PENDING_REVIEW, finished.state());
            assertEquals(0, redis.send(Request.cmd(Command.XPENDING).arg(RecorderKeys.JOBS).arg(RecorderKeys.JOB_GROUP))
                    .await().get(0).toInteger());

            Path media = Files.createDirectories(work.resolve("check"));
            repo.downloadTree(Keys.media(r.id()), media);
            List<String> variants = Files.readAllLines(media.resolve("master.m3u8")).stream()
                    .filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
            assertEquals(3, variants.size());
            for (String v : variants) {
                assertEquals(12.0, Ffmpeg.duration(media.resolve(v).toString()), 1.0, v);
            }
            redis.close();
        } finally {
            if (child != null && child.isAlive()) {
                child.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                child.destroyForcibly();
            }
            vertx.close().await(30, TimeUnit.SECONDS);
            RedisProcess.deleteTree(work);
        }
    }
}
