package io.sanke.signaling;

import io.sanke.signaling.api.ErrorCode;
import io.sanke.signaling.api.Role;
import io.sanke.signaling.api.SignalingException;
import io.sanke.signaling.api.Source;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The behaviour every {@link RoomState} shares; run by {@link LocalRoomStateTest} and {@link RedisRoomStateTest}. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
abstract class RoomStateContract {
    static final String SID = "e-1@2026-11-23";
    static final List<RosterEntry> ROSTER = List.of(new RosterEntry("t", Role.MASTER_TEACHER, "王老师", "c0"),
            new RosterEntry("c1", Role.CLASSROOM, "一班", "c1"), new RosterEntry("c2", Role.CLASSROOM, "二班", "c2"));

    RoomState state;

    abstract Future<RoomState> create(Vertx vertx);

    @BeforeEach
    void open(Vertx vertx, VertxTestContext ctx) {
        create(vertx).compose(s -> {
            state = s;
            return s.close(SID);
        }).compose(x -> state.open(SID, ROSTER)).onComplete(ctx.succeeding(opened -> ctx.verify(() -> {
            assertTrue(opened);
            ctx.completeNow();
        })));
    }

    @AfterEach
    void close(VertxTestContext ctx) {
        state.close(SID).compose(x -> state.shutdown()).onComplete(ctx.succeedingThenComplete());
    }

    Member member(String id, Role role) {
        return new Member(id, role, id, id, "node-1", true, Map.of());
    }

    @Test
    @DisplayName("opening twice is idempotent and keeps the roster")
    void openTwice(VertxTestContext ctx) {
        state.open(SID, List.of()).compose(again -> state.snapshot(SID).map(s -> {
            ctx.verify(() -> {
                assertFalse(again);
                assertTrue(s.open());
                assertEquals(ROSTER, s.roster());
            });
            return null;
        })).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("members with tracks round-trip; removal takes the hand, the floor and the mutes with it")
    void members(VertxTestContext ctx) {
        Member c1 = member("c1", Role.CLASSROOM).withTrack(Source.CAMERA, new Member.Track("p1", "video", 3));
        state.putMember(SID, c1).compose(x -> state.putMember(SID, member("c2", Role.CLASSROOM)))
                .compose(x -> state.raiseHand(SID, "c1"))
                .compose(x -> state.setFloor(SID, "c1"))
                .compose(x -> state.setMuted(SID, "c1", "audio", true))
                .compose(x -> state.snapshot(SID))
                .compose(s -> {
                    ctx.verify(() -> {
                        assertEquals(c1, s.members().get("c1"));
                        assertEquals("c1", s.floor());
                        assertTrue(s.hands().isEmpty(), "the floor lowers the hand");
                        assertTrue(s.isMuted("c1", "audio"));
                    });
                    return state.removeMember(SID, "c1");
                })
                .compose(x -> state.snapshot(SID)).map(s -> {
                    ctx.verify(() -> {
                        assertEquals(Set.of("c2"), s.members().keySet());
                        assertNull(s.floor());
                        assertFalse(s.isMuted("c1", "audio"));
                    });
                    return null;
                }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("hands queue in order, once each")
    void hands(VertxTestContext ctx) {
        state.raiseHand(SID, "c2").compose(x -> state.raiseHand(SID, "c1")).compose(x -> state.raiseHand(SID, "c2"))
                .compose(q -> {
                    ctx.verify(() -> assertEquals(List.of("c2", "c1"), q));
                    return state.lowerHand(SID, "c2");
                }).map(q -> {
                    ctx.verify(() -> assertEquals(List.of("c1"), q));
                    return null;
                }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("the floor returns the previous holder; the first SFU node claimed wins")
    void floorAndSfu(VertxTestContext ctx) {
        state.setFloor(SID, "c1").compose(prev -> {
            ctx.verify(() -> assertNull(prev));
            return state.setFloor(SID, "c2");
        }).compose(prev -> {
            ctx.verify(() -> assertEquals("c1", prev));
            return state.setFloor(SID, null);
        }).compose(prev -> state.claimSfuNode(SID, "media-1"))
                .compose(n -> state.claimSfuNode(SID, "media-2")).map(n -> {
                    ctx.verify(() -> assertEquals("media-1", n));
                    return null;
                }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("moves the room's SFU node once from a dead node, dropping the tracks that lived on it; a second move from it changes nothing")
    void movesTheSfuNodeOnce(VertxTestContext ctx) {
        Member c1 = member("c1", Role.CLASSROOM).withTrack(Source.CAMERA, new Member.Track("p1", "video", 3));
        state.putMember(SID, c1).compose(x -> state.claimSfuNode(SID, "media-a"))
                .compose(x -> state.moveSfuNode(SID, "media-a", "media-b"))
                .compose(n -> {
                    ctx.verify(() -> assertEquals("media-b", n));
                    return state.moveSfuNode(SID, "media-a", "media-c");
                })
                .compose(n -> {
                    ctx.verify(() -> assertEquals("media-b", n, "the second signaling node follows the first move"));
                    return state.snapshot(SID);
                }).onComplete(ctx.succeeding(room -> ctx.verify(() -> {
                    assertEquals("media-b", room.sfuNode());
                    assertTrue(room.members().get("c1").tracks().isEmpty(), room.members().toString());
                    assertEquals(Role.CLASSROOM, room.members().get("c1").role(), "the rest of the member is kept");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("changes to a closed room fail with ROOM_CLOSED and create nothing")
    void closedRoom(VertxTestContext ctx) {
        state.close(SID).compose(was -> {
            ctx.verify(() -> assertTrue(was));
            return state.raiseHand(SID, "c1");
        }).onComplete(ar -> ctx.verify(() -> {
            assertTrue(ar.failed());
            assertInstanceOf(SignalingException.class, ar.cause());
            assertEquals(ErrorCode.ROOM_CLOSED, ((SignalingException) ar.cause()).code());
            state.putMember(SID, member("c1", Role.CLASSROOM)).onComplete(ar2 -> ctx.verify(() -> {
                assertTrue(ar2.failed());
                state.snapshot(SID).onComplete(ctx.succeeding(s -> ctx.verify(() -> {
                    assertFalse(s.open());
                    assertTrue(s.members().isEmpty());
                    ctx.completeNow();
                })));
            }));
        }));
    }

    @Test
    @DisplayName("published room events reach the event handler")
    void events(VertxTestContext ctx) {
        state.onEvent((sid, e) -> ctx.verify(() -> {
            assertEquals(SID, sid);
            assertEquals("hands", e.getString("type"));
            ctx.completeNow();
        }));
        state.publish(SID, new JsonObject().put("type", "hands"));
    }
}
