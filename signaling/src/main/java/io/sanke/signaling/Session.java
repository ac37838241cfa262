package io.sanke.signaling;

import io.sanke.media.api.Command;
import io.sanke.media.api.Reply;
import io.sanke.signaling.api.ErrorCode;
import io.sanke.signaling.api.LessonToken;
import io.sanke.signaling.api.MediaNode;
import io.sanke.signaling.api.Message;
import io.sanke.signaling.api.Role;
import io.sanke.signaling.api.SignalingException;
import io.sanke.signaling.api.Source;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One participant of a room held by this node: its WebRTC transport on the SFU, the
 * sources it declared and publishes, the consumers bound to the receive m-sections of
 * its offers, and its layer preferences. Outlives its socket for the resume window.
 * Every operation runs through one serial queue, so requests and reactions to room
 * events never interleave. Does not decide who receives what: {@link LessonRules} does.
 */
final class Session {
    /** A consumer bound to a receive mid of this participant's transport. */
    record Bound(String consumerId, String mid, String kind, String producerId, int spatial, boolean paused) {
    }

    /** What the participant asked with {@code subscribe}. */
    record Preference(int spatial, int temporal, boolean paused) {
    }

    final Rooms rooms;
    final LessonToken token;
    final String sessionId;
    final String participantId;
    final Role role;
    /** The room's SFU node and this participant's transport on it; both change when the room moves. */
    MediaNode node;
    String transportId;
    private final Map<String, Source> declared = new HashMap<>();
    private final Map<Source, String> producers = new LinkedHashMap<>();
    private final Map<String, Bound> bound = new LinkedHashMap<>();
    private final Map<String, Preference> preferences = new HashMap<>();
    private Set<String> recvMids = Set.of();
    private String lastRenegotiate = "";
    private int consumerSeq;
    /** The WebRTC transport is made at the first offer: a socket that never negotiates costs the SFU nothing. */
    private boolean transportCreated;
    private Future<Void> tail = Future.succeededFuture();
    Connection connection;
    String resumeToken;
    Instant droppedAt;
    boolean gone;

    Session(Rooms rooms, LessonToken token, MediaNode node, String transportId) {
        this.rooms = rooms;
        this.token = token;
        this.sessionId = token.sessionId();
        this.participantId = token.participantId();
        this.role = token.role();
        this.node = node;
        this.transportId = transportId;
    }

    /**
     * Runs {@code work} after everything queued before it (success or not). The queue
     * keeps only a result-less future, never the work or its result: a long-lived
     * participant must not retain the room snapshots its past work captured.
     */
    <T> Future<T> serial(Supplier<Future<T>> work) {
        Promise<T> result = Promise.promise();
        Promise<Void> done = Promise.promise();
        Future<Void> previous = tail;
        tail = done.future();
        previous.onComplete(x -> {
            Future<T> f;
            if (gone) {
                f = Future.failedFuture(SignalingException.of(ErrorCode.ROOM_CLOSED,
                        "participant left [participant:" + participantId + "]"));
            } else {
                try {
                    f = work.get();
                } catch (SignalingException e) {
                    f = Future.failedFuture(e);
                }
            }
            f.onComplete(ar -> {
                done.complete();
                result.handle(ar);
            });
        });
        return result.future();
    }

    Member member(boolean connected) {
        Map<Source, Member.Track> tracks = new LinkedHashMap<>();
        producers.forEach((s, p) -> tracks.put(s, new Member.Track(p, s.kind(), s.maxLayers())));
        return new Member(participantId, role, token.name(), token.classroomId(), rooms.nodeId(), connected, tracks);
    }

    void send(Message m) {
        Connection c = connection;
        if (c != null) {
            c.send(m);
        }
    }

