package io.sanke.signaling;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A protocol-level test client over a real WebSocket: sends requests with fresh ids,
 * pairs answers with requests, keeps server events in arrival order.
 */
final class Peer {
    private final WebSocket ws;
    private final WebSocketClient client;
    private final Map<String, Promise<JsonObject>> pending = new HashMap<>();
    private final List<JsonObject> events = new ArrayList<>();
    private final Deque<Map.Entry<String, Promise<JsonObject>>> waiters = new ArrayDeque<>();
    private final Promise<Short> closed = Promise.promise();
    private final List<JsonObject> idless = new ArrayList<>();
    private int seq;
    /** Types of everything received, in order. */
    final List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Peer(WebSocketClient client, WebSocket ws) {
        this.client = client;
        this.ws = ws;
        ws.textMessageHandler(this::onText);
        ws.closeHandler(v -> closed.tryComplete(ws.closeStatusCode()));
    }

    static Future<Peer> connect(Vertx vertx, int port) {
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(Integer.getInteger("peer.frame", 1024 * 1024)).setMaxMessageSize(1024 * 1024));
        return client.connect(port, "127.0.0.1", "/ws/v1").map(ws -> new Peer(client, ws));
    }

    private void onText(String text) {
        JsonObject m = new JsonObject(text);
        String type = m.getString("type");
        received.add(type);
        String id = m.getString("id");
        if ((type.equals("result") || type.equals("error")) && id != null && pending.containsKey(id)) {
            pending.remove(id).complete(m);
            return;
        }
        if (type.equals("result") || type.equals("error")) {
            idless.add(m);
            Promise<JsonObject> w = firstWaiter("error");
            if (w != null) {
                idless.remove(m);
                w.complete(m);
            }
            return;
        }
        Promise<JsonObject> w = firstWaiter(type);
        if (w != null) {
            w.complete(m);
        } else {
            events.add(m);
        }
    }

    private Promise<JsonObject> firstWaiter(String type) {
        for (var it = waiters.iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equals(type)) {
                it.remove();
                return e.getValue();
            }
        }
        return null;
    }

    /** Sends {@code type} with fields and an id; the whole answer (result or error). */
    Future<JsonObject> call(String type, JsonObject fields) {
        String id = "r" + (++seq);
        JsonObject m = fields.copy().put("v", 1).put("type", type).put("id", id);
        Promise<JsonObject> p = Promise.promise();
        pending.put(id, p);
        ws.writeTextMessage(m.encode());
        return p.future();
    }

    Future<JsonObject> call(String type) {
        return call(type, new JsonObject());
    }

    /** The result of a request that must succeed. */
    Future<JsonObject> ok(String type, JsonObject fields) {
        return call(type, fields).compose(a -> a.getString("type").equals("result")
                ? Future.succeededFuture(a.getJsonObject("result"))
                : Future.failedFuture(new AssertionError(type + " failed: " + a.encode())));
    }

    Future<JsonObject> ok(String type) {
        return ok(type, new JsonObject());
    }

    /** The error code a request must fail with. */
    Future<String> fails(String type, JsonObject fields) {
        return call(type, fields).compose(a -> a.getString("type").equals("error")
                ? Future.succeededFuture(a.getString("code"))
                : Future.failedFuture(new AssertionError(type + " should have failed: " + a.encode())));
    }

    /** Sends raw text (bad input tests); the next answer without a known id. */
    Future<JsonObject> raw(String text) {
        Promise<JsonObject> p = Promise.promise();
        waiters.add(Map.entry("error", p));
        ws.writeTextMessage(text);
        return p.future();
    }

    /** The next event of a type (already received or to come). */
    Future<JsonObject> event(String type) {
        for (var it = events.iterator(); it.hasNext(); ) {
            JsonObject e = it.next();
            if (e.getString("type").equals(type)) {
                it.remove();
                return Future.succeededFuture(e);
            }
        }
        Promise<JsonObject> p = Promise.promise();
        waiters.add(Map.entry(type, p));
        return p.future();
    }

    /** Events received and not taken, in order. */
    List<JsonObject> events() {
        return List.copyOf(events);
    }

    boolean hasEvent(String type) {
        return events.stream().anyMatch(e -> e.getString("type").equals(type));
    }

    void clearEvents() {
        events.clear();
    }

    WebSocket socket() {
        return ws;
    }

    Future<Short> closed() {
        return closed.future();
    }

    Future<Void> close() {
        return ws.close().recover(e -> Future.succeededFuture()).compose(x -> client.close());
    }

    /** Drops the TCP connection without a close handshake (a lost link). */
    void drop() {
        ws.close((short) 4000, "dropped");
    }
}
