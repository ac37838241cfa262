package io.sanke.signaling;

import io.sanke.signaling.Sdp.Section;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Resume after a dropped socket, with the resume window on a fake clock (no sleeping). */
class ResumeTest extends SingleNodeTest {

    private Future<RoomSnapshot> room() {
        return h.signaling.rooms().state().snapshot(Harness.SID);
    }

    private static JsonObject resume(String token) {
        return new JsonObject().put("resumeToken", token);
    }

    @Test
    @DisplayName("a dropped classroom resumes within 30 s: same participant, same transport and producers, no re-join")
    void resumeWithinWindow(VertxTestContext ctx) {
        h.join("t-wang").compose(t -> h.join("c-v1").compose(c -> c.peer().ok("publish",
                        new JsonObject().put("source", "camera").put("mid", "0"))
                .compose(x -> c.peer().ok("offer", new JsonObject().put("sdp", Sdp.offer("c1", List.of(Section.send("0", "video"))))))
                .compose(x -> c.peer().ok("raise-hand"))
                .compose(x -> {
                    Session before = h.signaling.rooms().localSessions(Harness.SID).get("c-v1");
                    c.peer().drop();
                    return t.peer().event("presence").compose(p -> {
                        ctx.verify(() -> assertEquals("joined", p.getString("action")));
                        return t.peer().event("presence");
                    }).compose(p -> {
                        ctx.verify(() -> assertEquals("disconnected", p.getString("action")));
                        h.clock.advance(Duration.ofSeconds(29));
                        return h.signaling.rooms().sweep();
                    }).compose(x2 -> h.peer()).compose(p2 -> p2.ok("resume", resume(c.result().getString("resumeToken")))
                            .compose(r -> room().map(room -> {
                                Session after = h.signaling.rooms().localSessions(Harness.SID).get("c-v1");
                                ctx.verify(() -> {
                                    assertEquals("c-v1", r.getString("participantId"));
                                    assertNotEquals(c.result().getString("resumeToken"), r.getString("resumeToken"));
                                    assertTrue(before == after, "the same session, transport and producers");
                                    assertEquals(before.transportId, after.transportId);
                                    assertTrue(room.members().get("c-v1").connected());
                                    assertEquals(1, room.members().get("c-v1").tracks().size());
                                    assertEquals(List.of("c-v1"), room.hands(), "the hand is still up");
                                });
                                return p2;
                            })))
                            .compose(p2 -> t.peer().event("presence").compose(e -> {
                                ctx.verify(() -> assertEquals("reconnected", e.getString("action")));
                                return p2.ok("raise-hand");
                            }));
                }))).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("after 30 s without resume the participant leaves and the token is refused with RESUME_EXPIRED")
    void resumeAfterWindow(VertxTestContext ctx) {
        h.join("t-wang").compose(t -> h.join("c-v1").compose(c -> {
            c.peer().drop();
            return c.peer().closed().compose(x -> t.peer().event("presence")) // joined
                    .compose(x -> t.peer().event("presence"))                 // disconnected
                    .compose(x -> {
                        h.clock.advance(Duration.ofSeconds(30));
                        return h.signaling.rooms().sweep();
                    })
                    .compose(x -> t.peer().event("presence"))
                    .compose(left -> {
                        ctx.verify(() -> assertEquals("left", left.getString("action")));
                        return room();
                    })
                    .compose(room -> {
                        ctx.verify(() -> assertFalse(room.members().containsKey("c-v1")));
                        return h.peer();
                    })
                    .compose(p -> p.fails("resume", resume(c.result().getString("resumeToken"))));
        })).onComplete(ctx.succeeding(code -> ctx.verify(() -> {
            assertEquals("RESUME_EXPIRED", code);
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("a resume token works once and an unknown one is RESUME_EXPIRED")
    void resumeOnce(VertxTestContext ctx) {
        h.join("c-v1").compose(c -> {
            String token = c.result().getString("resumeToken");
            c.peer().drop();
            return c.peer().closed().compose(x -> h.peer()).compose(p -> p.ok("resume", resume(token)))
                    .compose(x -> h.peer()).compose(p -> p.fails("resume", resume(token))
                            .compose(c1 -> p.fails("resume", resume("r-unknown")).map(c2 -> List.of(c1, c2))));
        }).onComplete(ctx.succeeding(codes -> ctx.verify(() -> {
            assertEquals(List.of("RESUME_EXPIRED", "RESUME_EXPIRED"), codes);
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("an idle socket is closed after the idle timeout and counts as dropped")
    void idle(VertxTestContext ctx) {
        h.join("c-v1").compose(c -> {
            h.clock.advance(Duration.ofSeconds(61));
            return h.signaling.rooms().sweep().compose(x -> c.peer().closed());
        }).compose(status -> h.roomWhen(r -> !r.members().get("c-v1").connected()).map(room -> {
            ctx.verify(() -> {
                assertEquals((short) 1001, status);
                assertFalse(room.members().get("c-v1").connected());
            });
            return null;
        })).onComplete(ctx.succeedingThenComplete());
    }
}
