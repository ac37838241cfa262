package io.sanke.signaling;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

import java.time.Duration;

/**
 * The signaling configuration, read once from {@code sanke.signaling} (reference.conf)
 * and validated: a bad value refuses the start with a message naming its key.
 *
 * @param authSecret HS256 secret; may be empty here and filled in by the launcher
 * @param redisUri   empty: filled in by the launcher (the scheduler's Redis)
 */
public record SignalingConfig(String nodeId, String region, String httpHost, int httpPort, Duration idleTimeout,
                              Duration resumeWindow, Duration reapInterval, int chatMaxLength,
                              String algorithm, String authSecret, String publicKeyFile, String privateKeyFile,
                              Duration tokenTtl, String state, String redisUri, int redisPoolSize,
                              int redisMaxWaitingHandlers) {
    private static final String ROOT = "sanke.signaling.";

    public SignalingConfig {
        require(!nodeId.isBlank(), "node-id", "must not be empty");
        require(httpPort >= 0 && httpPort <= 65_535, "http.port", "must be between 0 and 65535");
        positive(idleTimeout, "idle-timeout");
        positive(resumeWindow, "resume-window");
        positive(reapInterval, "reap-interval");
        positive(tokenTtl, "auth.token-ttl");
        require(chatMaxLength >= 1 && chatMaxLength <= 10_000, "chat.max-length", "must be between 1 and 10000");
        require(algorithm.equals("HS256") || algorithm.equals("RS256"), "auth.algorithm",
                "must be HS256 or RS256 [value:" + algorithm + "]");
        require(!algorithm.equals("HS256") || authSecret.isEmpty() || authSecret.length() >= 32, "auth.secret",
                "must be at least 32 characters");
        require(!algorithm.equals("RS256") || !publicKeyFile.isBlank(), "auth.public-key-file",
                "is needed with RS256");
        require(state.equals("redis") || state.equals("local"), "state", "must be redis or local [value:" + state + "]");
        require(redisPoolSize >= 1, "redis.pool-size", "must be at least 1");
        require(redisMaxWaitingHandlers >= 1, "redis.max-waiting-handlers", "must be at least 1");
    }

    public static SignalingConfig from(Config root) {
        Config c = root.getConfig("sanke.signaling");
        try {
            return new SignalingConfig(c.getString("node-id"), c.getString("region"), c.getString("http.host"),
                    c.getInt("http.port"), c.getDuration("idle-timeout"), c.getDuration("resume-window"),
                    c.getDuration("reap-interval"), c.getInt("chat.max-length"), c.getString("auth.algorithm"),
                    c.getString("auth.secret"), c.getString("auth.public-key-file"),
                    c.getString("auth.private-key-file"), c.getDuration("auth.token-ttl"), c.getString("state"),
                    c.getString("redis.uri"), c.getInt("redis.pool-size"), c.getInt("redis.max-waiting-handlers"));
        } catch (ConfigException e) {
            throw new IllegalArgumentException("bad signaling configuration: " + e.getMessage(), e);
        }
    }

    public SignalingConfig withRedisUri(String uri) {
        return new SignalingConfig(nodeId, region, httpHost, httpPort, idleTimeout, resumeWindow, reapInterval,
                chatMaxLength, algorithm, authSecret, publicKeyFile, privateKeyFile, tokenTtl, state, uri,
                redisPoolSize, redisMaxWaitingHandlers);
    }

    public SignalingConfig withAuthSecret(String secret) {
        return new SignalingConfig(nodeId, region, httpHost, httpPort, idleTimeout, resumeWindow, reapInterval,
                chatMaxLength, algorithm, secret, publicKeyFile, privateKeyFile, tokenTtl, state, redisUri,
                redisPoolSize, redisMaxWaitingHandlers);
    }

    public SignalingConfig withHttpPort(int port) {
        return new SignalingConfig(nodeId, region, httpHost, port, idleTimeout, resumeWindow, reapInterval,
                chatMaxLength, algorithm, authSecret, publicKeyFile, privateKeyFile, tokenTtl, state, redisUri,
                redisPoolSize, redisMaxWaitingHandlers);
    }

    public SignalingConfig withState(String value, String nodeIdValue) {
        return new SignalingConfig(nodeIdValue, region, httpHost, httpPort, idleTimeout, resumeWindow, reapInterval,
                chatMaxLength, algorithm, authSecret, publicKeyFile, privateKeyFile, tokenTtl, value, redisUri,
                redisPoolSize, redisMaxWaitingHandlers);
    }

    public SignalingConfig withRs256(String publicKey, String privateKey) {
        return new SignalingConfig(nodeId, region, httpHost, httpPort, idleTimeout, resumeWindow, reapInterval,
                chatMaxLength, "RS256", authSecret, publicKey, privateKey, tokenTtl, state, redisUri,
                redisPoolSize, redisMaxWaitingHandlers);
    }

    private static void positive(Duration d, String key) {
        require(d != null && !d.isZero() && !d.isNegative(), key, "must be a positive duration");
    }

    private static void require(boolean ok, String key, String reason) {
        if (!ok) {
            throw new IllegalArgumentException("bad signaling configuration: " + ROOT + key + " " + reason);
        }
    }
}
