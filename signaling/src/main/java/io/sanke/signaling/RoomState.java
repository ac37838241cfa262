package io.sanke.signaling;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * The shared state of lesson rooms and the fan-out of room events to every signaling
 * node, with one shape for one node ({@link LocalRoomState}) and many
 * ({@link RedisRoomState}), in the manner of LiveKit's LocalRouter / RedisRouter.
 * Every mutation is atomic; none of them talks to sockets or the SFU.
 */
interface RoomState {

    /** Opens a room with the lesson's roster; true if it was not open yet (idempotent). */
    Future<Boolean> open(String sessionId, List<RosterEntry> roster);

    /** Closes a room and drops all its state; true if it was open. */
    Future<Boolean> close(String sessionId);

    Future<RoomSnapshot> snapshot(String sessionId);

    /** Adds or replaces a present participant. Fails with ROOM_CLOSED when the room is not open. */
    Future<Void> putMember(String sessionId, Member member);

    /** Removes a participant: also its hand, its mutes, and the floor if it held it. */
    Future<Void> removeMember(String sessionId, String participantId);

    /** Appends a hand (idempotent); the queue after. */
    Future<List<String>> raiseHand(String sessionId, String participantId);

    /** The queue after removing the hand. */
    Future<List<String>> lowerHand(String sessionId, String participantId);

    /** Puts {@code participantId} (null: nobody) on stage and lowers its hand; the previous holder. */
    Future<String> setFloor(String sessionId, String participantId);

    Future<Void> setMuted(String sessionId, String participantId, String kind, boolean muted);

    /** Records the SFU node of the room unless one is recorded; the node recorded. */
    Future<String> claimSfuNode(String sessionId, String nodeId);

    /**
     * Moves the room's SFU node from {@code from} (found dead) to {@code to} if it is still
     * {@code from}, and drops every member's published tracks (they lived on {@code from}); a
     * compare-and-set, so two signaling nodes moving at once agree on one node. The node
     * recorded after. Fails with ROOM_CLOSED when the room is not open.
     */
    Future<String> moveSfuNode(String sessionId, String from, String to);

    /** Sends a room event to every node (this one included). */
    Future<Void> publish(String sessionId, JsonObject event);

    /** Where room events from {@link #publish} arrive, on this node's event loop. */
    void onEvent(BiConsumer<String, JsonObject> handler);

    Future<Void> shutdown();
}