    /**
     * The room moved to {@code to} (its node died): forgets every piece of media state that
     * lived on the old node (transport, declared and published sources, consumers, receive
     * mids), records the member without tracks and tells the participant {@code media-moved},
     * after which it offers and publishes again as at join. False when already on {@code to}.
     */
    Future<Boolean> moveTo(MediaNode to, String newTransportId) {
        return serial(() -> {
            if (node.id().equals(to.id())) {
                return Future.succeededFuture(false);
            }
            node = to;
            transportId = newTransportId;
            transportCreated = false;
            declared.clear();
            producers.clear();
            bound.clear();
            recvMids = Set.of();
            lastRenegotiate = "";
            return rooms.state().putMember(sessionId, member(connection != null)).map(x -> {
                send(new Message.Event("media-moved", new JsonObject().put("reason", "media-node")));
                return true;
            });
        });
    }

    // ------------------------------------------------------------------ requests

    Future<JsonObject> handle(Message.Request r) {
        return serial(() -> switch (r) {
            case Message.Offer o -> offer(o);
            case Message.Candidate c -> Future.succeededFuture(new JsonObject());
            case Message.Publish p -> publish(p);
            case Message.Unpublish u -> unpublish(u);
            case Message.Subscribe s -> subscribe(s);
            case Message.RaiseHand h -> raiseHand();
            case Message.LowerHand h -> lowerHand(h);
            case Message.GrantFloor g -> floor(g.participantId());
            case Message.RevokeFloor g -> floor(null);
            case Message.Mute m -> mute(m);
            case Message.Chat c -> chat(c);
            default -> throw new IllegalStateException("not a room request: " + r.type());
        });
    }

    private static SignalingException error(ErrorCode code, String detail) {
        return SignalingException.of(code, detail);
    }

    private Future<JsonObject> publish(Message.Publish p) {
        if (!role.mayPublish(p.source())) {
            throw error(ErrorCode.FORBIDDEN, "role may not publish [role:" + role.wire() + ", source:"
                    + p.source().wire() + "]");
        }
        if (producers.containsKey(p.source()) || declared.containsValue(p.source())) {
            throw error(ErrorCode.ALREADY_PUBLISHED, "source already published [source:" + p.source().wire() + "]");
        }
        if (declared.containsKey(p.mid()) || recvMids.contains(p.mid())) {
            throw error(ErrorCode.BAD_MESSAGE, "mid already in use [mid:" + p.mid() + "]");
        }
        declared.put(p.mid(), p.source());
        return Future.succeededFuture(new JsonObject());
    }

    private Future<JsonObject> unpublish(Message.Unpublish u) {
        String producer = producers.get(u.source());
        if (producer == null) {
            if (declared.values().remove(u.source())) {
                return Future.succeededFuture(new JsonObject());
            }
            throw error(ErrorCode.NOT_FOUND, "source not published [source:" + u.source().wire() + "]");
        }
        return rooms.media().close(node, Command.Kind.PRODUCER, producer).compose(x -> {
            producers.remove(u.source());
            declared.values().remove(u.source());
            return rooms.state().putMember(sessionId, member(true));
        }).compose(x -> rooms.publish(sessionId, Rooms.event("unpublished").put("participantId", participantId)
                .put("source", u.source().wire()).put("kind", u.source().kind()).put(Rooms.EXCEPT, participantId), true))
                .map(new JsonObject());
    }

    private Future<JsonObject> offer(Message.Offer o) {
        OfferSections offer = OfferSections.parse(o.sdp());
        Set<String> sends = new HashSet<>();
        for (OfferSections.Section s : offer.sections()) {
            if (s.sends()) {
                if (!role.mayPublish(Source.CAMERA) && !role.mayPublish(Source.MICROPHONE)) {
                    throw error(ErrorCode.FORBIDDEN, "role may not send media [role:" + role.wire() + ", mid:"
                            + s.mid() + "]");
                }
                if (!declared.containsKey(s.mid())) {
                    throw error(ErrorCode.NOT_PUBLISHED, "offer sends an undeclared m-section [mid:" + s.mid() + "]");
                }
                sends.add(s.mid());
            }
        }
        Future<Void> transport = transportCreated ? Future.succeededFuture()
                : rooms.media().run(node, new Command.CreateWebRtcTransport(sessionId, transportId)).map(t -> {
                    transportCreated = true;
                    return null;
                });
        return transport.compose(t -> rooms.state().snapshot(sessionId)).compose(room -> {
            if (!room.open()) {
                return Future.failedFuture(error(ErrorCode.ROOM_CLOSED, "room closed [session:" + sessionId + "]"));
            }
            Plan plan = plan(room, offer);
            return apply(plan).compose(created -> rooms.media().run(node, new Command.ProcessOffer(transportId, o.sdp()))
                    .recover(e -> undo(created).compose(x -> Future.failedFuture(e)))
                    .compose(answer -> afterAnswer(answer, plan, offer)));
        });
    }

