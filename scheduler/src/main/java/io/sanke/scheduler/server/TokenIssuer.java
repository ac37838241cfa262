package io.sanke.scheduler.server;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Issues HS256 JWT bearer tokens with the claims the scheduler reads: {@code sub},
 * {@code name}, {@code role} ({@code coordinator}, {@code teacher}, {@code viewer}, {@code reviewer}),
 * {@code teacherId} for teachers, {@code iat} and {@code exp} from the injected clock.
 * Used by tests, by the demo launcher and (later) by signaling for lesson tokens via
 * {@link #issue(JsonObject, Duration)}. Does not verify tokens: {@link #verifier} does.
 */
public final class TokenIssuer {
    private final JWTAuth jwt;
    private final Clock clock;
    private final Duration ttl;

    public TokenIssuer(Vertx vertx, String secret, Clock clock, Duration ttl) {
        this.jwt = verifier(vertx, secret);
        this.clock = clock;
        this.ttl = ttl;
    }

    /** The JWT provider that checks tokens signed with {@code secret}. */
    public static JWTAuth verifier(Vertx vertx, String secret) {
        return JWTAuth.create(vertx, new JWTAuthOptions()
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    }

    public String coordinator(String subject, String name) {
        return issue(new JsonObject().put("sub", subject).put("name", name).put("role", "coordinator"), ttl);
    }

    public String teacher(String subject, String name, String teacherId) {
        return issue(new JsonObject().put("sub", subject).put("name", name).put("role", "teacher")
                .put("teacherId", teacherId), ttl);
    }

    public String viewer(String subject, String name) {
        return issue(new JsonObject().put("sub", subject).put("name", name).put("role", "viewer"), ttl);
    }

    /** A reviewer of recorded lessons (the recorder's library); the scheduler treats it as read-only. */
    public String reviewer(String subject, String name) {
        return issue(new JsonObject().put("sub", subject).put("name", name).put("role", "reviewer"), ttl);
    }

    /** Signs any claims, adding {@code iat} = now and {@code exp} = now + {@code lifetime} (negative: already expired). */
    public String issue(JsonObject claims, Duration lifetime) {
        Instant now = clock.instant();
        JsonObject c = claims.copy().put("iat", now.getEpochSecond()).put("exp", now.plus(lifetime).getEpochSecond());
        return jwt.generateToken(c, new JWTOptions().setAlgorithm("HS256").setNoTimestamp(true));
    }
}
