package io.sanke.signaling;

import io.sanke.signaling.Sdp.Section;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The protocol over a real WebSocket against a signaling node with a real in-process
 * SFU: every request, event, error and role rule of docs/protocol.md.
 */
class ProtocolTest extends SingleNodeTest {

    private static JsonObject f(Object... kv) {
        JsonObject j = new JsonObject();
        for (int i = 0; i < kv.length; i += 2) {
            j.put((String) kv[i], kv[i + 1]);
        }
        return j;
    }

    private Future<RoomSnapshot> room() {
        return h.signaling.rooms().state().snapshot(Harness.SID);
    }

    /** Teacher publishing camera (simulcast) and microphone. */
    private Future<Harness.Joined> teacherPublishing() {
        return h.join("t-wang").compose(t -> t.peer().ok("publish", f("source", "camera", "mid", "0"))
                .compose(x -> t.peer().ok("publish", f("source", "microphone", "mid", "1")))
                .compose(x -> t.peer().ok("offer", f("sdp", Sdp.offer("tch1",
                        List.of(Section.send("0", "video"), Section.send("1", "audio")))))).map(t));
    }

    @Test
    @DisplayName("a classroom joins and gets the room, a resume token and the teacher in the participant list")
    void join(VertxTestContext ctx) {
        h.join("t-wang").compose(t -> h.join("c-v1").map(c -> {
            ctx.verify(() -> {
                JsonObject r = c.result();
                assertEquals("c-v1", r.getString("participantId"));
                assertEquals("classroom", r.getString("role"));
                assertTrue(r.getString("resumeToken").startsWith("r-"));
                assertEquals(30, r.getInteger("resumeWindowSeconds"));
                JsonArray people = r.getJsonObject("room").getJsonArray("participants");
                assertEquals(2, people.size());
                assertTrue(people.stream().anyMatch(p -> ((JsonObject) p).getString("role").equals("master-teacher")));
            });
            return t;
        })).compose(t -> t.peer().event("presence")).onComplete(ctx.succeeding(e -> ctx.verify(() -> {
            assertEquals("joined", e.getString("action"));
            assertEquals("c-v1", e.getJsonObject("participant").getString("id"));
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("ping answers before a join; other requests need a join; a second join on one socket is refused")
    void joinState(VertxTestContext ctx) {
        h.peer().compose(p -> p.ok("ping").compose(r -> {
            ctx.verify(() -> assertEquals(h.clock.instant().toString(), r.getString("now")));
            return p.fails("raise-hand", f());
        }).compose(code -> {
            ctx.verify(() -> assertEquals("NOT_JOINED", code));
            return p.fails("chat", f("text", "hi"));
        }).compose(code -> {
            ctx.verify(() -> assertEquals("NOT_JOINED", code));
            return p.ok("join", f("sessionId", Harness.SID, "token", h.token("classroom", "c-v2", "c-v2")));
        }).compose(r -> p.fails("join", f("sessionId", Harness.SID, "token", h.token("classroom", "c-v2", "c-v2")))))
                .onComplete(ctx.succeeding(code -> ctx.verify(() -> {
                    assertEquals("ALREADY_JOINED", code);
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("forged, expired and other-lesson tokens, strangers and closed rooms are refused; the socket stays open")
    void badTokens(VertxTestContext ctx) {
        String good = h.token("classroom", "c-v1", "c-v1");
        String forged = good.substring(0, good.lastIndexOf('.') + 1) + "AAAA" + good.substring(good.lastIndexOf('.') + 5);
        String expired = h.signaling.tokens().issue(new io.sanke.signaling.api.LessonToken(Harness.SID,
                io.sanke.signaling.api.Role.CLASSROOM, "c-v1", "x", "c-v1", null), Duration.ofSeconds(-1));
        String otherLesson = h.signaling.issueToken("other@2026-11-23", "classroom", "c-v1", "x", "c-v1");
        String stranger = h.token("classroom", "c-elsewhere", "c-elsewhere");
        String wrongRole = h.token("master-teacher", "c-v1", "c-v1");
        h.peer().compose(p -> p.fails("join", f("sessionId", Harness.SID, "token", forged))
                .compose(c1 -> p.fails("join", f("sessionId", Harness.SID, "token", expired)).map(c2 -> List.of(c1, c2)))
                .compose(l -> p.fails("join", f("sessionId", Harness.SID, "token", otherLesson)).map(c -> plus(l, c)))
                .compose(l -> p.fails("join", f("sessionId", Harness.SID, "token", "not.a.jwt")).map(c -> plus(l, c)))
                .compose(l -> p.fails("join", f("sessionId", Harness.SID, "token", stranger)).map(c -> plus(l, c)))
                .compose(l -> p.fails("join", f("sessionId", Harness.SID, "token", wrongRole)).map(c -> plus(l, c)))
                .compose(l -> p.fails("join", f("sessionId", "other@2026-11-23", "token", otherLesson)).map(c -> plus(l, c)))
                .compose(l -> room().map(room -> {
                    ctx.verify(() -> {
                        assertEquals(List.of("BAD_TOKEN", "TOKEN_EXPIRED", "WRONG_LESSON", "BAD_TOKEN", "WRONG_LESSON",
                                "WRONG_LESSON", "ROOM_NOT_OPEN"), l);
                        assertTrue(room.members().isEmpty(), "nobody joined");
                    });
                    return p;
                }))
                .compose(x -> p.ok("join", f("sessionId", Harness.SID, "token", good))))
                .onComplete(ctx.succeedingThenComplete());
    }

    private static List<String> plus(List<String> l, String c) {
        var out = new java.util.ArrayList<>(l);
        out.add(c);
        return out;
    }

    @Test
    @DisplayName("bad input gets a clear error code, changes nothing and leaves the socket open")
    void badInput(VertxTestContext ctx) {
        h.join("c-v1").compose(j -> {
            Peer p = j.peer();
            List<String[]> table = List.of(
                    new String[]{"not json", "BAD_JSON"},
                    new String[]{"[1,2]", "BAD_JSON"},
                    new String[]{"{\"v\":2,\"type\":\"ping\",\"id\":\"1\"}", "BAD_VERSION"},
                    new String[]{"{\"v\":\"1\",\"type\":\"ping\",\"id\":\"1\"}", "BAD_VERSION"},
                    new String[]{"{\"type\":\"ping\",\"id\":\"1\"}", "BAD_VERSION"},
                    new String[]{"{\"v\":1,\"type\":\"dance\",\"id\":\"1\"}", "UNKNOWN_TYPE"},
                    new String[]{"{\"v\":1,\"id\":\"1\"}", "UNKNOWN_TYPE"},
                    new String[]{"{\"v\":1,\"type\":\"ping\"}", "BAD_MESSAGE"},
                    new String[]{"{\"v\":1,\"type\":\"ping\",\"id\":7}", "BAD_MESSAGE"},
                    new String[]{"{\"v\":1,\"type\":\"publish\",\"id\":\"1\",\"source\":\"tv\",\"mid\":\"0\"}", "BAD_MESSAGE"},
                    new String[]{"{\"v\":1,\"type\":\"offer\",\"id\":\"1\",\"sdp\":\"hello\"}", "BAD_MESSAGE"},
                    new String[]{"{\"v\":1,\"type\":\"mute\",\"id\":\"1\",\"kind\":\"audio\"}", "BAD_MESSAGE"},
                    new String[]{"{\"v\":1,\"type\":\"subscribe\",\"id\":\"1\",\"participantId\":\"t\",\"source\":\"camera\",\"spatialLayer\":5}", "BAD_MESSAGE"});
            Future<Void> chain = Future.succeededFuture();
            for (String[] row : table) {
                chain = chain.compose(x -> p.raw(row[0]).map(err -> {
                    ctx.verify(() -> {
                        assertEquals("error", err.getString("type"), row[0]);
                        assertEquals(row[1], err.getString("code"), row[0]);
                        assertFalse(err.getString("message").isBlank());
                        assertFalse(err.getString("messageEn").isBlank());
                    });
                    return null;
                }));
            }
            return chain.compose(x -> p.ok("ping")).compose(x -> room()).map(room -> {
                ctx.verify(() -> {
                    assertEquals(1, room.members().size());
                    assertTrue(room.members().get("c-v1").tracks().isEmpty());
                    assertTrue(room.hands().isEmpty());
                });
                return null;
            });
        }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("a message over 64 KiB closes the socket with 1009 and changes nothing")
    void tooLarge(VertxTestContext ctx) {
        h.join("c-v1").compose(j -> {
            String big = "{\"v\":1,\"type\":\"chat\",\"id\":\"1\",\"text\":\"" + "啊".repeat(30_000) + "\"}";
            j.peer().socket().writeTextMessage(big);
            return j.peer().closed();
        }).compose(status -> room().map(room -> {
            ctx.verify(() -> {
                assertEquals((short) 1009, status);
                assertTrue(room.hands().isEmpty());
            });
            return null;
        })).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("a binary frame is answered BAD_JSON and the socket stays open")
    void binary(VertxTestContext ctx) {
        h.join("c-v1").compose(j -> {
            Future<JsonObject> err = j.peer().raw("");
            return j.peer().socket().writeBinaryMessage(io.vertx.core.buffer.Buffer.buffer(new byte[]{1, 2, 3}))
                    .compose(x -> err).compose(e -> {
                        ctx.verify(() -> assertEquals("BAD_JSON", e.getString("code")));
                        return j.peer().ok("ping");
                    });
        }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("the teacher publishes and a classroom is asked to renegotiate, then receives camera and microphone")
    void publishAndReceive(VertxTestContext ctx) {
        h.join("c-v1").compose(c -> teacherPublishing().compose(t -> c.peer().event("published"))
                .compose(x -> c.peer().event("renegotiate"))
                .compose(re -> {
                    ctx.verify(() -> {
                        assertEquals(1, re.getInteger("audio"));
                        assertEquals(1, re.getInteger("video"));
                    });
                    return c.peer().ok("offer", f("sdp", Sdp.offer("cls1",
                            List.of(Section.recv("0", "video"), Section.recv("1", "audio")))));
                })
                .compose(answer -> room().map(room -> {
                    ctx.verify(() -> {
                        assertTrue(answer.getString("sdp").startsWith("v=0"));
                        JsonArray tracks = answer.getJsonArray("tracks");
                        assertEquals(2, tracks.size());
                        JsonObject video = tracks.getJsonObject(0);
                        assertEquals("t-wang", video.getString("participantId"));
                        assertEquals("camera", video.getString("source"));
                        assertEquals("0", video.getString("mid"));
                        assertEquals("microphone", tracks.getJsonObject(1).getString("source"));
                        assertEquals(2, room.members().get("t-wang").tracks().size());
                        assertEquals(3, room.members().get("t-wang").tracks()
                                .get(io.sanke.signaling.api.Source.CAMERA).layers());
                    });
                    return null;
                }))).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("an offer sending an undeclared m-section is refused and creates no producer")
    void undeclared(VertxTestContext ctx) {
        h.join("c-v1").compose(c -> c.peer().fails("offer", f("sdp", Sdp.offer("x1", List.of(Section.send("0", "video")))))
                .compose(code -> room().map(room -> {
                    ctx.verify(() -> {
                        assertEquals("NOT_PUBLISHED", code);
                        assertTrue(room.members().get("c-v1").tracks().isEmpty());
                    });
                    return null;
                }))).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("publishing a source twice is ALREADY_PUBLISHED, screen from a classroom FORBIDDEN, unpublish of nothing NOT_FOUND")
    void publishRules(VertxTestContext ctx) {
        h.join("c-v1").compose(c -> c.peer().ok("publish", f("source", "camera", "mid", "0"))
                .compose(x -> c.peer().fails("publish", f("source", "camera", "mid", "1")))
                .compose(code -> {
                    ctx.verify(() -> assertEquals("ALREADY_PUBLISHED", code));
                    return c.peer().fails("publish", f("source", "screen", "mid", "2"));
                }).compose(code -> {
                    ctx.verify(() -> assertEquals("FORBIDDEN", code));
                    return c.peer().fails("unpublish", f("source", "microphone"));
                }).map(code -> {
                    ctx.verify(() -> assertEquals("NOT_FOUND", code));
                    return null;
                })).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("unpublish ends the track: others get unpublished and their consumer goes")
    void unpublish(VertxTestContext ctx) {
        h.join("c-v1").compose(c -> teacherPublishing().compose(t -> c.peer().event("renegotiate")
                .compose(x -> c.peer().ok("offer", f("sdp", Sdp.offer("cls1",
                        List.of(Section.recv("0", "video"), Section.recv("1", "audio"))))))
                .compose(x -> t.peer().ok("unpublish", f("source", "camera")))
                .compose(x -> c.peer().event("unpublished"))
                .compose(e -> room().map(room -> {
                    ctx.verify(() -> {
                        assertEquals("camera", e.getString("source"));
                        assertEquals(1, room.members().get("t-wang").tracks().size());
                    });
                    return null;
                })))).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("an observer joins unseen and cannot publish, offer media, chat, raise a hand or grant the floor")
    void observer(VertxTestContext ctx) {
        h.join("t-wang").compose(t -> h.join("observer:ins-1").compose(o -> {
            Peer p = o.peer();
            return p.fails("publish", f("source", "camera", "mid", "0"))
                    .compose(c1 -> p.fails("offer", f("sdp", Sdp.offer("o1", List.of(Section.send("0", "video")))))
                            .map(c2 -> List.of(c1, c2)))
                    .compose(l -> p.fails("chat", f("text", "hello")).map(c -> plus(l, c)))
                    .compose(l -> p.fails("raise-hand", f()).map(c -> plus(l, c)))
                    .compose(l -> p.fails("grant-floor", f("participantId", "t-wang")).map(c -> plus(l, c)))
                    .compose(l -> t.peer().ok("ping").map(l));
        }).compose(l -> room().map(room -> {
            ctx.verify(() -> {
                assertEquals(List.of("FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"), l);
                assertFalse(t.peer().hasEvent("presence"), "the observer is unseen");
                assertTrue(room.members().get("observer:ins-1").tracks().isEmpty());
            });
            return null;
        }))).compose(x -> h.join("c-v1")).map(c -> {
            ctx.verify(() -> assertEquals(2, c.result().getJsonObject("room").getJsonArray("participants").size(),
                    "the observer is not listed"));
            return null;
        }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("a viewer cannot publish but may chat")
    void viewer(VertxTestContext ctx) {
        h.join("viewer:v-1").compose(v -> v.peer().fails("publish", f("source", "microphone", "mid", "0"))
                .compose(code -> {
                    ctx.verify(() -> assertEquals("FORBIDDEN", code));
                    return v.peer().ok("chat", f("text", "谢谢老师"));
                })).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("raised hands queue in order; an assistant teacher lowers hands only in their own classroom")
    void hands(VertxTestContext ctx) {
        h.join("c-v1").compose(c1 -> h.join("c-v2").compose(c2 -> h.join("a-li").compose(a ->
                c2.peer().ok("raise-hand")
                        .compose(x -> c1.peer().ok("raise-hand"))
                        .compose(x -> c1.peer().ok("raise-hand"))
                        .compose(r -> {
                            ctx.verify(() -> assertEquals(new JsonArray().add("c-v2").add("c-v1"), r.getJsonArray("hands")));
                            return a.peer().fails("lower-hand", f("participantId", "c-v2"));
                        })
                        .compose(code -> {
                            ctx.verify(() -> assertEquals("FORBIDDEN", code));
                            return c1.peer().fails("lower-hand", f("participantId", "c-v2"));
                        })
                        .compose(code -> {
                            ctx.verify(() -> assertEquals("FORBIDDEN", code));
                            return a.peer().ok("lower-hand", f("participantId", "c-v1"));
                        })
                        .compose(r -> {
                            ctx.verify(() -> assertEquals(new JsonArray().add("c-v2"), r.getJsonArray("hands")));
                            return c2.peer().fails("lower-hand", f("participantId", "nobody"));
                        })
                        .compose(code -> {
                            ctx.verify(() -> assertEquals("NOT_FOUND", code));
                            return c2.peer().ok("lower-hand");
                        })
                        .map(r -> {
                            ctx.verify(() -> assertTrue(r.getJsonArray("hands").isEmpty()));
                            return null;
                        }))))
                .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("a classroom or an assistant granting the floor is FORBIDDEN and nothing changes")
    void classroomCannotGrant(VertxTestContext ctx) {
        h.join("c-v1").compose(c1 -> h.join("a-li").compose(a -> c1.peer().ok("raise-hand")
                .compose(x -> c1.peer().fails("grant-floor", f("participantId", "c-v1")))
                .compose(code1 -> a.peer().fails("grant-floor", f("participantId", "c-v1")).map(code2 -> List.of(code1, code2)))
                .compose(l -> c1.peer().fails("revoke-floor", f()).map(c -> plus(l, c)))
                .compose(l -> c1.peer().fails("mute", f("all", true, "kind", "audio")).map(c -> plus(l, c)))
                .compose(l -> room().map(room -> {
                    ctx.verify(() -> {
                        assertEquals(List.of("FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"), l);
                        assertNull(room.floor());
                        assertEquals(List.of("c-v1"), room.hands());
                        assertTrue(room.muted().isEmpty());
                    });
                    return null;
                })))).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("the teacher grants the floor: the hand goes down, everyone is told, the stage is received; revoke clears it")
    void floor(VertxTestContext ctx) {
        h.join("c-v2").compose(c2 -> h.join("c-v1").compose(c1 -> teacherPublishing().compose(t ->
                c1.peer().ok("publish", f("source", "camera", "mid", "0"))
                        .compose(x -> c1.peer().ok("publish", f("source", "microphone", "mid", "1")))
                        .compose(x -> c1.peer().ok("offer", f("sdp", Sdp.offer("c1",
                                List.of(Section.send("0", "video"), Section.send("1", "audio"))))))
                        .compose(x -> c1.peer().ok("raise-hand"))
                        .compose(x -> c2.peer().event("renegotiate"))
                        .compose(x -> t.peer().ok("grant-floor", f("participantId", "c-v1")))
                        .compose(r -> {
                            ctx.verify(() -> assertEquals("c-v1", r.getString("floor")));
                            return c2.peer().event("floor");
                        })
                        .compose(e -> {
                            ctx.verify(() -> {
                                assertEquals("c-v1", e.getString("participantId"));
                                assertEquals("t-wang", e.getString("by"));
                            });
                            return c2.peer().event("renegotiate");
                        })
                        .compose(re -> {
                            ctx.verify(() -> {
                                assertEquals(2, re.getInteger("video"), "teacher and the stage");
                                assertEquals(2, re.getInteger("audio"));
                            });
                            return c2.peer().ok("offer", f("sdp", Sdp.offer("c2", List.of(Section.recv("0", "video"),
                                    Section.recv("1", "audio"), Section.recv("2", "video"), Section.recv("3", "audio")))));
                        })
                        .compose(answer -> {
                            ctx.verify(() -> assertEquals(4, answer.getJsonArray("tracks").size()));
                            return room();
                        })
                        .compose(room -> {
                            ctx.verify(() -> {
                                assertEquals("c-v1", room.floor());
                                assertTrue(room.hands().isEmpty());
                            });
                            return t.peer().ok("revoke-floor");
                        })
                        .compose(x -> c2.peer().event("floor"))
                        .compose(e -> room().map(room -> {
                            ctx.verify(() -> {
                                assertNull(e.getString("participantId"));
                                assertNull(room.floor());
                            });
                            return null;
                        })))))
                .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("grant-floor to an unknown participant is NOT_FOUND and to a viewer BAD_MESSAGE")
    void floorTargets(VertxTestContext ctx) {
        h.join("t-wang").compose(t -> h.join("viewer:v-1").compose(v -> t.peer().fails("grant-floor",
                f("participantId", "nobody")).compose(c1 -> t.peer().fails("grant-floor", f("participantId", "viewer:v-1"))
                .map(c2 -> {
                    ctx.verify(() -> assertEquals(List.of("NOT_FOUND", "BAD_MESSAGE"), List.of(c1, c2)));
                    return null;
                })))).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("the teacher mutes one classroom, then everyone: targets get a mute request, everyone the state")
    void mute(VertxTestContext ctx) {
        h.join("t-wang").compose(t -> h.join("c-v1").compose(c1 -> h.join("c-v2").compose(c2 ->
                t.peer().ok("mute", f("participantId", "c-v1", "kind", "audio"))
                        .compose(r -> {
                            ctx.verify(() -> assertEquals(new JsonArray().add("c-v1"), r.getJsonArray("muted")));
                            return c1.peer().event("mute-request");
                        })
                        .compose(e -> {
                            ctx.verify(() -> assertEquals("audio", e.getString("kind")));
                            return c2.peer().event("muted");
                        })
                        .compose(e -> {
                            ctx.verify(() -> {
                                assertEquals("c-v1", e.getString("participantId"));
                                assertTrue(e.getBoolean("audio"));
                                assertFalse(c2.peer().hasEvent("mute-request"));
                            });
                            return t.peer().ok("mute", f("all", true, "kind", "video"));
                        })
                        .compose(r -> {
                            ctx.verify(() -> assertEquals(2, r.getJsonArray("muted").size()));
                            return c2.peer().event("mute-request");
                        })
                        .compose(x -> t.peer().ok("unmute", f("participantId", "c-v1", "kind", "audio")))
                        .compose(x -> t.peer().fails("mute", f("participantId", "ghost", "kind", "audio")))
                        .compose(code -> room().map(room -> {
                            ctx.verify(() -> {
                                assertEquals("NOT_FOUND", code);
                                assertFalse(room.isMuted("c-v1", "audio"));
                                assertTrue(room.isMuted("c-v1", "video"));
                                assertTrue(room.isMuted("c-v2", "video"));
                                assertFalse(room.isMuted("t-wang", "video"));
                            });
                            return null;
                        })))))
                .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("chat is escaped and reaches everyone; over 500 characters is CHAT_TOO_LONG, blank is BAD_MESSAGE")
    void chat(VertxTestContext ctx) {
        h.join("t-wang").compose(t -> h.join("c-v1").compose(c -> c.peer().ok("chat", f("text", " <b>老师</b> & \"好\" "))
                .compose(x -> t.peer().event("chat"))
                .compose(e -> {
                    ctx.verify(() -> {
                        assertEquals("&lt;b&gt;老师&lt;/b&gt; &amp; &quot;好&quot;", e.getString("text"));
                        assertEquals("c-v1", e.getString("from"));
                        assertEquals("classroom", e.getString("role"));
                    });
                    return c.peer().ok("chat", f("text", "字".repeat(500)));
                })
                .compose(x -> c.peer().fails("chat", f("text", "字".repeat(501))))
                .compose(code1 -> c.peer().fails("chat", f("text", "   ")).map(code2 -> {
                    ctx.verify(() -> assertEquals(List.of("CHAT_TOO_LONG", "BAD_MESSAGE"), List.of(code1, code2)));
                    return null;
                })))).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("subscribe sets layers of a received track; a track not received is NOT_FOUND")
    void subscribe(VertxTestContext ctx) {
        h.join("c-v1").compose(c -> teacherPublishing().compose(t -> c.peer().event("renegotiate")
                .compose(x -> c.peer().ok("offer", f("sdp", Sdp.offer("cls1",
                        List.of(Section.recv("0", "video"), Section.recv("1", "audio"))))))
                .compose(x -> c.peer().ok("subscribe", f("participantId", "t-wang", "source", "camera",
                        "spatialLayer", 0, "temporalLayer", 1)))
                .compose(x -> c.peer().ok("subscribe", f("participantId", "t-wang", "source", "microphone", "paused", true)))
                .compose(x -> c.peer().fails("subscribe", f("participantId", "t-wang", "source", "screen")))
                .compose(code1 -> c.peer().fails("subscribe", f("participantId", "c-v2", "source", "camera"))
                        .map(code2 -> {
                            ctx.verify(() -> assertEquals(List.of("NOT_FOUND", "NOT_FOUND"), List.of(code1, code2)));
                            return null;
                        })))).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("candidates are accepted, a malformed one is BAD_MESSAGE")
    void candidates(VertxTestContext ctx) {
        h.join("c-v1").compose(c -> c.peer().ok("candidate", f("candidate",
                        "candidate:1 1 udp 2122260223 192.168.1.5 50000 typ host", "sdpMid", "0"))
                .compose(x -> c.peer().ok("candidate", f("candidate", "")))
                .compose(x -> c.peer().fails("candidate", f("candidate", "hello"))).map(code -> {
                    ctx.verify(() -> assertEquals("BAD_MESSAGE", code));
                    return null;
                })).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("leave removes the participant at once and closes the socket; the others see it leave")
    void leave(VertxTestContext ctx) {
        h.join("t-wang").compose(t -> h.join("c-v1").compose(c -> t.peer().event("presence")
                .compose(x -> c.peer().ok("leave"))
                .compose(x -> c.peer().closed())
                .compose(status -> t.peer().event("presence").map(e -> {
                    ctx.verify(() -> {
                        assertEquals((short) 1000, status);
                        assertEquals("left", e.getString("action"));
                    });
                    return null;
                }))
                .compose(x -> room()).map(room -> {
                    ctx.verify(() -> assertFalse(room.members().containsKey("c-v1")));
                    return null;
                }))).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("joining again as the same participant replaces the older socket")
    void replaced(VertxTestContext ctx) {
        h.join("c-v1").compose(first -> h.join("c-v1").compose(second -> first.peer().event("kicked")
                .compose(e -> {
                    ctx.verify(() -> assertEquals("replaced", e.getString("reason")));
                    return first.peer().closed();
                })
                .compose(x -> second.peer().ok("raise-hand"))
                .compose(x -> room()).map(room -> {
                    ctx.verify(() -> {
                        assertEquals(1, room.members().size());
                        assertEquals(List.of("c-v1"), room.hands());
                    });
                    return null;
                }))).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("the lesson ends: everyone gets room-closed, sockets close, the room's state is gone")
    void roomClosed(VertxTestContext ctx) {
        h.join("c-v1").compose(c -> h.signaling.closeRoom(Harness.SID, "lesson.ended")
                .compose(x -> c.peer().event("room-closed"))
                .compose(e -> {
                    ctx.verify(() -> assertEquals("lesson.ended", e.getString("reason")));
                    return c.peer().closed();
                })
                .compose(x -> room()).map(room -> {
                    ctx.verify(() -> assertFalse(room.open()));
                    return null;
                })).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("an ICE restart offer with new credentials keeps the transport and its producers")
    void iceRestart(VertxTestContext ctx) {
        teacherPublishing().compose(t -> {
            Session before = h.signaling.rooms().localSessions(Harness.SID).get("t-wang");
            String transport = before.transportId;
            return t.peer().ok("offer", f("sdp", Sdp.offer("tch2restart",
                    List.of(Section.send("0", "video"), Section.send("1", "audio"))), "iceRestart", true))
                    .compose(answer -> room().map(room -> {
                        ctx.verify(() -> {
                            assertTrue(answer.getString("sdp").contains("a=ice-ufrag:"));
                            assertEquals(transport, h.signaling.rooms().localSessions(Harness.SID).get("t-wang").transportId);
                            assertEquals(2, room.members().get("t-wang").tracks().size());
                            assertFalse(t.peer().hasEvent("published"));
                        });
                        return null;
                    }));
        }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("a classroom joining a lesson already under way gets its join result before the renegotiate")
    void resultBeforeRenegotiate(VertxTestContext ctx) {
        teacherPublishing().compose(t -> h.join("c-v2")).compose(c -> c.peer().event("renegotiate").map(e -> {
            ctx.verify(() -> {
                assertEquals(List.of("result", "renegotiate"), c.peer().received.subList(0, 2));
                assertEquals(1, e.getInteger("video"));
            });
            return null;
        })).onComplete(ctx.succeedingThenComplete());
    }
}