    /** Changes to the consumers an offer brings: consumers to close, to create on free mids, to adjust. */
    private record Plan(List<String> close, List<Bound> create, List<Bound> adjust, Map<String, LessonRules.Want> wants,
                        Map<String, Bound> next, Set<String> recvMids) {
    }

    private Plan plan(RoomSnapshot room, OfferSections offer) {
        Map<String, LessonRules.Want> wants = new LinkedHashMap<>();
        for (LessonRules.Want w : LessonRules.wanted(participantId, room)) {
            wants.put(w.key(), w);
        }
        Set<String> recv = new HashSet<>();
        Map<String, String> kindOfMid = new HashMap<>();
        for (OfferSections.Section s : offer.sections()) {
            if (s.receives() && !s.sends()) {
                recv.add(s.mid());
                kindOfMid.put(s.mid(), s.kind());
            }
        }
        List<String> close = new ArrayList<>();
        List<Bound> adjust = new ArrayList<>();
        Map<String, Bound> next = new LinkedHashMap<>();
        Set<String> usedMids = new HashSet<>();
        for (var e : bound.entrySet()) {
            LessonRules.Want w = wants.get(e.getKey());
            Bound b = e.getValue();
            if (w == null || !w.producerId().equals(b.producerId()) || !recv.contains(b.mid())) {
                close.add(b.consumerId());
                continue;
            }
            Bound want = withPreference(e.getKey(), b, w);
            if (want.spatial() != b.spatial() || want.paused() != b.paused()) {
                adjust.add(want);
            }
            next.put(e.getKey(), want);
            usedMids.add(b.mid());
        }
        List<Bound> create = new ArrayList<>();
        for (var e : wants.entrySet()) {
            if (next.containsKey(e.getKey())) {
                continue;
            }
            LessonRules.Want w = e.getValue();
            String mid = kindOfMid.entrySet().stream()
                    .filter(m -> m.getValue().equals(w.kind()) && !usedMids.contains(m.getKey()))
                    .map(Map.Entry::getKey).sorted(Session::byNumber).findFirst().orElse(null);
            if (mid == null) {
                continue; // not enough receive transceivers: renegotiate asks for more
            }
            usedMids.add(mid);
            Bound b = withPreference(e.getKey(), new Bound(transportId + "/c" + (++consumerSeq), mid, w.kind(),
                    w.producerId(), -1, false), w);
            create.add(b);
            next.put(e.getKey(), b);
        }
        return new Plan(close, create, adjust, wants, next, recv);
    }

