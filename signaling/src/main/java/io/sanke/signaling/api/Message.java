package io.sanke.signaling.api;

import io.vertx.core.json.JsonObject;

/**
 * Every message of protocol version 1 (docs/protocol.md). Requests go client → server
 * and carry an {@code id}; {@link Result}, {@link Error} and {@link Event} go server →
 * client. {@link MessageCodec} turns text into these records and back, strictly.
 */
public sealed interface Message {

    /** A client request; answered by one {@link Result} or {@link Error} with the same id. */
    sealed interface Request extends Message {
        String id();

        /** The wire {@code type}. */
        String type();
    }

    record Join(String id, String sessionId, String token) implements Request {
        public String type() {
            return "join";
        }
    }

    record Resume(String id, String resumeToken) implements Request {
        public String type() {
            return "resume";
        }
    }

    record Offer(String id, String sdp, boolean iceRestart) implements Request {
        public String type() {
            return "offer";
        }
    }

    /** A trickled client candidate; {@code candidate} empty = end of candidates. */
    record Candidate(String id, String candidate, String sdpMid) implements Request {
        public String type() {
            return "candidate";
        }
    }

    record Publish(String id, Source source, String mid) implements Request {
        public String type() {
            return "publish";
        }
    }

    record Unpublish(String id, Source source) implements Request {
        public String type() {
            return "unpublish";
        }
    }

    /** Layer preferences for one received track; {@code -1} = leave as the lesson rules chose. */
    record Subscribe(String id, String participantId, Source source, int spatialLayer, int temporalLayer,
                     boolean paused) implements Request {
        public String type() {
            return "subscribe";
        }
    }

    record RaiseHand(String id) implements Request {
        public String type() {
            return "raise-hand";
        }
    }

    /** {@code participantId} null = your own hand. */
    record LowerHand(String id, String participantId) implements Request {
        public String type() {
            return "lower-hand";
        }
    }

    record GrantFloor(String id, String participantId) implements Request {
        public String type() {
            return "grant-floor";
        }
    }

    record RevokeFloor(String id) implements Request {
        public String type() {
            return "revoke-floor";
        }
    }

    /**
     * {@code mute} ({@code mute = true}) or {@code unmute}: exactly one of
     * {@code participantId} and {@code all}; {@code kind} is {@code audio} or {@code video}.
     */
    record Mute(String id, String participantId, boolean all, String kind, boolean mute) implements Request {
        public String type() {
            return mute ? "mute" : "unmute";
        }
    }

    record Chat(String id, String text) implements Request {
        public String type() {
            return "chat";
        }
    }

    record Leave(String id) implements Request {
        public String type() {
            return "leave";
        }
    }

    record Ping(String id) implements Request {
        public String type() {
            return "ping";
        }
    }

    /** The answer to a request that succeeded. */
    record Result(String id, JsonObject result) implements Message {
    }

    /**
     * The answer to a request that failed, or to a message that was not one.
     * {@code id} is null when the message had no usable id. {@code detail} is English.
     */
    record Error(String id, ErrorCode code, String detail) implements Message {
    }

    /** A server event (no id): {@code presence}, {@code hands}, {@code floor}, ... */
    record Event(String type, JsonObject fields) implements Message {
    }
}
