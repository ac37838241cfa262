package io.sanke.scheduler.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

import java.time.Duration;

/**
 * The scheduler's configuration, read once from the {@code sanke.scheduler} HOCON
 * block (see {@code reference.conf}) and validated: a bad value refuses the start with
 * a message naming its key. Immutable.
 *
 * @param openLead         SCHEDULED → OPEN this long before the scheduled start
 * @param missedAfter      OPEN → MISSED this long after the scheduled start
 * @param overrun          LIVE → ENDED automatically this long after the scheduled end
 * @param tick             period of the lifecycle tick
 * @param windowDays       sessions materialised for today .. today + windowDays
 * @param redisUri         Redis connection string; empty means "embedded, not started yet"
 * @param authSecret       HS256 secret; empty means a random secret per process
 */
public record SchedulerConfig(Duration openLead, Duration missedAfter, Duration overrun, Duration tick,
                              int windowDays, String httpHost, int httpPort, long maxBodyBytes,
                              String redisUri, int redisPoolSize, int redisMaxWaitingHandlers,
                              long eventsMaxLength, String recordingsConsumer, Duration claimIdle,
                              String authSecret, Duration tokenTtl) {

    private static final String ROOT = "sanke.scheduler.";

    public SchedulerConfig {
        positive(openLead, "open-lead");
        positive(missedAfter, "missed-after");
        positive(overrun, "overrun");
        positive(tick, "tick");
        positive(tokenTtl, "auth.token-ttl");
        require(!claimIdle.isNegative(), "recordings.claim-idle", "must not be negative");
        require(windowDays >= 1 && windowDays <= 366, "window", "must be between 1 day and 366 days");
        require(httpPort >= 0 && httpPort <= 65_535, "http.port", "must be between 0 and 65535");
        require(maxBodyBytes >= 1_024, "http.max-body", "must be at least 1 KiB");
        require(redisPoolSize >= 1, "redis.pool-size", "must be at least 1");
        require(redisMaxWaitingHandlers >= 1, "redis.max-waiting-handlers", "must be at least 1");
        require(eventsMaxLength >= 100, "events.max-length", "must be at least 100");
        require(!recordingsConsumer.isBlank(), "recordings.consumer", "must not be empty");
        require(authSecret.isEmpty() || authSecret.length() >= 32, "auth.secret",
                "must be empty (random) or at least 32 characters");
    }

    /** Reads and validates {@code sanke.scheduler} of a resolved config (reference.conf supplies defaults). */
    public static SchedulerConfig from(Config root) {
        Config c = root.getConfig("sanke.scheduler");
        try {
            Duration window = c.getDuration("window");
            require(window.toHours() % 24 == 0, "window", "must be a whole number of days");
            return new SchedulerConfig(c.getDuration("open-lead"), c.getDuration("missed-after"),
                    c.getDuration("overrun"), c.getDuration("tick"), (int) window.toDays(),
                    c.getString("http.host"), c.getInt("http.port"), c.getMemorySize("http.max-body").toBytes(),
                    c.getString("redis.uri"), c.getInt("redis.pool-size"), c.getInt("redis.max-waiting-handlers"),
                    c.getLong("events.max-length"), c.getString("recordings.consumer"),
                    c.getDuration("recordings.claim-idle"), c.getString("auth.secret"), c.getDuration("auth.token-ttl"));
        } catch (ConfigException e) {
            throw new IllegalArgumentException("bad scheduler configuration: " + e.getMessage(), e);
        }
    }

    /** The same configuration with another Redis connection string (the launcher fills in the embedded one). */
    public SchedulerConfig withRedisUri(String uri) {
        return new SchedulerConfig(openLead, missedAfter, overrun, tick, windowDays, httpHost, httpPort, maxBodyBytes,
                uri, redisPoolSize, redisMaxWaitingHandlers, eventsMaxLength, recordingsConsumer, claimIdle,
                authSecret, tokenTtl);
    }

    /** The same configuration with another HTTP port (tests use 0). */
    public SchedulerConfig withHttpPort(int port) {
        return new SchedulerConfig(openLead, missedAfter, overrun, tick, windowDays, httpHost, port, maxBodyBytes,
                redisUri, redisPoolSize, redisMaxWaitingHandlers, eventsMaxLength, recordingsConsumer, claimIdle,
                authSecret, tokenTtl);
    }

    /** The same configuration with another secret. */
    public SchedulerConfig withAuthSecret(String secret) {
        return new SchedulerConfig(openLead, missedAfter, overrun, tick, windowDays, httpHost, httpPort, maxBodyBytes,
                redisUri, redisPoolSize, redisMaxWaitingHandlers, eventsMaxLength, recordingsConsumer, claimIdle,
                secret, tokenTtl);
    }

    private static void positive(Duration d, String key) {
        require(d != null && !d.isZero() && !d.isNegative(), key, "must be a positive duration");
    }

    private static void require(boolean ok, String key, String reason) {
        if (!ok) {
            throw new IllegalArgumentException("bad scheduler configuration: " + ROOT + key + " " + reason);
        }
    }
}
