package io.sanke.web;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scripted stand-in for the signaling server, for the page tests that need no media:
 * serves {@code webroot/} from the classpath, answers join, resume, publish, raise-hand,
 * grant-floor, chat and ping the way protocol v1 says, leaves offers unanswered, and lets
 * the test push events, drop sockets and refuse reconnections. Test code only.
 */
final class FakeSignaling implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final HttpServer server;
  final List<ServerWebSocket> sockets = new CopyOnWriteArrayList<>();
  final BlockingQueue<JsonObject> requests = new LinkedBlockingQueue<>();
  volatile boolean refuse;
  volatile JsonArray participants = new JsonArray();
  volatile String role = "classroom";
  volatile String me = "cr-v1";
  private final List<String> hands = new CopyOnWriteArrayList<>();
  private int tokens;

  FakeSignaling() throws Exception {
    Router router = Router.router(vertx);
    router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
    server = vertx.createHttpServer()
        .webSocketHandshakeHandler(h -> {
          if (refuse || !"/ws/v1".equals(h.path())) {
            h.reject(503);
          } else {
            h.accept();
          }
        })
        .webSocketHandler(this::onSocket)
        .requestHandler(router)
        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  String url(String page) {
    return "http://127.0.0.1:" + server.actualPort() + "/" + page;
  }

  private void onSocket(ServerWebSocket ws) {
    sockets.add(ws);
    ws.closeHandler(v -> sockets.remove(ws));
    ws.textMessageHandler(text -> {
      JsonObject m = new JsonObject(text);
      requests.add(m);
      String id = m.getString("id");
      switch (m.getString("type")) {
        case "join", "resume" -> result(ws, id, new JsonObject().put("participantId", me).put("role", role)
            .put("resumeToken", "r-" + (++tokens)).put("resumeWindowSeconds", 30).put("iceServers", new JsonArray())
            .put("room", room()));
        case "publish", "candidate", "subscribe", "leave", "lower-hand" -> result(ws, id, new JsonObject());
        case "raise-hand" -> {
          hands.add(me);
          result(ws, id, new JsonObject().put("hands", new JsonArray(hands)));
          push(new JsonObject().put("type", "hands").put("hands", new JsonArray(hands)));
        }
        case "grant-floor" -> {
          hands.remove(m.getString("participantId"));
          result(ws, id, new JsonObject().put("floor", m.getString("participantId")));
          push(new JsonObject().put("type", "hands").put("hands", new JsonArray(hands)));
          push(new JsonObject().put("type", "floor").put("participantId", m.getString("participantId")).put("by", me));
        }
        case "chat" -> {
          result(ws, id, new JsonObject());
          push(new JsonObject().put("type", "chat").put("from", me).put("name", "本课堂").put("role", role)
              .put("text", escape(m.getString("text"))).put("at", "2026-11-21T06:30:00Z"));
        }
        case "ping" -> result(ws, id, new JsonObject().put("now", "2026-11-21T06:30:00Z"));
        default -> { } // offers stay unanswered: there is no media server here
      }
    });
  }

  private JsonObject room() {
    return new JsonObject().put("sessionId", "e-math-1@2026-11-21").put("state", "open")
        .put("participants", participants).put("hands", new JsonArray(hands)).putNull("floor");
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
  }

  private static void result(ServerWebSocket ws, String id, JsonObject r) {
    ws.writeTextMessage(new JsonObject().put("v", 1).put("type", "result").put("id", id).put("result", r).encode());
  }

  /** Replaces the hand queue and tells every page. */
  void hands(String... ids) {
    hands.clear();
    hands.addAll(List.of(ids));
    push(new JsonObject().put("type", "hands").put("hands", new JsonArray(hands)));
  }

  /** Sends an event to every open socket. */
  void push(JsonObject event) {
    String text = event.copy().put("v", 1).encode();
    sockets.forEach(s -> s.writeTextMessage(text));
  }

  /** Closes every socket as a broken network would. */
  void dropAll() {
    sockets.forEach(s -> s.close((short) 4001, "dropped"));
  }

  /** The next request of {@code type} the pages sent (skipping others), or fails after 10 s. */
  JsonObject next(String type) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < end) {
      JsonObject m = requests.poll(200, TimeUnit.MILLISECONDS);
      if (m != null && type.equals(m.getString("type"))) {
        return m;
      }
    }
    throw new AssertionError("the page sent no " + type + " request within 10 s");
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
