package io.sanke.signaling.api;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Strict text ↔ {@link Message} codec of protocol version 1. {@link #decode} never
 * throws: a text that is not a valid request becomes an {@link Message.Error} with the
 * code of its first fault (size, JSON, version, type, id, then fields, in that order)
 * and the request id when it could be read. Unknown fields are ignored.
 */
public final class MessageCodec {
    public static final int VERSION = 1;
    /** Largest message in bytes (UTF-8), also the WebSocket frame limit. */
    public static final int MAX_BYTES = 64 * 1024;
    static final int MAX_ID = 64;
    static final int MAX_TOKEN = 8 * 1024;
    static final int MAX_NAME = 256;
    /** The largest chat text the codec accepts before the configured limit is applied. */
    static final int MAX_TEXT = 16 * 1024;

    public static final Set<String> REQUEST_TYPES = Set.of("join", "resume", "offer", "candidate", "publish",
            "unpublish", "subscribe", "raise-hand", "lower-hand", "grant-floor", "revoke-floor", "mute", "unmute",
            "chat", "leave", "ping");

    private MessageCodec() {
    }

    /** A request, or the {@link Message.Error} to answer it with. */
    public static Message decode(String text) {
        if (text == null) {
            return new Message.Error(null, ErrorCode.BAD_JSON, "empty message");
        }
        if (text.length() > MAX_BYTES || text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return new Message.Error(null, ErrorCode.TOO_LARGE, "message over " + MAX_BYTES + " bytes");
        }
        JsonObject json;
        try {
            json = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            return new Message.Error(null, ErrorCode.BAD_JSON, "not a JSON object");
        }
        Object rawId = json.getValue("id");
        String id = rawId instanceof String s && !s.isEmpty() && s.length() <= MAX_ID ? s : null;
        Object v = json.getValue("v");
        if (!(v instanceof Number n) || n.doubleValue() != VERSION) {
            return new Message.Error(id, ErrorCode.BAD_VERSION, "unsupported version [v:" + v + "], expected 1");
        }
        Object type = json.getValue("type");
        if (!(type instanceof String t) || !REQUEST_TYPES.contains(t)) {
            return new Message.Error(id, ErrorCode.UNKNOWN_TYPE, "unknown type [type:" + type + "]");
        }
        if (id == null) {
            return new Message.Error(null, ErrorCode.BAD_MESSAGE, "field id must be a string of 1.." + MAX_ID
                    + " characters [type:" + t + "]");
        }
        try {
            return request(t, id, new Fields(json, t));
        } catch (SignalingException e) {
            return new Message.Error(id, e.code(), e.getMessage());
        }
    }

    private static Message.Request request(String type, String id, Fields f) {
        return switch (type) {
            case "join" -> new Message.Join(id, f.string("sessionId", MAX_NAME), f.string("token", MAX_TOKEN));
            case "resume" -> new Message.Resume(id, f.string("resumeToken", MAX_NAME));
            case "offer" -> new Message.Offer(id, f.sdp("sdp"), f.bool("iceRestart", false));
            case "candidate" -> new Message.Candidate(id, f.candidate("candidate"), f.optString("sdpMid", MAX_ID));
            case "publish" -> new Message.Publish(id, f.source("source"), f.string("mid", MAX_ID));
            case "unpublish" -> new Message.Unpublish(id, f.source("source"));
            case "subscribe" -> new Message.Subscribe(id, f.string("participantId", MAX_NAME), f.source("source"),
                    f.layer("spatialLayer"), f.layer("temporalLayer"), f.bool("paused", false));
            case "raise-hand" -> new Message.RaiseHand(id);
            case "lower-hand" -> new Message.LowerHand(id, f.optString("participantId", MAX_NAME));
            case "grant-floor" -> new Message.GrantFloor(id, f.string("participantId", MAX_NAME));
            case "revoke-floor" -> new Message.RevokeFloor(id);
            case "mute", "unmute" -> mute(id, f, type.equals("mute"));
            case "chat" -> new Message.Chat(id, f.text("text"));
            case "leave" -> new Message.Leave(id);
            case "ping" -> new Message.Ping(id);
            default -> throw new IllegalStateException(type);
        };
    }

    private static Message.Mute mute(String id, Fields f, boolean mute) {
        String participant = f.optString("participantId", MAX_NAME);
        boolean all = f.bool("all", false);
        if ((participant == null) == !all) {
            throw f.bad("exactly one of participantId and all:true is needed");
        }
        String kind = f.string("kind", 16);
        if (!kind.equals("audio") && !kind.equals("video")) {
            throw f.bad("field kind must be audio or video [kind:" + kind + "]");
        }
        return new Message.Mute(id, participant, all, kind, mute);
    }

    /** The JSON text of any message (requests too, for clients and tests). */
    public static String encode(Message m) {
        return toJson(m).encode();
    }

    public static JsonObject toJson(Message m) {
        JsonObject j = new JsonObject().put("v", VERSION);
        switch (m) {
            case Message.Result r -> j.put("type", "result").put("id", r.id()).put("result", r.result());
            case Message.Error e -> j.put("type", "error").put("id", e.id()).put("code", e.code().name())
                    .put("message", e.code().zh()).put("messageEn", e.detail());
            case Message.Event e -> {
                j.put("type", e.type());
                e.fields().forEach(en -> j.put(en.getKey(), en.getValue()));
            }
            case Message.Request r -> {
                j.put("type", r.type()).put("id", r.id());
                switch (r) {
                    case Message.Join x -> j.put("sessionId", x.sessionId()).put("token", x.token());
                    case Message.Resume x -> j.put("resumeToken", x.resumeToken());
                    case Message.Offer x -> j.put("sdp", x.sdp()).put("iceRestart", x.iceRestart());
                    case Message.Candidate x -> j.put("candidate", x.candidate()).put("sdpMid", x.sdpMid());
                    case Message.Publish x -> j.put("source", x.source().wire()).put("mid", x.mid());
                    case Message.Unpublish x -> j.put("source", x.source().wire());
                    case Message.Subscribe x -> {
                        j.put("participantId", x.participantId()).put("source", x.source().wire()).put("paused", x.paused());
                        if (x.spatialLayer() >= 0) {
                            j.put("spatialLayer", x.spatialLayer());
                        }
                        if (x.temporalLayer() >= 0) {
                            j.put("temporalLayer", x.temporalLayer());
                        }
                    }
                    case Message.LowerHand x -> {
                        if (x.participantId() != null) {
                            j.put("participantId", x.participantId());
                        }
                    }
                    case Message.GrantFloor x -> j.put("participantId", x.participantId());
                    case Message.Mute x -> {
                        if (x.all()) {
                            j.put("all", true);
                        } else {
                            j.put("participantId", x.participantId());
                        }
                        j.put("kind", x.kind());
                    }
                    case Message.Chat x -> j.put("text", x.text());
                    case Message.RaiseHand x -> { }
                    case Message.RevokeFloor x -> { }
                    case Message.Leave x -> { }
                    case Message.Ping x -> { }
                }
            }
        }
        return j;
    }

    /** Typed, bounded field reads that fail with {@link ErrorCode#BAD_MESSAGE} naming the field. */
    private record Fields(JsonObject json, String type) {
        SignalingException bad(String what) {
            return SignalingException.of(ErrorCode.BAD_MESSAGE, what + " [type:" + type + "]");
        }

        String string(String name, int max) {
            Object o = json.getValue(name);
            if (!(o instanceof String s) || s.isBlank() || s.length() > max) {
                throw bad("field " + name + " must be a non-empty string of at most " + max + " characters");
            }
            return s;
        }

        String optString(String name, int max) {
            return json.getValue(name) == null ? null : string(name, max);
        }

        boolean bool(String name, boolean dflt) {
            Object o = json.getValue(name);
            if (o == null) {
                return dflt;
            }
            if (!(o instanceof Boolean b)) {
                throw bad("field " + name + " must be true or false");
            }
            return b;
        }

        int layer(String name) {
            Object o = json.getValue(name);
            if (o == null) {
                return -1;
            }
            if (!(o instanceof Integer || o instanceof Long) || ((Number) o).intValue() < 0
                    || ((Number) o).longValue() > 2) {
                throw bad("field " + name + " must be 0, 1 or 2");
            }
            return ((Number) o).intValue();
        }

        Source source(String name) {
            String s = string(name, 32);
            return Source.fromWire(s).orElseThrow(() -> bad("field " + name
                    + " must be camera, microphone or screen [source:" + s + "]"));
        }

        String sdp(String name) {
            String s = string(name, MAX_BYTES);
            if (!s.startsWith("v=0")) {
                throw bad("field " + name + " is not an SDP (it must start with v=0)");
            }
            return s;
        }

        String candidate(String name) {
            Object o = json.getValue(name);
            if (!(o instanceof String s) || s.length() > 1024) {
                throw bad("field " + name + " must be a string of at most 1024 characters");
            }
            String c = s.startsWith("a=") ? s.substring(2) : s;
            if (!c.isEmpty() && !c.matches("candidate:\\S+ \\d+ (?i:udp|tcp) \\d+ \\S+ \\d+ typ \\w+.*")) {
                throw bad("field " + name + " is not an ICE candidate");
            }
            return c;
        }

        String text(String name) {
            Object o = json.getValue(name);
            if (!(o instanceof String s)) {
                throw bad("field " + name + " must be a string");
            }
            if (s.length() > MAX_TEXT) {
                throw SignalingException.of(ErrorCode.CHAT_TOO_LONG, "chat text over " + MAX_TEXT + " characters");
            }
            return s;
        }
    }
}
