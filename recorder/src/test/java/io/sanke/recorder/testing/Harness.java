package io.sanke.recorder.testing;

import com.typesafe.config.ConfigFactory;
import io.sanke.recorder.server.RecorderConfig;
import io.sanke.scheduler.testing.Fixtures;
import io.sanke.scheduler.testing.RedisProcess;

import java.nio.file.Path;
import java.util.Map;

/** Recorder configuration for tests: reference.conf with this Redis, the fixtures' secret, a free port, quick job reads. */
public final class Harness {
    private Harness() {
    }

    public static RecorderConfig config(RedisProcess redis, Path workDir, int workers, String consumer,
                                        Map<String, Object> more) {
        var overrides = new java.util.HashMap<String, Object>(Map.of(
                "sanke.recorder.redis.uri", redis.uri(),
                "sanke.recorder.auth.secret", Fixtures.SECRET,
                "sanke.recorder.http.port", 0,
                "sanke.recorder.jobs.workers", workers,
                "sanke.recorder.jobs.consumer", consumer,
                "sanke.recorder.jobs.work-dir", workDir.toString(),
                "sanke.recorder.jobs.block", "200 ms",
                "sanke.recorder.jobs.backoff", "1 second",
                "sanke.recorder.lessons.claim-idle", "0 s"));
        overrides.putAll(more);
        return RecorderConfig.from(ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load()).resolve());
    }
}
