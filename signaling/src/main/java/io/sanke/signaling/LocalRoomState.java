package io.sanke.signaling;

import io.sanke.signaling.api.ErrorCode;
import io.sanke.signaling.api.SignalingException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/** {@link RoomState} in this process's memory, for one signaling node. Thread-safe (one lock). */
final class LocalRoomState implements RoomState {

    private static final class Room {
        final List<RosterEntry> roster;
        final Map<String, Member> members = new LinkedHashMap<>();
        final List<String> hands = new ArrayList<>();
        final Map<String, Set<String>> muted = new HashMap<>();
        String floor;
        String sfu;

        Room(List<RosterEntry> roster) {
            this.roster = List.copyOf(roster);
        }
    }

    private final Map<String, Room> rooms = new HashMap<>();
    private final List<BiConsumer<String, JsonObject>> handlers = new CopyOnWriteArrayList<>();
    private final Context context;

    LocalRoomState(Vertx vertx) {
        this.context = vertx.getOrCreateContext();
    }

    private synchronized Room room(String sid) {
        Room r = rooms.get(sid);
        if (r == null) {
            throw SignalingException.of(ErrorCode.ROOM_CLOSED, "room not open [session:" + sid + "]");
        }
        return r;
    }

    @Override
    public synchronized Future<Boolean> open(String sid, List<RosterEntry> roster) {
        return Future.succeededFuture(rooms.putIfAbsent(sid, new Room(roster)) == null);
    }

    @Override
    public synchronized Future<Boolean> close(String sid) {
        return Future.succeededFuture(rooms.remove(sid) != null);
    }

    @Override
    public synchronized Future<RoomSnapshot> snapshot(String sid) {
        Room r = rooms.get(sid);
        if (r == null) {
            return Future.succeededFuture(RoomSnapshot.closed(sid));
        }
        Map<String, Set<String>> muted = new HashMap<>();
        r.muted.forEach((k, v) -> muted.put(k, Set.copyOf(v)));
        return Future.succeededFuture(new RoomSnapshot(sid, true, r.roster, Map.copyOf(r.members),
                List.copyOf(r.hands), r.floor, Map.copyOf(muted), r.sfu));
    }

    @Override
    public Future<Void> putMember(String sid, Member member) {
        return run(() -> {
            room(sid).members.put(member.id(), member);
            return null;
        });
    }

    @Override
    public Future<Void> removeMember(String sid, String pid) {
        return run(() -> {
            Room r = rooms.get(sid);
            if (r != null) {
                r.members.remove(pid);
                r.hands.remove(pid);
                r.muted.remove(pid);
                if (pid.equals(r.floor)) {
                    r.floor = null;
                }
            }
            return null;
        });
    }

    @Override
    public Future<List<String>> raiseHand(String sid, String pid) {
        return run(() -> {
            Room r = room(sid);
            if (!r.hands.contains(pid)) {
                r.hands.add(pid);
            }
            return List.copyOf(r.hands);
        });
    }

    @Override
    public Future<List<String>> lowerHand(String sid, String pid) {
        return run(() -> {
            Room r = room(sid);
            r.hands.remove(pid);
            return List.copyOf(r.hands);
        });
    }

    @Override
    public Future<String> setFloor(String sid, String pid) {
        return run(() -> {
            Room r = room(sid);
            String previous = r.floor;
            r.floor = pid;
            if (pid != null) {
                r.hands.remove(pid);
            }
            return previous;
        });
    }

    @Override
    public Future<Void> setMuted(String sid, String pid, String kind, boolean muted) {
        return run(() -> {
            Room r = room(sid);
            Set<String> kinds = r.muted.computeIfAbsent(pid, k -> new HashSet<>());
            if (muted) {
                kinds.add(kind);
            } else {
                kinds.remove(kind);
            }
            return null;
        });
    }

    @Override
    public Future<String> claimSfuNode(String sid, String nodeId) {
        return run(() -> {
            Room r = room(sid);
            if (r.sfu == null) {
                r.sfu = nodeId;
            }
            return r.sfu;
        });
    }

    @Override
    public Future<String> moveSfuNode(String sid, String from, String to) {
        return run(() -> {
            Room r = room(sid);
            if (from.equals(r.sfu)) {
                r.sfu = to;
                r.members.replaceAll((id, m) -> new Member(m.id(), m.role(), m.name(), m.classroomId(), m.node(),
                        m.connected(), Map.of()));
            }
            return r.sfu;
        });
    }

    @Override
    public Future<Void> publish(String sid, JsonObject event) {
        JsonObject copy = event.copy();
        context.runOnContext(v -> handlers.forEach(h -> h.accept(sid, copy)));
        return Future.succeededFuture();
    }

    @Override
    public void onEvent(BiConsumer<String, JsonObject> handler) {
        handlers.add(handler);
    }

    @Override
    public Future<Void> shutdown() {
        return Future.succeededFuture();
    }

    private interface Work<T> {
        T run();
    }

    private synchronized <T> Future<T> run(Work<T> work) {
        try {
            return Future.succeededFuture(work.run());
        } catch (SignalingException e) {
            return Future.failedFuture(e);
        }
    }
}
