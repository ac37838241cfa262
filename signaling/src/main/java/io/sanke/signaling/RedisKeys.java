package io.sanke.signaling;

/**
 * Every Redis key and channel signaling uses. Per-room keys share the hash tag
 * {@code {sessionId}} so a room lives in one Redis Cluster slot.
 */
final class RedisKeys {
    private RedisKeys() {
    }

    /** Set: ids of open rooms (lesson sessions). */
    static final String ROOMS = "sanke:rooms";
    /** Pub/Sub channel: room events {@code {"sid":..,"event":{..}}} fanned out to every signaling node. */
    static final String EVENTS_CHANNEL = "sanke:signaling:room-events";

    /** Hash: {@code roster} (JSON array), {@code floor}, {@code sfu} (SFU node id), {@code opened}. */
    static String room(String sid) {
        return "sanke:room:{" + sid + "}";
    }

    /** Hash: participant id → {@link Member} JSON. */
    static String members(String sid) {
        return room(sid) + ":members";
    }

    /** List: raised hands, oldest first. */
    static String hands(String sid) {
        return room(sid) + ":hands";
    }

    /** Hash: {@code <participantId>:<audio|video>} → {@code 1} while muted. */
    static String muted(String sid) {
        return room(sid) + ":muted";
    }
}