    private static int byNumber(String a, String b) {
        try {
            return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }

    private Bound withPreference(String key, Bound b, LessonRules.Want w) {
        Preference p = preferences.get(key);
        int spatial = p == null || p.spatial() < 0 ? w.spatialLayer() : Math.min(w.spatialLayer(), p.spatial());
        boolean paused = w.paused() || p != null && p.paused();
        return new Bound(b.consumerId(), b.mid(), b.kind(), b.producerId(), spatial, paused);
    }

    /** Creates and adjusts consumers; the ids created (to undo if the offer fails). */
    private Future<List<String>> apply(Plan plan) {
        Future<Void> f = Future.succeededFuture();
        List<String> created = new ArrayList<>();
        for (String id : plan.close()) {
            f = f.compose(x -> rooms.media().close(node, Command.Kind.CONSUMER, id));
        }
        for (Bound b : plan.create()) {
            f = f.compose(x -> rooms.media().run(node, new Command.CreateConsumer(transportId, b.consumerId(),
                    b.producerId(), b.mid()))).compose(x -> {
                        created.add(b.consumerId());
                        return configure(b);
                    });
        }
        for (Bound b : plan.adjust()) {
            f = f.compose(x -> configure(b));
        }
        return f.map(x -> created).recover(e -> undo(created).compose(x -> Future.failedFuture(e)));
    }

    private Future<Void> configure(Bound b) {
        Future<Void> f = Future.succeededFuture();
        if (b.kind().equals("video") && b.spatial() >= 0) {
            Preference p = preferences.get(keyOf(b));
            int temporal = p == null || p.temporal() < 0 ? 2 : p.temporal();
            f = f.compose(x -> rooms.media().run(node, new Command.SetPreferredLayers(b.consumerId(), b.spatial(),
                    temporal)).mapEmpty());
        }
        return f.compose(x -> rooms.media().run(node, new Command.SetPaused(b.consumerId(), b.paused())).mapEmpty());
    }

    private String keyOf(Bound b) {
        for (var e : bound.entrySet()) {
            if (e.getValue().consumerId().equals(b.consumerId())) {
                return e.getKey();
            }
        }
        return "";
    }

    private Future<Void> undo(List<String> created) {
        Future<Void> f = Future.succeededFuture();
        for (String id : created) {
            f = f.compose(x -> rooms.media().close(node, Command.Kind.CONSUMER, id));
        }
        return f;
    }

    private Future<JsonObject> afterAnswer(Reply.Answer answer, Plan plan, OfferSections offer) {
        bound.clear();
        bound.putAll(plan.next());
        recvMids = plan.recvMids();
        JsonArray tracks = new JsonArray();
        List<Map.Entry<String, Bound>> byMid = new ArrayList<>(bound.entrySet());
        byMid.sort((a, b) -> byNumber(a.getValue().mid(), b.getValue().mid()));
        for (var e : byMid) {
            LessonRules.Want w = plan.wants().get(e.getKey());
            tracks.add(new JsonObject().put("mid", e.getValue().mid()).put("kind", e.getValue().kind())
                    .put("participantId", w.publisherId()).put("source", w.source().wire()));
        }
        List<Source> published = new ArrayList<>();
        for (Reply.ProducerInfo p : answer.producers()) {
            Source s = declared.get(p.mid());
            if (s != null && !p.producerId().equals(producers.get(s))) {
                producers.put(s, p.producerId());
                published.add(s);
            }
        }
        JsonObject result = new JsonObject().put("sdp", answer.answerSdp()).put("tracks", tracks);
        int[] missing = missing(plan);
        lastRenegotiate = missing[0] + missing[1] == 0 ? "" : lastRenegotiate;
        if (published.isEmpty()) {
            return Future.succeededFuture(result);
        }
        Future<Void> f = rooms.state().putMember(sessionId, member(true));
        for (Source s : published) {
            f = f.compose(x -> rooms.publish(sessionId, Rooms.event("published").put("participantId", participantId)
                    .put("source", s.wire()).put("kind", s.kind()).put(Rooms.EXCEPT, participantId), true));
        }
        return f.map(result);
    }

    /** Wanted tracks with no receive mid yet, by kind: {audio, video}. */
    private static int[] missing(Plan plan) {
        int[] n = new int[2];
        for (var e : plan.wants().entrySet()) {
            if (!plan.next().containsKey(e.getKey())) {
                n[e.getValue().kind().equals("audio") ? 0 : 1]++;
            }
        }
        return n;
    }

    /**
     * Brings consumers in line with the room after a room event: closes what is no longer
     * wanted, adjusts layers and pauses, and asks for a renegotiation when new tracks
     * need receive m-sections.
     */
    Future<Void> reconcile(RoomSnapshot room) {
        return serial(() -> {
            Map<String, LessonRules.Want> wants = new LinkedHashMap<>();
            for (LessonRules.Want w : LessonRules.wanted(participantId, room)) {
                wants.put(w.key(), w);
            }
            Future<Void> f = Future.succeededFuture();
            int audio = 0;
            int video = 0;
            boolean unbound = false;
            for (var e : new ArrayList<>(bound.entrySet())) {
                LessonRules.Want w = wants.get(e.getKey());
                Bound b = e.getValue();
                if (w == null || !w.producerId().equals(b.producerId())) {
                    bound.remove(e.getKey());
                    f = f.compose(x -> rooms.media().close(node, Command.Kind.CONSUMER, b.consumerId()));
                    continue;
                }
                Bound want = withPreference(e.getKey(), b, w);
                if (want.spatial() != b.spatial() || want.paused() != b.paused()) {
                    bound.put(e.getKey(), want);
                    f = f.compose(x -> configure(want));
                }
            }
            for (var e : wants.entrySet()) {
                if (e.getValue().kind().equals("audio")) {
                    audio++;
                } else {
                    video++;
                }
                unbound |= !bound.containsKey(e.getKey());
            }
            String ask = audio + "/" + video;
            if (unbound && !ask.equals(lastRenegotiate)) {
                lastRenegotiate = ask;
                send(new Message.Event("renegotiate", new JsonObject().put("audio", audio).put("video", video)
                        .put("reason", "tracks")));
            }
            return f.recover(e -> Future.succeededFuture());
        });
    }

    private Future<JsonObject> subscribe(Message.Subscribe s) {
        String key = s.participantId() + "/" + s.source().wire();
        return rooms.state().snapshot(sessionId).compose(room -> {
            boolean receives = LessonRules.wanted(participantId, room).stream().anyMatch(w -> w.key().equals(key));
            if (!receives) {
                return Future.failedFuture(error(ErrorCode.NOT_FOUND, "no such received track [participant:"
                        + s.participantId() + ", source:" + s.source().wire() + "]"));
            }
            preferences.put(key, new Preference(s.spatialLayer(), s.temporalLayer(), s.paused()));
            Bound b = bound.get(key);
            if (b == null) {
                return Future.succeededFuture(new JsonObject());
            }
            LessonRules.Want w = LessonRules.wanted(participantId, room).stream().filter(x -> x.key().equals(key))
                    .findFirst().orElseThrow();
            Bound want = withPreference(key, b, w);
            bound.put(key, want);
            return configure(want).map(new JsonObject());
        });
    }

    private Future<JsonObject> raiseHand() {
        if (!role.mayRaiseHand()) {
            throw error(ErrorCode.FORBIDDEN, "role may not raise a hand [role:" + role.wire() + "]");
        }
        return rooms.state().raiseHand(sessionId, participantId).compose(hands -> rooms.publish(sessionId,
                Rooms.event("hands").put("hands", new JsonArray(hands)), false).map(new JsonObject()
                .put("hands", new JsonArray(hands))));
    }

    private Future<JsonObject> lowerHand(Message.LowerHand h) {
        String target = h.participantId() == null ? participantId : h.participantId();
        return rooms.state().snapshot(sessionId).compose(room -> {
            Member me = room.members().get(participantId);
            Member other = room.members().get(target);
            if (me == null || other == null) {
                return Future.failedFuture(error(ErrorCode.NOT_FOUND, "participant not in the room [id:" + target + "]"));
            }
            if (!LessonRules.mayLowerHand(me, other)) {
                return Future.failedFuture(error(ErrorCode.FORBIDDEN, "may not lower this hand [role:" + role.wire()
                        + ", participant:" + target + "]"));
            }
            return rooms.state().lowerHand(sessionId, target).compose(hands -> rooms.publish(sessionId,
                    Rooms.event("hands").put("hands", new JsonArray(hands)), false)
                    .map(new JsonObject().put("hands", new JsonArray(hands))));
        });
    }

    private Future<JsonObject> floor(String target) {
        if (!role.isTeacher()) {
            throw error(ErrorCode.FORBIDDEN, "only a teacher gives or takes the floor [role:" + role.wire() + "]");
        }
        return rooms.state().snapshot(sessionId).compose(room -> {
            if (target != null) {
                Member m = room.members().get(target);
                if (m == null || m.role().isHidden()) {
                    return Future.failedFuture(error(ErrorCode.NOT_FOUND, "participant not in the room [id:" + target + "]"));
                }
                if (!m.role().mayTakeFloor()) {
                    return Future.failedFuture(error(ErrorCode.BAD_MESSAGE, "participant cannot take the floor [id:"
                            + target + ", role:" + m.role().wire() + "]"));
                }
            }
            return rooms.state().setFloor(sessionId, target)
                    .compose(prev -> rooms.state().snapshot(sessionId))
                    .compose(after -> rooms.publish(sessionId, Rooms.event("hands")
                            .put("hands", new JsonArray(after.hands())), false))
                    .compose(x -> rooms.publish(sessionId, Rooms.event("floor").put("participantId", target)
                            .put("by", participantId), true))
                    .map(new JsonObject().put("floor", target));
        });
    }

    private Future<JsonObject> mute(Message.Mute m) {
        if (!role.isTeacher()) {
            throw error(ErrorCode.FORBIDDEN, "only a teacher mutes [role:" + role.wire() + "]");
        }
        return rooms.state().snapshot(sessionId).compose(room -> {
            List<String> targets = new ArrayList<>();
            if (m.all()) {
                room.members().values().stream().filter(x -> !x.id().equals(participantId) && x.role().isListed())
                        .forEach(x -> targets.add(x.id()));
            } else {
                Member t = room.members().get(m.participantId());
                if (t == null || t.role().isHidden()) {
                    return Future.failedFuture(error(ErrorCode.NOT_FOUND, "participant not in the room [id:"
                            + m.participantId() + "]"));
                }
                targets.add(t.id());
            }
            Future<Void> f = Future.succeededFuture();
            for (String t : targets) {
                f = f.compose(x -> rooms.state().setMuted(sessionId, t, m.kind(), m.mute()));
            }
            return f.compose(x -> rooms.state().snapshot(sessionId)).compose(after -> {
                Future<Void> g = Future.succeededFuture();
                for (String t : targets) {
                    g = g.compose(x -> rooms.publish(sessionId, Rooms.event("muted").put("participantId", t)
                            .put("audio", after.isMuted(t, "audio")).put("video", after.isMuted(t, "video")), true));
                    if (m.mute()) {
                        g = g.compose(x -> rooms.publish(sessionId, Rooms.event("mute-request").put("kind", m.kind())
                                .put("by", participantId).put(Rooms.TO, t), false));
                    }
                }
                return g;
            }).map(new JsonObject().put("muted", new JsonArray(targets)));
        });
    }

    private Future<JsonObject> chat(Message.Chat c) {
        if (!role.mayChat()) {
            throw error(ErrorCode.FORBIDDEN, "role may not chat [role:" + role.wire() + "]");
        }
        String text = c.text().strip();
        if (text.isEmpty()) {
            throw error(ErrorCode.BAD_MESSAGE, "field text must not be empty [type:chat]");
        }
        int max = rooms.config().chatMaxLength();
        if (text.codePointCount(0, text.length()) > max) {
            throw error(ErrorCode.CHAT_TOO_LONG, "chat text over " + max + " characters");
        }
        return rooms.publish(sessionId, Rooms.event("chat").put("from", participantId).put("name", token.name())
                .put("role", role.wire()).put("text", escape(text)).put("at", rooms.clock().instant().toString()), false)
                .map(new JsonObject());
    }

    /** HTML-escapes {@code & < > " '}. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
