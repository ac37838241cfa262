package io.sanke.signaling;

import com.typesafe.config.ConfigFactory;
import io.sanke.media.api.Command;
import io.sanke.media.api.MediaException;
import io.sanke.media.api.MediaServerControl;
import io.sanke.media.api.Reply;
import io.sanke.media.server.HttpMediaControl;
import io.sanke.media.server.MediaConfig;
import io.sanke.media.server.MediaServer;
import io.sanke.scheduler.testing.MutableClock;
import io.sanke.scheduler.testing.RedisProcess;
import io.sanke.signaling.Sdp.Section;
import io.sanke.signaling.api.MediaNode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SFU node watch and the room move ({@link Rooms#sweep}, {@code Rooms.DOWN_AFTER},
 * {@link RoomState#moveSfuNode}) at the signaling level: two signaling nodes on one real
 * redis-server serve one lesson, three in-process media nodes, the room on the first. A
 * media node is made unreachable by a switch: its control API then fails exactly as an
 * {@link HttpMediaControl} does for a node that is gone (a real one, pointed at a closed
 * port), or refuses commands as a live node does ({@code NOT_FOUND}). The sweep timer is
 * set to an hour; the test calls {@code sweep()} itself and waits for it (probes and the
 * moves they cause), so no probe is counted by the clock. Participants are WebSocket peers
 * with synthetic offers; nothing here carries RTP.
 */
class MediaNodeWatchTest {
    private static final String SID = Harness.SID;
    private static RedisProcess redis;

    private Vertx vertx;
    private Context ctx;
    private Redis client;
    private final List<MediaServer> servers = new ArrayList<>();
    private Switchable mediaA;
    private Switchable mediaB;
    private Switchable mediaC;
    private Signaling a;
    private Signaling b;
    /** The peers of the lesson {@link #SID}, by participant. */
    private final Map<String, Peer> peers = new java.util.LinkedHashMap<>();
    private final List<Peer> allPeers = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    /**
     * A media node whose control API can be switched from answering to unreachable (what
     * {@link HttpMediaControl} throws when the node is gone) or refusing. Keeps the commands
     * the real node carried out.
     */
    static final class Switchable implements MediaNode {
        enum Mode { UP, UNREACHABLE, REFUSING }

        private final InProcessMediaNode real;
        private final HttpMediaControl gone;
        volatile Mode mode = Mode.UP;
        final List<Command<?>> done = new CopyOnWriteArrayList<>();

        Switchable(MediaServer server) throws Exception {
            this.real = new InProcessMediaNode(server);
            int closedPort;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closedPort = s.getLocalPort();
            }
            this.gone = new HttpMediaControl(URI.create("http://127.0.0.1:" + closedPort), "secret", Duration.ofSeconds(2));
        }

        MediaServer server() {
            return real.server();
        }

        long count(Predicate<Command<?>> which) {
            return done.stream().filter(which).count();
        }

        @Override
        public String id() {
            return real.id();
        }

        @Override
        public String region() {
            return real.region();
        }

        @Override
        public MediaServerControl control() {
            return new MediaServerControl() {
                @Override
                public <R extends Reply> R execute(Command<R> command) throws MediaException {
                    return switch (mode) {
                        case UNREACHABLE -> gone.execute(command);
                        case REFUSING -> throw new MediaException(MediaException.Code.NOT_FOUND,
                                "refused for the test [node:" + id() + ", command:" + command.getClass().getSimpleName() + "]");
                        case UP -> {
                            R reply = real.control().execute(command);
                            done.add(command);
                            yield reply;
                        }
                    };
                }
            };
        }

        @Override
        public void onDominantSpeaker(String routerId, Consumer<String> producerId) {
            real.onDominantSpeaker(routerId, producerId);
        }

        void close() {
            gone.close();
        }
    }

    private static SignalingConfig config(String node) {
        return SignalingConfig.from(ConfigFactory.parseString("sanke.signaling { http.port = 0, node-id = " + node
                        + ", reap-interval = 1 hour }").withFallback(ConfigFactory.defaultReference()).resolve())
                .withRedisUri(redis.uri());
    }

    private Switchable media(String id) throws Exception {
        MediaServer server = MediaServer.start(MediaConfig.withOverrides("sanke.media { node-id = " + id
                + ", ice { bind-address = \"127.0.0.1\", udp-port = 0, tcp-port = 0,"
                + " advertised-addresses = [\"127.0.0.1\"] } }"), Clock.systemUTC());
        servers.add(server);
        return new Switchable(server);
    }

    /**
     * Media nodes a, b, c; signaling node sig-a lists them a, b, c and sig-b a, c, b, so on equal
     * stress each would move the room to a different node on its own. The teacher and the
     * assistant join on sig-a (the teacher first: the room goes to media-a), the two village
     * classrooms on sig-b; the teacher publishes a camera.
     */
    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        ctx = vertx.getOrCreateContext();
        client = Redis.createClient(vertx, redis.uri());
        mediaA = media("media-a");
        mediaB = media("media-b");
        mediaC = media("media-c");
        MediaException e = org.junit.jupiter.api.Assertions.assertThrows(MediaException.class,
                () -> mediaA.gone.execute(new Command.GetLoad()));
        assertTrue(Media.isUnreachable(e), "the switched-off control fails as an unreachable node: " + e);

        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T01:00:00Z"));
        a = on(() -> Signaling.start(vertx, config("sig-a"), clock, List.of(mediaA, mediaB, mediaC), Harness.SECRET, false));
        b = on(() -> Signaling.start(vertx, config("sig-b"), clock, List.of(mediaA, mediaC, mediaB), Harness.SECRET, false));
        on(() -> a.openRoom(SID, Harness.ROSTER));
        join(a, SID, "t-wang");
        join(a, SID, "a-li");
        join(b, SID, "c-v1");
        join(b, SID, "c-v2");
        assertEquals("media-a", sfu(SID));
        Peer t = peers.get("t-wang");
        on(() -> t.ok("publish", new JsonObject().put("source", "camera").put("mid", "0")));
        on(() -> t.ok("offer", new JsonObject().put("sdp", Sdp.offer("t1", List.of(Section.send("0", "video"))))));
        roomWhen(r -> !r.members().get("t-wang").tracks().isEmpty());
    }

    @AfterEach
    void stop() throws Exception {
        try {
            for (Peer p : allPeers) {
                on(() -> p.close().recover(x -> Future.succeededFuture()));
            }
            on(() -> a.stop().recover(x -> Future.succeededFuture()).compose(x -> b.stop())
                    .recover(x -> Future.succeededFuture())
                    .compose(x -> client.send(Request.cmd(io.vertx.redis.client.Command.FLUSHALL))).mapEmpty());
        } finally {
            for (Switchable n : List.of(mediaA, mediaB, mediaC)) {
                n.close();
            }
            servers.forEach(MediaServer::close);
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Runs {@code work} on the test's Vert.x context (peers are not thread-safe) and waits for it. */
    private <T> T on(Supplier<Future<T>> work) throws Exception {
        Promise<T> p = Promise.promise();
        ctx.runOnContext(v -> {
            try {
                work.get().onComplete(p);
            } catch (RuntimeException e) {
                p.fail(e);
            }
        });
        return p.future().await(10, TimeUnit.SECONDS);
    }

    private void join(Signaling node, String sid, String participantId) throws Exception {
        var entry = Harness.ROSTER.stream().filter(r -> r.id().equals(participantId)).findFirst().orElseThrow();
        String token = node.issueToken(sid, entry.role(), participantId, participantId, entry.classroomId());
        Peer p = on(() -> Peer.connect(vertx, node.httpPort()));
        allPeers.add(p);
        on(() -> p.ok("join", new JsonObject().put("sessionId", sid).put("token", token)));
        if (sid.equals(SID)) {
            peers.put(participantId, p);
        }
    }

    /** One sweep on each signaling node at once; returns when both are done, moves included. */
    private void sweepBoth() throws Exception {
        on(() -> Future.all(a.rooms().sweep(), b.rooms().sweep()).mapEmpty());
    }

    /** The room's {@code sfu} field, read from Redis. */
    private String sfu(String sid) throws Exception {
        Response r = on(() -> client.send(Request.cmd(io.vertx.redis.client.Command.HGET).arg(RedisKeys.room(sid))
                .arg("sfu")));
        return r == null ? null : r.toString();
    }

    private RoomSnapshot roomWhen(Predicate<RoomSnapshot> ok) throws Exception {
        for (int i = 0; i < 500; i++) {
            RoomSnapshot room = on(() -> a.rooms().state().snapshot(SID));
            if (ok.test(room)) {
                return room;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("room never reached the expected state: " + on(() -> a.rooms().state().snapshot(SID)));
    }

    private boolean anyoneTold(String event) throws Exception {
        return on(() -> Future.succeededFuture(peers.values().stream().anyMatch(p -> p.hasEvent(event))));
    }

    private static boolean createRouter(Command<?> c) {
        return c instanceof Command.CreateRouter r && r.routerId().equals(SID);
    }

    // ------------------------------------------------------------------ tests

    @Test
    @DisplayName("one failed probe is not down; the second in a row is, and both signaling nodes move the room to the same "
            + "live node, every participant is told media-moved and the next offer is answered there")
    void unreachableTwiceInARowMovesTheRoomOnce() throws Exception {
        mediaA.mode = Switchable.Mode.UNREACHABLE;
        sweepBoth();
        assertEquals("media-a", sfu(SID), "one unreachable probe is not down");
        assertEquals(0, mediaB.count(MediaNodeWatchTest::createRouter) + mediaC.count(MediaNodeWatchTest::createRouter));
        assertFalse(roomWhen(r -> true).members().get("t-wang").tracks().isEmpty(), "tracks kept");
        assertFalse(anyoneTold("media-moved"));

        sweepBoth(); // both notice at once; sig-a alone would choose media-b, sig-b alone media-c
        String moved = sfu(SID);
        assertTrue(Set.of("media-b", "media-c").contains(moved), "moved to a live node: " + moved);
        Switchable to = moved.equals("media-b") ? mediaB : mediaC;
        Switchable other = to == mediaB ? mediaC : mediaB;
        assertEquals(1, to.count(MediaNodeWatchTest::createRouter), "the router is made once on the new node");
        assertNotNull(to.server().router(SID));
        assertEquals(0, other.count(MediaNodeWatchTest::createRouter), "nothing made on the node not chosen");
        assertNull(other.server().router(SID));
        assertTrue(roomWhen(r -> true).members().values().stream().allMatch(m -> m.tracks().isEmpty()),
                "the tracks lived on the dead node");

        for (var e : peers.entrySet()) {
            JsonObject ev = on(() -> e.getValue().event("media-moved"));
            assertEquals("media-node", ev.getString("reason"), e.getKey() + " told " + ev);
        }

        long before = mediaA.done.size();
        Peer t = peers.get("t-wang");
        on(() -> t.ok("publish", new JsonObject().put("source", "camera").put("mid", "0")));
        JsonObject answer = on(() -> t.ok("offer", new JsonObject().put("sdp",
                Sdp.offer("t2", List.of(Section.send("0", "video"))))));
        assertTrue(answer.getString("sdp").startsWith("v=0"), "answered: " + answer);
        String firstTransport = mediaA.done.stream().filter(c -> c instanceof Command.CreateWebRtcTransport w
                        && w.transportId().startsWith(SID + "/t-wang#sig-a"))
                .map(c -> ((Command.CreateWebRtcTransport) c).transportId()).findFirst().orElseThrow();
        String newTransport = to.done.stream().filter(c -> c instanceof Command.CreateWebRtcTransport w
                        && w.transportId().startsWith(SID + "/t-wang#sig-a"))
                .map(c -> ((Command.CreateWebRtcTransport) c).transportId()).findFirst().orElseThrow();
        assertNotEquals(firstTransport, newTransport, "a new transport on the new node");
        assertTrue(to.done.stream().anyMatch(c -> c instanceof Command.ProcessOffer o && o.transportId().equals(newTransport)),
                "the offer answered by " + to.id());
        assertEquals(before, mediaA.done.size(), "nothing reached the dead node");

        roomWhen(r -> !r.members().get("t-wang").tracks().isEmpty());
        Peer c = peers.get("c-v1"); // on the other signaling node
        JsonObject received = on(() -> c.ok("offer", new JsonObject().put("sdp",
                Sdp.offer("c2", List.of(Section.recv("0", "video"))))));
        assertEquals("t-wang", received.getJsonArray("tracks").getJsonObject(0).getString("participantId"),
                "the teacher's camera again, consumed on " + to.id() + " from sig-b");
        assertTrue(to.done.stream().anyMatch(x -> x instanceof Command.CreateWebRtcTransport w
                && w.transportId().startsWith(SID + "/c-v1#sig-b")));
    }

    @Test
    @DisplayName("a command the node refuses never counts toward down, and answers between two unreachable probes "
            + "mean they are not in a row")
    void refusalsDoNotCount() throws Exception {
        mediaA.mode = Switchable.Mode.REFUSING;
        sweepBoth();
        sweepBoth();
        assertEquals("media-a", sfu(SID), "refused probes are answers: not down");

        Peer t = peers.get("t-wang");
        String code = on(() -> t.fails("offer", new JsonObject().put("sdp",
                Sdp.offer("t1", List.of(Section.send("0", "video"))))));
        assertEquals("MEDIA_UNAVAILABLE", code, "the refused ProcessOffer");
        mediaA.mode = Switchable.Mode.UNREACHABLE;
        sweepBoth();
        assertEquals("media-a", sfu(SID), "a refused command and then an unreachable probe are not twice unreachable");

        mediaA.mode = Switchable.Mode.REFUSING;
        sweepBoth();
        mediaA.mode = Switchable.Mode.UNREACHABLE;
        sweepBoth();
        assertEquals("media-a", sfu(SID), "unreachable, refused, unreachable is not twice in a row");
        assertFalse(anyoneTold("media-moved"));

        sweepBoth();
        assertNotEquals("media-a", sfu(SID), "now twice in a row");
    }

    @Test
    @DisplayName("a node that answers again is placed again for new rooms, and the moved room stays where it went")
    void aNodeBackIsUsedForNewRoomsNotMovedBack() throws Exception {
        mediaA.mode = Switchable.Mode.UNREACHABLE;
        sweepBoth();
        sweepBoth();
        String moved = sfu(SID);
        assertNotEquals("media-a", moved);

        on(() -> a.openRoom("e-down@2026-11-23", Harness.ROSTER));
        join(a, "e-down@2026-11-23", "t-wang");
        assertNotEquals("media-a", sfu("e-down@2026-11-23"), "a down node is not placed");

        mediaA.mode = Switchable.Mode.UP;
        sweepBoth();
        sweepBoth();
        assertEquals(moved, sfu(SID), "not moved back");
        on(() -> a.openRoom("e-back@2026-11-23", Harness.ROSTER));
        join(a, "e-back@2026-11-23", "t-wang");
        assertEquals("media-a", sfu("e-back@2026-11-23"), "placed on the node that answers again (first of equals)");
        assertNotNull(mediaA.server().router("e-back@2026-11-23"));
    }
}
