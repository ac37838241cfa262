package io.sanke.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Against a real Vert.x WebSocket server on loopback that answers, pushes events and drops sockets. */
class SignalingConnectionTest {
  private Vertx vertx;
  private HttpServer server;
  private final List<ServerWebSocket> sockets = new CopyOnWriteArrayList<>();
  private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
  private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
  private URI uri;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server = vertx.createHttpServer().webSocketHandler(ws -> {
      sockets.add(ws);
      ws.textMessageHandler(t -> {
        JsonObject m = new JsonObject(t);
        received.add(m);
        switch (m.getString("type")) {
          case "echo" -> ws.writeTextMessage(new JsonObject().put("v", 1).put("type", "result").put("id", m.getString("id"))
              .put("result", new JsonObject().put("said", m.getString("say"))).encode());
          case "forbidden" -> ws.writeTextMessage(new JsonObject().put("v", 1).put("type", "error").put("id", m.getString("id"))
              .put("code", "FORBIDDEN").put("message", "听讲课堂不能这样做").put("messageEn", "classrooms may not do that").encode());
          case "push" -> ws.writeTextMessage(new JsonObject().put("v", 1).put("type", "chat").put("text", "你好").encode());
          default -> { } // never answered
        }
      });
    }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    uri = URI.create("ws://127.0.0.1:" + server.actualPort() + "/ws");
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private SignalingConnection connection(Duration timeout) {
    return new SignalingConnection(vertx, uri, new Backoff(Duration.ofMillis(5), Duration.ofMillis(50), 0), new Random(7),
        timeout, new SignalingConnection.Listener() {
          @Override
          public void onEvent(JsonObject event) {
            events.add(event);
          }

          @Override
          public void onOpen(boolean reconnected) {
            events.add(reconnected ? "reopened" : "opened");
          }
        });
  }

  private static <T> T get(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("a request carries version, type and a fresh id and completes with the result of the same id")
  void requestGetsItsResult() throws Exception {
    try (SignalingConnection c = connection(Duration.ofSeconds(5))) {
      get(c.connect());
      JsonObject r1 = get(c.request("echo", new JsonObject().put("say", "上课")));
      JsonObject r2 = get(c.request("echo", new JsonObject().put("say", "下课")));
      assertEquals("上课", r1.getString("said"));
      assertEquals("下课", r2.getString("said"));
      JsonObject sent = received.poll(5, TimeUnit.SECONDS);
      assertEquals(1, sent.getInteger("v"));
      assertEquals("echo", sent.getString("type"));
      assertTrue(!sent.getString("id").equals(received.poll(5, TimeUnit.SECONDS).getString("id")), "ids differ");
    }
  }

  @Test
  @DisplayName("an error answer fails the request with its wire code and message")
  void errorFailsWithItsCode() throws Exception {
    try (SignalingConnection c = connection(Duration.ofSeconds(5))) {
      get(c.connect());
      ExecutionException e = assertThrows(ExecutionException.class, () -> get(c.request("forbidden", new JsonObject())));
      ClientException ce = (ClientException) e.getCause();
      assertEquals("FORBIDDEN", ce.code());
      assertEquals("classrooms may not do that", ce.getMessage());
    }
  }

  @Test
  @DisplayName("messages that answer no request reach the listener as events")
  void eventsReachTheListener() throws Exception {
    try (SignalingConnection c = connection(Duration.ofSeconds(5))) {
      get(c.connect());
      assertEquals("opened", events.poll(5, TimeUnit.SECONDS));
      c.request("push", new JsonObject());
      JsonObject chat = (JsonObject) events.poll(5, TimeUnit.SECONDS);
      assertEquals("你好", chat.getString("text"));
    }
  }

  @Test
  @DisplayName("after the server drops the socket the connection reopens by itself and pending requests fail as disconnected")
  void reconnectsAfterADrop() throws Exception {
    try (SignalingConnection c = connection(Duration.ofSeconds(30))) {
      get(c.connect());
      assertEquals("opened", events.poll(5, TimeUnit.SECONDS));
      var unanswered = c.request("silence", new JsonObject());
      received.poll(5, TimeUnit.SECONDS);
      sockets.get(0).close();
      ExecutionException e = assertThrows(ExecutionException.class, () -> get(unanswered));
      assertEquals("disconnected", ((ClientException) e.getCause()).code());
      assertEquals("reopened", events.poll(10, TimeUnit.SECONDS));
      assertEquals(1, c.reconnects());
      assertEquals(SignalingConnection.State.OPEN, c.state());
      assertEquals("again", get(c.request("echo", new JsonObject().put("say", "again"))).getString("said"));
    }
  }

  @Test
  @DisplayName("a quiet connection pings the server so it is not closed as idle")
  void quietConnectionPings() throws Exception {
    try (SignalingConnection c = new SignalingConnection(vertx, uri, Backoff.DEFAULT, new Random(1), Duration.ofSeconds(5),
        Duration.ofMillis(50), ev -> { })) {
      get(c.connect());
      JsonObject ping = received.poll(5, TimeUnit.SECONDS);
      assertEquals("ping", ping.getString("type"));
      assertEquals(1, ping.getInteger("v"));
    }
  }

  @Test
  @DisplayName("a request that gets no answer fails with timeout")
  void unansweredRequestTimesOut() throws Exception {
    try (SignalingConnection c = connection(Duration.ofMillis(200))) {
      get(c.connect());
      ExecutionException e = assertThrows(ExecutionException.class, () -> get(c.request("silence", new JsonObject())));
      assertEquals("timeout", ((ClientException) e.getCause()).code());
    }
  }

  @Test
  @DisplayName("connecting to a closed port fails loudly, and a non-WebSocket address is refused up front")
  void refusesUnreachableAndBadAddresses() throws Exception {
    int port = server.actualPort();
    get(server.close());
    try (SignalingConnection c = connection(Duration.ofSeconds(2))) {
      ExecutionException e = assertThrows(ExecutionException.class, () -> get(c.connect()));
      assertEquals("disconnected", ((ClientException) e.getCause()).code());
      assertTrue(e.getCause().getMessage().contains(":" + port), e.getCause().getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> new SignalingConnection(vertx, URI.create("http://x/ws"),
        Backoff.DEFAULT, new Random(), Duration.ofSeconds(1), ev -> { }));
  }
}
