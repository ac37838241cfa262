package io.sanke.signaling;

import io.sanke.media.api.Command;
import io.sanke.signaling.api.ErrorCode;
import io.sanke.signaling.api.LessonToken;
import io.sanke.signaling.api.MediaNode;
import io.sanke.signaling.api.Message;
import io.sanke.signaling.api.Role;
import io.sanke.signaling.api.RoomMedia;
import io.sanke.signaling.api.SignalingException;
import io.sanke.signaling.api.Source;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The rooms of this signaling node: joins and resumes, the participants whose sockets
 * this node holds, delivery of room events to them (filtered by target and
 * visibility) and their media reactions, the resume window, idle sockets, and opening
 * and closing rooms on lesson events. Shared state lives in {@link RoomState}.
 *
 * <p>Also watches the SFU nodes: a node that cannot be reached {@value #DOWN_AFTER} times in a
 * row (a {@code GetLoad} on each sweep, or any command) is down, skipped when placing rooms
 * until it answers again, and the rooms on it with participants here are moved to a live node
 * ({@link RoomState#moveSfuNode}); every node then resets its participants of the room, who
 * offer again ({@code media-moved}).
 */
final class Rooms {
    private static final Logger LOG = LoggerFactory.getLogger(Rooms.class);
    /** Routing fields of room events, removed before delivery. */
    static final String TO = "_to";
    static final String MEDIA = "_media";
    static final String EXCEPT = "_except";
    /** The room event that moves a room's participants to its new SFU node ({@code node}). */
    static final String MEDIA_MOVED = "_media-moved";
    /** Unreachable in a row before a node is down. */
    static final int DOWN_AFTER = 2;

    private final Vertx vertx;
    private final SignalingConfig config;
    private final Clock clock;
    private final RoomState state;
    private final LessonTokens tokens;
    private final List<MediaNode> nodes;
    private final Media media;
    private final Map<String, Map<String, Session>> local = new ConcurrentHashMap<>();
    private final Map<String, Session> byResume = new ConcurrentHashMap<>();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Set<String> speakerRooms = ConcurrentHashMap.newKeySet();
    /** Rooms whose SFU router this node made or found. */
    private final Set<String> routers = ConcurrentHashMap.newKeySet();
    private final SecureRandom random = new SecureRandom();
    /** Followers of rooms' media (room id → callbacks), told after every room event. */
    private final Map<String, List<Consumer<RoomMedia>>> watchers = new ConcurrentHashMap<>();
    /** Per watched room, the last notification: snapshots are read and told in event order. */
    private final Map<String, Future<Void>> watchOrder = new ConcurrentHashMap<>();
    private long transportSeq;
    /** Nodes found down, skipped when placing rooms until they answer a probe again. */
    private final Set<String> down = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> unreachableInARow = new ConcurrentHashMap<>();
    private final Set<String> probing = ConcurrentHashMap.newKeySet();
    /** Moves under way from this node, by room. */
    private final Map<String, Future<MediaNode>> moving = new ConcurrentHashMap<>();

    Rooms(Vertx vertx, SignalingConfig config, Clock clock, RoomState state, LessonTokens tokens, List<MediaNode> nodes) {
        this.vertx = vertx;
        this.config = config;
        this.clock = clock;
        this.state = state;
        this.tokens = tokens;
        this.nodes = List.copyOf(nodes);
        this.media = new Media(vertx, this::unreachable);
        state.onEvent(this::onRoomEvent);
    }

    String nodeId() {
        return config.nodeId();
    }

    SignalingConfig config() {
        return config;
    }

    Clock clock() {
        return clock;
    }

    RoomState state() {
        return state;
    }

    Media media() {
        return media;
    }

    void add(Connection c) {
        connections.add(c);
    }

    int connectionCount() {
        return connections.size();
    }

    static JsonObject event(String type) {
        return new JsonObject().put("type", type);
    }

    /** Fans a room event out to every node; {@code mediaChange} makes each node reconcile its participants. */
    Future<Void> publish(String sid, JsonObject event, boolean mediaChange) {
        if (mediaChange) {
            event.put(MEDIA, true);
        }
        return state.publish(sid, event);
    }

    // ------------------------------------------------------------------ join, resume, leave

    Future<JsonObject> join(Connection c, Message.Join j) {
        return tokens.verify(j.token()).compose(token -> {
            if (!token.sessionId().equals(j.sessionId())) {
                return Future.failedFuture(SignalingException.of(ErrorCode.WRONG_LESSON, "token is for another lesson [token:"
                        + token.sessionId() + ", session:" + j.sessionId() + "]"));
            }
            return state.snapshot(token.sessionId()).compose(room -> admit(c, token, room));
        });
    }

    private Future<JsonObject> admit(Connection c, LessonToken token, RoomSnapshot room) {
        String sid = token.sessionId();
        if (!room.open()) {
            return Future.failedFuture(SignalingException.of(ErrorCode.ROOM_NOT_OPEN, "room not open [session:" + sid + "]"));
        }
        if (token.role() != Role.OBSERVER && token.role() != Role.VIEWER && token.role() != Role.STUDIO) {
            RosterEntry entry = room.rosterEntry(token.participantId()).orElse(null);
            if (entry == null || entry.role() != token.role()) {
                return Future.failedFuture(SignalingException.of(ErrorCode.WRONG_LESSON,
                        "participant does not belong to the lesson [participant:" + token.participantId()
                                + ", role:" + token.role().wire() + ", session:" + sid + "]"));
            }
        }
        Session previous = sessions(sid).get(token.participantId());
        Future<Void> replaced = previous == null ? Future.succeededFuture() : replace(previous);
        return replaced.compose(x -> mediaNode(sid, room))
                .map(node -> new Session(this, token, node, newTransportId(sid, token.participantId())))
                .compose(s -> state.putMember(sid, s.member(true)).map(s))
                .compose(s -> {
                    attach(s, c);
                    sessions(sid).put(s.participantId, s);
                    listenForSpeakers(sid, s.node);
                    Future<Void> presence = !s.role.isListed() ? Future.succeededFuture()
                            : publish(sid, event("presence").put("action", "joined")
                            .put("participant", view(s.member(true), room)).put(EXCEPT, s.participantId), false);
                    Map<String, Member> members = new java.util.LinkedHashMap<>(room.members());
                    members.put(s.participantId, s.member(true));
                    RoomSnapshot after = new RoomSnapshot(sid, true, room.roster(), members, room.hands(), room.floor(),
                            room.muted(), s.node.id());
                    return presence.map(y -> joinResult(s, after));
                });
    }

    private String newTransportId(String sid, String participantId) {
        return sid + "/" + participantId + "#" + nodeId() + "-" + (++transportSeq) + "-" + shortRandom();
    }

    private Future<Void> replace(Session previous) {
        Connection old = previous.connection;
        previous.connection = null;
        if (old != null) {
            old.send(new Message.Event("kicked", new JsonObject().put("reason", "replaced")));
            old.session = null;
            old.close((short) 1000, "replaced");
        }
        return leaveQuietly(previous);
    }

    private Future<MediaNode> mediaNode(String sid, RoomSnapshot room) {
        if (nodes.isEmpty()) {
            return Future.failedFuture(SignalingException.of(ErrorCode.MEDIA_UNAVAILABLE, "no SFU node configured"));
        }
        if (room.sfuNode() != null && down.contains(room.sfuNode())) {
            return move(sid, room.sfuNode());
        }
        Future<String> chosen = room.sfuNode() != null ? Future.succeededFuture(room.sfuNode())
                : vertx.executeBlocking(() -> NodeSelector.select(liveNodes(null), config.region()).id(), false)
                .compose(id -> state.claimSfuNode(sid, id));
        return chosen.compose(id -> {
            MediaNode node = nodes.stream().filter(n -> n.id().equals(id)).findFirst().orElse(null);
            if (node == null) {
                return Future.failedFuture(SignalingException.of(ErrorCode.MEDIA_UNAVAILABLE,
                        "room's SFU node unknown here [node:" + id + ", session:" + sid + "]"));
            }
            if (routers.contains(sid)) {
                return Future.succeededFuture(node);
            }
            return media.run(node, new Command.CreateRouter(sid)).map(node)
                    .recover(e -> Future.succeededFuture(node)) // exists already (another node made it)
                    .onSuccess(n -> routers.add(sid));
        });
    }

    private List<MediaNode> liveNodes(String except) {
        return nodes.stream().filter(n -> !down.contains(n.id()) && !n.id().equals(except)).toList();
    }

    private MediaNode node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst().orElse(null);
    }

    // ------------------------------------------------------------------ SFU node watch and room moves

    /**
     * A command or probe could not reach {@code node}; the {@value #DOWN_AFTER}th time in a row it is down
     * and the rooms it serves here move. Completes when those moves are done (or failed, logged).
     */
    private Future<Void> unreachable(MediaNode node) {
        int n = unreachableInARow.merge(node.id(), 1, Integer::sum);
        if (n < DOWN_AFTER || !down.add(node.id())) {
            return Future.succeededFuture();
        }
        LOG.warn("SFU node down [node:{}, unreachable:{}]: moving its rooms", node.id(), n);
        List<Future<Void>> moves = new ArrayList<>();
        for (var e : local.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            String sid = e.getKey();
            moves.add(state.snapshot(sid).compose(room -> room.open() && node.id().equals(room.sfuNode())
                            ? move(sid, node.id()).<Void>mapEmpty() : Future.<Void>succeededFuture())
                    .recover(x -> {
                        LOG.warn("room not moved [session:{}, from:{}]: {}", sid, node.id(), x.getMessage());
                        return Future.succeededFuture();
                    }));
        }
        return Future.all(moves).mapEmpty();
    }

    /**
     * Probes every SFU node with {@code GetLoad} (one probe per node at a time); driven by the sweep timer.
     * Completes when the probes have answered or failed and the moves they caused are done.
     */
    private Future<Void> watchNodes() {
        List<Future<Void>> probes = new ArrayList<>();
        for (MediaNode n : nodes) {
            if (!probing.add(n.id())) {
                continue;
            }
            probes.add(vertx.executeBlocking(() -> {
                try {
                    n.control().execute(new Command.GetLoad());
                    return true;
                } catch (io.sanke.media.api.MediaException e) {
                    return !Media.isUnreachable(e);
                }
            }, false).transform(ar -> {
                probing.remove(n.id());
                if (ar.succeeded() && ar.result()) {
                    unreachableInARow.remove(n.id());
                    if (down.remove(n.id())) {
                        LOG.info("SFU node answers again [node:{}]", n.id());
                    }
                    return Future.<Void>succeededFuture();
                }
                return unreachable(n);
            }));
        }
        return Future.all(probes).mapEmpty();
    }

    /**
     * Moves room {@code sid} off dead node {@code from}: chooses a live node, records it with a
     * compare-and-set (a move another signaling node made first wins), makes the router there
     * and tells every signaling node. The room's node after.
     */
    Future<MediaNode> move(String sid, String from) {
        return moving.computeIfAbsent(sid, k -> {
            Future<MediaNode> f = vertx.executeBlocking(() -> NodeSelector.select(liveNodes(from), config.region()).id(),
                    false).compose(to -> state.moveSfuNode(sid, from, to).compose(recorded -> {
                        MediaNode node = node(recorded);
                        if (node == null || recorded.equals(from)) {
                            return Future.failedFuture(SignalingException.of(ErrorCode.MEDIA_UNAVAILABLE,
                                    "room's SFU node not moved [session:" + sid + ", node:" + recorded + "]"));
                        }
                        return media.run(node, new Command.CreateRouter(sid)).map(node)
                                .recover(e -> Future.succeededFuture(node)) // exists already (another node made it)
                                .compose(n -> {
                                    routers.add(sid);
                                    LOG.warn("room moved to another SFU node [session:{}, from:{}, to:{}]", sid, from,
                                            n.id());
                                    return state.publish(sid, event(MEDIA_MOVED).put("node", n.id())).map(n);
                                });
                    }));
            return f.onComplete(x -> moving.remove(sid));
        });
    }

    /** Every participant of the room here goes to the room's new node and is told to offer again. */
    private void moveLocal(String sid, String nodeId) {
        MediaNode to = node(nodeId);
        Map<String, Session> here = local.get(sid);
        if (to == null || here == null) {
            return;
        }
        routers.add(sid);
        for (Session s : here.values()) {
            s.moveTo(to, newTransportId(sid, s.participantId)).onSuccess(moved -> {
                if (moved) {
                    state.snapshot(sid).onSuccess(s::reconcile);
                }
            });
        }
    }

    private void listenForSpeakers(String sid, MediaNode node) {
        if (speakerRooms.add(sid)) {
            node.onDominantSpeaker(sid, producerId -> vertx.runOnContext(v -> state.snapshot(sid).onSuccess(room -> {
                for (Member m : room.members().values()) {
                    Member.Track t = m.tracks().get(Source.MICROPHONE);
                    if (t != null && t.producerId().equals(producerId)) {
                        deliverLocal(sid, event("dominant-speaker").put("participantId", m.id()));
                    }
                }
            })));
        }
    }

    private void attach(Session s, Connection c) {
        s.connection = c;
        s.droppedAt = null;
        c.session = s;
        if (s.resumeToken != null) {
            byResume.remove(s.resumeToken);
        }
        byte[] b = new byte[18];
        random.nextBytes(b);
        s.resumeToken = "r-" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        byResume.put(s.resumeToken, s);
    }

    private String shortRandom() {
        byte[] b = new byte[6];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private JsonObject joinResult(Session s, RoomSnapshot room) {
        return new JsonObject().put("participantId", s.participantId).put("role", s.role.wire())
                .put("resumeToken", s.resumeToken).put("resumeWindowSeconds", config.resumeWindow().toSeconds())
                .put("iceServers", new JsonArray()).put("room", roomView(room, s.participantId));
    }

    Future<JsonObject> resume(Connection c, Message.Resume r) {
        Session s = byResume.get(r.resumeToken());
        if (s == null || s.gone || s.droppedAt != null && expired(s)) {
            return Future.failedFuture(SignalingException.of(ErrorCode.RESUME_EXPIRED, "resume token unknown, used or expired"));
        }
        Connection old = s.connection;
        if (old != null) {
            old.session = null;
            old.close((short) 1000, "resumed elsewhere");
        }
        boolean wasDropped = s.droppedAt != null;
        attach(s, c);
        return s.serial(() -> state.putMember(s.sessionId, s.member(true)))
                .compose(x -> wasDropped && s.role.isListed() ? publish(s.sessionId, event("presence")
                        .put("action", "reconnected").put("participant", new JsonObject().put("id", s.participantId))
                        .put(EXCEPT, s.participantId), false)
                        : Future.succeededFuture())
                .compose(x -> state.snapshot(s.sessionId))
                .map(room -> joinResult(s, room));
    }

    /**
     * After the join or resume result went out: plans the participant's media against
     * the room as it is now (so a {@code renegotiate} never precedes the result).
     */
    void answered(Session s) {
        state.snapshot(s.sessionId).onSuccess(s::reconcile);
    }

    private boolean expired(Session s) {
        return !clock.instant().isBefore(s.droppedAt.plus(config.resumeWindow()));
    }

    Future<Void> leave(Session s) {
        Connection c = s.connection;
        if (c != null) {
            c.session = null;
        }
        s.connection = null;
        return leaveQuietly(s).compose(x -> !s.role.isListed() ? Future.succeededFuture()
                : publish(s.sessionId, event("presence").put("action", "left")
                .put("participant", new JsonObject().put("id", s.participantId)), true));
    }

    /** Removes a participant: its transport (and so its producers and consumers), its member entry. */
    private Future<Void> leaveQuietly(Session s) {
        Future<Void> done = s.serial(() -> {
            s.gone = true;
            return Future.succeededFuture();
        }).transform(x -> Future.<Void>succeededFuture());
        s.gone = true;
        byResume.remove(s.resumeToken);
        sessions(s.sessionId).remove(s.participantId, s);
        return done.compose(x -> media.close(s.node, Command.Kind.TRANSPORT, s.transportId))
                .compose(x -> state.removeMember(s.sessionId, s.participantId))
                .recover(e -> Future.succeededFuture());
    }

    void connectionClosed(Connection c) {
        connections.remove(c);
        Session s = c.session;
        if (s == null || s.connection != c) {
            return;
        }
        s.connection = null;
        s.droppedAt = clock.instant();
        state.putMember(s.sessionId, s.member(false))
                .compose(x -> !s.role.isListed() ? Future.succeededFuture() : publish(s.sessionId, event("presence")
                        .put("action", "disconnected").put("participant", new JsonObject().put("id", s.participantId))
                        .put(EXCEPT, s.participantId), false))
                .onFailure(e -> LOG.debug("drop of {} not recorded: {}", s.participantId, e.toString()));
    }

    /**
     * Probes the SFU nodes (and moves rooms off a node found down), removes participants dropped
     * longer than the resume window, closes idle sockets. Driven by a timer; completes when all
     * of it is done.
     */
    Future<Void> sweep() {
        Future<Void> watched = watchNodes();
        Instant now = clock.instant();
        for (Connection c : connections) {
            if (!now.isBefore(c.lastSeen.plus(config.idleTimeout()))) {
                c.close((short) 1001, "idle");
            }
        }
        List<Future<Void>> left = new ArrayList<>();
        for (Map<String, Session> room : local.values()) {
            for (Session s : room.values()) {
                if (s.connection == null && s.droppedAt != null && expired(s)) {
                    left.add(leave(s));
                }
            }
        }
        return Future.all(left).compose(x -> watched);
    }

    private Map<String, Session> sessions(String sid) {
        return local.computeIfAbsent(sid, k -> new ConcurrentHashMap<>());
    }

    // ------------------------------------------------------------------ room events

    private void onRoomEvent(String sid, JsonObject event) {
        tellWatchers(sid);
        if (MEDIA_MOVED.equals(event.getString("type"))) {
            moveLocal(sid, event.getString("node"));
            return;
        }
        Map<String, Session> here = local.get(sid);
        if (here == null || here.isEmpty()) {
            return;
        }
        boolean mediaChange = Boolean.TRUE.equals(event.remove(MEDIA));
        deliverLocal(sid, event);
        if (mediaChange) {
            state.snapshot(sid).onSuccess(room -> here.values().forEach(s -> s.reconcile(room)));
        }
    }

    private void deliverLocal(String sid, JsonObject event) {
        Map<String, Session> here = local.get(sid);
        if (here == null) {
            return;
        }
        String to = (String) event.remove(TO);
        String except = (String) event.remove(EXCEPT);
        String type = (String) event.remove("type");
        Message.Event e = new Message.Event(type, event);
        for (Session s : here.values()) {
            if ((to == null || to.equals(s.participantId)) && !s.participantId.equals(except)) {
                s.send(e);
            }
        }
    }

    /**
     * What a participant sees of the room: the listed participants and itself; viewers
     * are only counted, observers neither listed nor counted.
     */
    JsonObject roomView(RoomSnapshot room, String viewer) {
        JsonArray people = new JsonArray();
        int viewers = 0;
        for (Member m : room.members().values()) {
            if (m.role() == io.sanke.signaling.api.Role.VIEWER) {
                viewers++;
            }
            if (!m.role().isListed() && !m.id().equals(viewer)) {
                continue;
            }
            people.add(view(m, room));
        }
        return new JsonObject().put("sessionId", room.sessionId()).put("state", "open").put("participants", people)
                .put("viewers", viewers).put("hands", new JsonArray(room.hands())).put("floor", room.floor());
    }

    private static JsonObject view(Member m, RoomSnapshot room) {
        JsonArray tracks = new JsonArray();
        m.tracks().forEach((src, t) -> tracks.add(new JsonObject().put("source", src.wire()).put("kind", t.kind())
                .put("layers", t.layers())));
        return new JsonObject().put("id", m.id()).put("role", m.role().wire()).put("name", m.name())
                .put("classroomId", m.classroomId()).put("hand", room.hands().contains(m.id()))
                .put("onStage", m.id().equals(room.floor()))
                .put("muted", new JsonObject().put("audio", room.isMuted(m.id(), "audio"))
                        .put("video", room.isMuted(m.id(), "video")))
                .put("connected", m.connected()).put("tracks", tracks);
    }

    // ------------------------------------------------------------------ media watchers

    /**
     * Calls {@code watcher} with the room's media now and after every room event (on this
     * node's event loop, in event order) until the answer is closed.
     */
    AutoCloseable watchMedia(String sid, Consumer<RoomMedia> watcher) {
        watchers.computeIfAbsent(sid, k -> new CopyOnWriteArrayList<>()).add(watcher);
        tellWatchers(sid);
        return () -> watchers.computeIfPresent(sid, (k, list) -> {
            list.remove(watcher);
            if (list.isEmpty()) {
                watchOrder.remove(sid);
                return null;
            }
            return list;
        });
    }

    private void tellWatchers(String sid) {
        if (!watchers.containsKey(sid)) {
            return;
        }
        watchOrder.compute(sid, (k, previous) -> (previous == null ? Future.<Void>succeededFuture() : previous)
                .transform(x -> state.snapshot(sid)).map(room -> {
                    RoomMedia media = roomMedia(room);
                    for (Consumer<RoomMedia> w : watchers.getOrDefault(sid, List.of())) {
                        try {
                            w.accept(media);
                        } catch (RuntimeException e) {
                            LOG.warn("room media watcher failed [session:{}]", sid, e);
                        }
                    }
                    return (Void) null;
                }).otherwise(e -> {
                    LOG.warn("room media not read [session:{}]: {}", sid, e.toString());
                    return null;
                }));
    }

    private static RoomMedia roomMedia(RoomSnapshot room) {
        List<RoomMedia.Track> tracks = new ArrayList<>();
        RoomMedia.Participant floor = null;
        for (Member m : room.members().values()) {
            RoomMedia.Participant p = new RoomMedia.Participant(m.id(), m.role(), m.classroomId());
            if (m.id().equals(room.floor())) {
                floor = p;
            }
            m.tracks().forEach((source, t) -> tracks.add(new RoomMedia.Track(t.producerId(), p, source)));
        }
        return new RoomMedia(room.sessionId(), room.open(), room.sfuNode(), floor, tracks);
    }

    // ------------------------------------------------------------------ lesson events

    /** Opens a room for a lesson (idempotent). */
    Future<Boolean> openRoom(String sid, List<RosterEntry> roster) {
        return state.open(sid, roster);
    }

    /** Closes a room: tells and disconnects this node's participants, closes the SFU router, drops the state. */
    Future<Void> closeRoom(String sid, String reason) {
        Map<String, Session> here = local.remove(sid);
        speakerRooms.remove(sid);
        routers.remove(sid);
        MediaNode node = null;
        if (here != null) {
            for (Session s : here.values()) {
                s.gone = true;
                byResume.remove(s.resumeToken);
                node = s.node;
                Connection c = s.connection;
                if (c != null) {
                    c.send(new Message.Event("room-closed", new JsonObject().put("reason", reason)));
                    c.session = null;
                    c.close((short) 1000, "room closed");
                }
            }
        }
        MediaNode routerNode = node;
        return state.snapshot(sid).compose(room -> {
            MediaNode n = routerNode;
            if (room.sfuNode() != null) {
                n = nodes.stream().filter(x -> x.id().equals(room.sfuNode())).findFirst().orElse(routerNode);
            }
            return n == null ? Future.succeededFuture() : media.close(n, Command.Kind.ROUTER, sid);
        }).compose(x -> state.close(sid)).onComplete(x -> tellWatchers(sid)).mapEmpty();
    }

    /** Participants of a room present on this node (tests, benchmarks). */
    Map<String, Session> localSessions(String sid) {
        return Map.copyOf(local.getOrDefault(sid, Map.of()));
    }
}
