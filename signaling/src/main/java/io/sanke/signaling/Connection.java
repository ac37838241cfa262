package io.sanke.signaling;

import io.sanke.signaling.api.ErrorCode;
import io.sanke.signaling.api.Message;
import io.sanke.signaling.api.MessageCodec;
import io.sanke.signaling.api.SignalingException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * One client WebSocket: decodes each text message strictly, answers bad input with an
 * error (the socket stays open), runs requests one at a time in arrival order and
 * answers each with its result or error. Before {@code join}/{@code resume} only
 * {@code ping} is allowed. Holds no room logic: {@link Rooms} and {@link Session} do.
 */
final class Connection {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    private final ServerWebSocket ws;
    private final Rooms rooms;
    private Future<Void> tail = Future.succeededFuture();
    Session session;
    volatile Instant lastSeen;
    private boolean closed;
    private Buffer partial;
    private boolean partialBinary;
    private boolean discarding;

    Connection(ServerWebSocket ws, Rooms rooms) {
        this.ws = ws;
        this.rooms = rooms;
        this.lastSeen = rooms.clock().instant();
        ws.frameHandler(this::onFrame);
        ws.exceptionHandler(e -> LOG.debug("websocket failed: {}", e.toString()));
        ws.closeHandler(v -> onClosed());
    }

    /**
     * Reassembles a message from its frames with the 64 KiB limit applied to the
     * running total: the first byte over it answers TOO_LARGE and closes with 1009.
     */
    private void onFrame(WebSocketFrame frame) {
        if (closed || !(frame.isText() || frame.isBinary() || frame.isContinuation())) {
            return;
        }
        if (!frame.isContinuation()) {
            partial = Buffer.buffer();
            partialBinary = frame.isBinary();
            discarding = false;
        }
        if (discarding || partial == null) {
            return;
        }
        partial.appendBuffer(frame.binaryData());
        if (partial.length() > MessageCodec.MAX_BYTES) {
            discarding = true;
            partial = null;
            lastSeen = rooms.clock().instant();
            send(new Message.Error(null, ErrorCode.TOO_LARGE, "message over " + MessageCodec.MAX_BYTES + " bytes"));
            close((short) 1009, "message too big");
            return;
        }
        if (frame.isFinal()) {
            Buffer whole = partial;
            partial = null;
            if (partialBinary) {
                onBinary(whole);
            } else {
                onText(whole.toString(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }

    private void onBinary(Buffer b) {
        lastSeen = rooms.clock().instant();
        send(new Message.Error(null, ErrorCode.BAD_JSON, "binary frames are not part of the protocol"));
    }

    void onText(String text) {
        lastSeen = rooms.clock().instant();
        Message m = MessageCodec.decode(text);
        if (m instanceof Message.Error e) {
            send(e);
            if (e.code() == ErrorCode.TOO_LARGE) {
                close((short) 1009, "message too big");
            }
            return;
        }
        Message.Request r = (Message.Request) m;
        Promise<Void> done = Promise.promise();
        Future<Void> previous = tail;
        tail = done.future(); // holds nothing of the request once it is answered
        previous.onComplete(x -> run(r).onComplete(ar -> {
            done.complete();
            if (ar.succeeded()) {
                send(new Message.Result(r.id(), ar.result()));
                if (r instanceof Message.Leave) {
                    close((short) 1000, "left");
                }
            } else {
                Throwable e = ar.cause();
                if (e instanceof SignalingException se) {
                    send(new Message.Error(r.id(), se.code(), se.getMessage()));
                    if (se.code() == ErrorCode.ROOM_CLOSED) {
                        close((short) 1000, "room closed");
                    }
                } else {
                    LOG.error("request failed [type:{}, id:{}]", r.type(), r.id(), e);
                    send(new Message.Error(r.id(), ErrorCode.INTERNAL, "internal error [id:" + r.id() + "]"));
                }
            }
        }));
    }

    private Future<JsonObject> run(Message.Request r) {
        try {
            return switch (r) {
                case Message.Ping p -> Future.succeededFuture(new JsonObject().put("now", rooms.clock().instant().toString()));
                case Message.Join j -> session != null ? alreadyJoined() : rooms.join(this, j);
                case Message.Resume res -> session != null ? alreadyJoined() : rooms.resume(this, res);
                case Message.Leave l -> session == null ? notJoined(r) : rooms.leave(session).map(new JsonObject());
                default -> session == null ? notJoined(r) : session.handle(r);
            };
        } catch (SignalingException e) {
            return Future.failedFuture(e);
        }
    }

    private static Future<JsonObject> alreadyJoined() {
        return Future.failedFuture(SignalingException.of(ErrorCode.ALREADY_JOINED, "this socket already joined"));
    }

    private static Future<JsonObject> notJoined(Message.Request r) {
        return Future.failedFuture(SignalingException.of(ErrorCode.NOT_JOINED, "join first [type:" + r.type() + "]"));
    }

    void send(Message m) {
        if (!closed) {
            ws.writeTextMessage(MessageCodec.encode(m)).onFailure(e -> LOG.debug("write failed: {}", e.toString()));
        }
    }

    void close(short status, String reason) {
        if (!closed) {
            closed = true;
            ws.close(status, reason);
        }
    }

    boolean isClosed() {
        return closed;
    }

    private void onClosed() {
        closed = true;
        rooms.connectionClosed(this);
    }
}
