package io.sanke.signaling.api;

import java.util.List;

/**
 * What a lesson room carries on its SFU at one moment, for parts outside signaling that
 * follow a lesson's media (the recorder's live capture, composed in infra). The router
 * of a room has the room's session id.
 *
 * @param open    false once the room is closed (or was never opened)
 * @param sfuNode the SFU node holding the room's router, or null before the first join
 * @param floor   the participant on stage, or null
 * @param tracks  every live published track, in member order
 */
public record RoomMedia(String sessionId, boolean open, String sfuNode, Participant floor, List<Track> tracks) {

    public RoomMedia {
        tracks = List.copyOf(tracks);
    }

    /** A present participant: id, role and classroom (null for teachers, studios, observers). */
    public record Participant(String id, Role role, String classroomId) {
    }

    /** A published track: its SFU producer, who sends it and what it carries. */
    public record Track(String producerId, Participant from, Source source) {
        /** {@code audio} or {@code video}. */
        public String kind() {
            return source.kind();
        }
    }
}
