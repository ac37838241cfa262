package io.sanke.signaling;

import io.sanke.scheduler.server.TokenIssuer;
import io.sanke.signaling.api.LessonToken;
import io.sanke.signaling.api.Role;
import io.sanke.signaling.api.SignalingException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /api/v1/sessions/{id}/tokens} and lesson-token signatures (HS256, RS256). */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class TokenApiTest {
    private Harness h;
    private WebClient web;
    private TokenIssuer scheduler;

    @BeforeEach
    void start(Vertx vertx, VertxTestContext ctx) {
        web = WebClient.create(vertx);
        scheduler = new TokenIssuer(vertx, Harness.SECRET, java.time.Clock.systemUTC(), Duration.ofHours(1));
        Harness.start(vertx, List.of()).onComplete(ctx.succeeding(x -> {
            h = x;
            ctx.completeNow();
        }));
    }

    @AfterEach
    void stop(VertxTestContext ctx) {
        h.stop().onComplete(ctx.succeedingThenComplete());
    }

    private Future<HttpResponse<Buffer>> post(String sid, String bearer, JsonObject body) {
        var req = web.post(h.signaling.httpPort(), "127.0.0.1", "/api/v1/sessions/" + sid + "/tokens");
        if (bearer != null) {
            req.putHeader("Authorization", "Bearer " + bearer);
        }
        return req.sendJsonObject(body);
    }

    @Test
    @DisplayName("a coordinator gets a token for every participant of the lesson, and they verify with the right claims")
    void coordinatorGetsAll(VertxTestContext ctx) {
        post(Harness.SID, scheduler.coordinator("u-1", "协调员"), new JsonObject()).compose(r -> {
            ctx.verify(() -> assertEquals(200, r.statusCode(), r.bodyAsString()));
            JsonArray tokens = r.bodyAsJsonObject().getJsonArray("tokens");
            ctx.verify(() -> assertEquals(Harness.ROSTER.size(), tokens.size()));
            JsonObject assistant = tokens.stream().map(JsonObject.class::cast)
                    .filter(t -> t.getString("participantId").equals("a-li")).findFirst().orElseThrow();
            return h.signaling.tokens().verify(assistant.getString("token"));
        }).onComplete(ctx.succeeding(claims -> ctx.verify(() -> {
            assertEquals(Harness.SID, claims.sessionId());
            assertEquals(Role.ASSISTANT_TEACHER, claims.role());
            assertEquals("c-v1", claims.classroomId());
            assertEquals("李老师", claims.name());
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("the lesson's master teacher gets participant tokens; another teacher, a viewer or nobody does not")
    void whoMayAsk(VertxTestContext ctx) {
        post(Harness.SID, scheduler.teacher("u-2", "王老师", "t-wang"), new JsonObject().put("participantId", "c-v2"))
                .compose(r -> {
                    ctx.verify(() -> {
                        assertEquals(200, r.statusCode());
                        assertEquals(1, r.bodyAsJsonObject().getJsonArray("tokens").size());
                    });
                    return post(Harness.SID, scheduler.teacher("u-3", "赵老师", "t-zhao"), new JsonObject());
                }).compose(r -> {
                    ctx.verify(() -> assertEquals(403, r.statusCode()));
                    return post(Harness.SID, scheduler.viewer("u-4", "访客"), new JsonObject());
                }).compose(r -> {
                    ctx.verify(() -> assertEquals(403, r.statusCode()));
                    return post(Harness.SID, null, new JsonObject());
                }).compose(r -> {
                    ctx.verify(() -> assertEquals(401, r.statusCode()));
                    return post(Harness.SID, "forged.token.here", new JsonObject());
                }).compose(r -> {
                    ctx.verify(() -> assertEquals(401, r.statusCode()));
                    return post(Harness.SID, scheduler.teacher("u-2", "王老师", "t-wang"), new JsonObject().put("role", "observer"));
                }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertEquals(403, r.statusCode(), "observer tokens are for coordinators");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("observer tokens for coordinators; unknown participants 404; closed lessons 409; bad bodies 400")
    void refusals(VertxTestContext ctx) {
        String coordinator = scheduler.coordinator("u-1", "协调员");
        post(Harness.SID, coordinator, new JsonObject().put("role", "observer")).compose(r -> {
            ctx.verify(() -> {
                assertEquals(200, r.statusCode());
                JsonObject t = r.bodyAsJsonObject().getJsonArray("tokens").getJsonObject(0);
                assertEquals("observer", t.getString("role"));
                assertEquals("observer:u-1", t.getString("participantId"));
            });
            return post(Harness.SID, coordinator, new JsonObject().put("participantId", "nobody"));
        }).compose(r -> {
            ctx.verify(() -> assertEquals(404, r.statusCode()));
            return post("other@2026-11-23", coordinator, new JsonObject());
        }).compose(r -> {
            ctx.verify(() -> assertEquals(409, r.statusCode()));
            return post(Harness.SID, coordinator, new JsonObject().put("role", "master-teacher"));
        }).compose(r -> {
            ctx.verify(() -> assertEquals(400, r.statusCode()));
            return post(Harness.SID, coordinator, new JsonObject().put("participantId", 5));
        }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertEquals(400, r.statusCode());
            assertEquals("invalid", r.bodyAsJsonObject().getJsonObject("error").getString("code"));
            ctx.completeNow();
        })));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Test
    @DisplayName("RS256: tokens signed with the private key verify with the public key; an HS256 token does not")
    void rs256(Vertx vertx, VertxTestContext ctx, @TempDir Path dir) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        Path pub = dir.resolve("lesson.pub.pem");
        Path priv = dir.resolve("lesson.key.pem");
        Files.writeString(pub, pem("PUBLIC KEY", kp.getPublic().getEncoded()));
        Files.writeString(priv, pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
        LessonTokens rs = new LessonTokens(vertx, Harness.config().withRs256(pub.toString(), priv.toString()), h.clock);
        LessonTokens verifyOnly = new LessonTokens(vertx, Harness.config().withRs256(pub.toString(), ""), h.clock);
        LessonToken claims = new LessonToken(Harness.SID, Role.CLASSROOM, "c-v1", "李村", "c-v1", null);
        String token = rs.issue(claims);
        assertFalse(verifyOnly.canSign());
        verifyOnly.verify(token).compose(c -> {
            ctx.verify(() -> assertEquals("c-v1", c.participantId()));
            return verifyOnly.verify(h.signaling.tokens().issue(claims));
        }).onComplete(ar -> ctx.verify(() -> {
            assertTrue(ar.failed());
            assertEquals("BAD_TOKEN", ((SignalingException) ar.cause()).code().name());
            ctx.completeNow();
        }));
    }

    @Test
    @DisplayName("a token expires by the injected clock, not the wall clock")
    void expiryByClock(VertxTestContext ctx) {
        String token = h.signaling.tokens().issue(new LessonToken(Harness.SID, Role.CLASSROOM, "c-v1", "x", "c-v1", null),
                Duration.ofMinutes(10));
        h.signaling.tokens().verify(token).compose(c -> {
            h.clock.advance(Duration.ofMinutes(10));
            return h.signaling.tokens().verify(token);
        }).onComplete(ar -> ctx.verify(() -> {
            assertTrue(ar.failed());
            assertEquals("TOKEN_EXPIRED", ((SignalingException) ar.cause()).code().name());
            ctx.completeNow();
        }));
    }

    @Test
    @DisplayName("the pages are served from the web jar at / with an HTML content type; unknown paths are 404")
    void pages(VertxTestContext ctx) {
        web.get(h.signaling.httpPort(), "127.0.0.1", "/").send().compose(r -> {
            ctx.verify(() -> {
                assertEquals(200, r.statusCode());
                assertTrue(r.getHeader("Content-Type").startsWith("text/html"), r.getHeader("Content-Type"));
            });
            return web.get(h.signaling.httpPort(), "127.0.0.1", "/no-such-page.js").send();
        }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertEquals(404, r.statusCode());
            ctx.completeNow();
        })));
    }
}
