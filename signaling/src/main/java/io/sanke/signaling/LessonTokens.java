package io.sanke.signaling;

import io.sanke.signaling.api.ErrorCode;
import io.sanke.signaling.api.LessonToken;
import io.sanke.signaling.api.Role;
import io.sanke.signaling.api.SignalingException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Signs and verifies lesson tokens (HS256 or RS256, audience {@code sanke-lesson}):
 * claims {@code sid}, {@code role}, {@code sub}, {@code name}, {@code classroomId},
 * {@code iat}, {@code exp}. Expiry is checked against the injected clock, not the
 * wall clock. Does not decide who may get a token: {@link TokenApi} does.
 */
final class LessonTokens {
    static final String AUDIENCE = "sanke-lesson";

    private final JWTAuth jwt;
    private final String algorithm;
    private final boolean canSign;
    private final Clock clock;
    private final Duration ttl;

    LessonTokens(Vertx vertx, SignalingConfig config, Clock clock) {
        this.algorithm = config.algorithm();
        this.clock = clock;
        this.ttl = config.tokenTtl();
        JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(new JWTOptions().setIgnoreExpiration(true)
                .addAudience(AUDIENCE));
        if (algorithm.equals("HS256")) {
            if (config.authSecret().length() < 32) {
                throw new IllegalArgumentException("bad signaling configuration: sanke.signaling.auth.secret "
                        + "must be at least 32 characters");
            }
            options.addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(config.authSecret()));
            canSign = true;
        } else {
            options.addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256")
                    .setBuffer(read(config.publicKeyFile(), "public-key-file")));
            canSign = !config.privateKeyFile().isBlank();
            if (canSign) {
                options.addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256")
                        .setBuffer(read(config.privateKeyFile(), "private-key-file")));
            }
        }
        this.jwt = JWTAuth.create(vertx, options);
    }

    private static String read(String file, String key) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("bad signaling configuration: sanke.signaling.auth." + key
                    + " cannot be read [file:" + file + "]", e);
        }
    }

    boolean canSign() {
        return canSign;
    }

    /** Signs a token valid for {@code lifetime} from now (negative: already expired; tests). */
    String issue(LessonToken claims, Duration lifetime) {
        if (!canSign) {
            throw new IllegalStateException("this node only verifies lesson tokens (no private key)");
        }
        Instant now = clock.instant();
        JsonObject c = new JsonObject().put("sid", claims.sessionId()).put("role", claims.role().wire())
                .put("sub", claims.participantId()).put("name", claims.name())
                .put("classroomId", claims.classroomId())
                .put("iat", now.getEpochSecond()).put("exp", now.plus(lifetime).getEpochSecond());
        return jwt.generateToken(c, new JWTOptions().setAlgorithm(algorithm).setNoTimestamp(true)
                .addAudience(AUDIENCE));
    }

    String issue(LessonToken claims) {
        return issue(claims, ttl);
    }

    Instant expiryFromNow() {
        return clock.instant().plus(ttl);
    }

    /** The claims of a valid token; fails with BAD_TOKEN or TOKEN_EXPIRED. */
    Future<LessonToken> verify(String token) {
        return jwt.authenticate(new TokenCredentials(token))
                .recover(e -> Future.failedFuture(SignalingException.of(ErrorCode.BAD_TOKEN,
                        "lesson token not valid: " + e.getMessage())))
                .map(user -> {
                    JsonObject c = user.attributes().getJsonObject("accessToken", user.principal()).copy();
                    if (c.getValue("exp") == null && user.attributes().getValue("exp") != null) {
                        c.put("exp", user.attributes().getValue("exp"));
                    }
                    return claims(c);
                });
    }

    private LessonToken claims(JsonObject p) {
        Object exp = p.getValue("exp");
        if (!(exp instanceof Number n)) {
            throw SignalingException.of(ErrorCode.BAD_TOKEN, "lesson token without exp");
        }
        Instant expiresAt = Instant.ofEpochSecond(n.longValue());
        if (!clock.instant().isBefore(expiresAt)) {
            throw SignalingException.of(ErrorCode.TOKEN_EXPIRED, "lesson token expired [exp:" + expiresAt + "]");
        }
        String sid = p.getValue("sid") instanceof String s ? s : null;
        String sub = p.getValue("sub") instanceof String s ? s : null;
        Role role = p.getValue("role") instanceof String s ? Role.fromWire(s).orElse(null) : null;
        if (sid == null || sub == null || role == null) {
            throw SignalingException.of(ErrorCode.BAD_TOKEN, "lesson token needs sid, sub and a lesson role");
        }
        String name = p.getValue("name") instanceof String s ? s : sub;
        String classroom = p.getValue("classroomId") instanceof String s ? s : null;
        return new LessonToken(sid, role, sub, name, classroom, expiresAt);
    }
}
