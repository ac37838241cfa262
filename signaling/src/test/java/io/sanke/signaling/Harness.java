package io.sanke.signaling;

import com.typesafe.config.ConfigFactory;
import io.sanke.scheduler.testing.MutableClock;
import io.sanke.signaling.api.MediaNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/**
 * A signaling node for tests: real HTTP/WebSocket server on 127.0.0.1, a fake clock,
 * the room of one dedicated-delivery lesson opened, and helpers that join peers.
 * Lesson: master teacher t-wang in c-city; listening classrooms c-v1 (assistant a-li)
 * and c-v2.
 */
final class Harness {
    static final String SID = "e-math-1@2026-11-23";
    static final String SECRET = "0123456789abcdef0123456789abcdef-test";
    static final List<Signaling.RosterEntryView> ROSTER = List.of(
            new Signaling.RosterEntryView("t-wang", "master-teacher", "王老师", "c-city"),
            new Signaling.RosterEntryView("c-city", "classroom", "城区一小 五(1)班", "c-city"),
            new Signaling.RosterEntryView("c-v1", "classroom", "李村教学点", "c-v1"),
            new Signaling.RosterEntryView("a-li", "assistant-teacher", "李老师", "c-v1"),
            new Signaling.RosterEntryView("c-v2", "classroom", "张村教学点", "c-v2"));

    final Vertx vertx;
    final MutableClock clock;
    final Signaling signaling;

    private Harness(Vertx vertx, MutableClock clock, Signaling signaling) {
        this.vertx = vertx;
        this.clock = clock;
        this.signaling = signaling;
    }

    static SignalingConfig config() {
        return SignalingConfig.from(ConfigFactory.parseString("sanke.signaling { http.port = 0, state = local }")
                .withFallback(ConfigFactory.defaultReference()).resolve()).withAuthSecret(SECRET);
    }

    static Future<Harness> start(Vertx vertx, List<MediaNode> nodes) {
        return start(vertx, nodes, config());
    }

    static Future<Harness> start(Vertx vertx, List<MediaNode> nodes, SignalingConfig config) {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T01:00:00Z"));
        return Signaling.start(vertx, config, clock, nodes, SECRET, false)
                .compose(s -> s.openRoom(SID, ROSTER).map(x -> new Harness(vertx, clock, s)));
    }

    String token(String role, String participantId, String classroomId) {
        return signaling.issueToken(SID, role, participantId, participantId, classroomId);
    }

    Future<Peer> peer() {
        return Peer.connect(vertx, signaling.httpPort());
    }

    /** A peer joined as a roster participant (role and classroom from the roster) or an observer/viewer. */
    Future<Joined> join(String participantId) {
        var entry = ROSTER.stream().filter(r -> r.id().equals(participantId)).findFirst();
        String role = entry.map(Signaling.RosterEntryView::role).orElse(participantId.split(":")[0]);
        String classroom = entry.map(Signaling.RosterEntryView::classroomId).orElse(null);
        String token = token(role, participantId, classroom);
        return peer().compose(p -> p.ok("join", new JsonObject().put("sessionId", SID).put("token", token))
                .map(r -> new Joined(p, r)));
    }

    /**
     * The first snapshot of the room that satisfies {@code ok}, re-read every 10 ms (at
     * most 500 times) for effects that follow a socket close on the server's side.
     */
    Future<RoomSnapshot> roomWhen(java.util.function.Predicate<RoomSnapshot> ok) {
        return roomWhen(ok, 500);
    }

    private Future<RoomSnapshot> roomWhen(java.util.function.Predicate<RoomSnapshot> ok, int left) {
        return signaling.rooms().state().snapshot(SID).compose(room -> {
            if (ok.test(room) || left == 0) {
                return Future.succeededFuture(room);
            }
            io.vertx.core.Promise<RoomSnapshot> p = io.vertx.core.Promise.promise();
            vertx.setTimer(10, t -> roomWhen(ok, left - 1).onComplete(p));
            return p.future();
        });
    }

    record Joined(Peer peer, JsonObject result) {
    }

    Future<Void> stop() {
        return signaling.closeRoom(SID, "lesson.ended").recover(e -> Future.succeededFuture())
                .compose(x -> signaling.stop());
    }
}
