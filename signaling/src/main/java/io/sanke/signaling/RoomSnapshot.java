package io.sanke.signaling;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One consistent read of a room's shared state.
 *
 * @param open    false: no such room (never opened or closed)
 * @param members present participants by id (including dropped ones inside the resume window)
 * @param hands   raised hands, oldest first
 * @param floor   the participant on stage, or null
 * @param muted   participant id → muted kinds ({@code audio}, {@code video})
 * @param sfuNode the SFU node holding the room's router, or null before the first join
 */
record RoomSnapshot(String sessionId, boolean open, List<RosterEntry> roster, Map<String, Member> members,
                    List<String> hands, String floor, Map<String, Set<String>> muted, String sfuNode) {

    static RoomSnapshot closed(String sessionId) {
        return new RoomSnapshot(sessionId, false, List.of(), Map.of(), List.of(), null, Map.of(), null);
    }

    Optional<RosterEntry> rosterEntry(String participantId) {
        return roster.stream().filter(r -> r.id().equals(participantId)).findFirst();
    }

    boolean isMuted(String participantId, String kind) {
        return muted.getOrDefault(participantId, Set.of()).contains(kind);
    }
}
