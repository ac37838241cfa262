package io.sanke.client;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One signaling WebSocket that survives drops (protocol v1, docs/protocol.md): requests
 * {@code {"v":1,"type",...,"id"}} answered by {@code result} (completing with its
 * {@code result} object) or {@code error} ({@code code}, {@code message}) with the same
 * id, a {@code ping} every {@code keepAlive} so the server does not close a quiet socket, events
 * (any other message) handed to the {@link Listener}, and reconnection with
 * {@link Backoff} after the socket closes. It knows nothing of lessons or media: the
 * {@link ClassroomClient} sends the join or resume after each (re)connect.
 *
 * <pre>
 *   connect() ──► OPEN ──drop──► RECONNECTING ──(delay, attempt n)──► OPEN (listener.onOpen(true))
 *                   │                                  └─ fails ──► RECONNECTING (attempt n+1)
 *                   └──close()──► CLOSED
 * </pre>
 * Requests pending when the socket drops fail with code {@code disconnected}.
 * All state lives on one Vert.x context; the methods may be called from any thread.
 */
public final class SignalingConnection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SignalingConnection.class);

  /** Connection states, as the pages show them. */
  public enum State { CONNECTING, OPEN, RECONNECTING, CLOSED }

  /** What the connection reports; called on its Vert.x context. */
  public interface Listener {
    /** A message that is not the answer to a request. */
    void onEvent(JsonObject event);

    /** The socket is open; {@code reconnected} after a drop. */
    default void onOpen(boolean reconnected) {}

    /** The state changed. */
    default void onState(State state) {}
  }

  private final Vertx vertx;
  private final Context context;
  private final WebSocketClient client;
  private final URI uri;
  private final Backoff backoff;
  private final RandomGenerator random;
  private final Duration requestTimeout;
  private final Listener listener;
  private final Duration keepAlive;
  private long keepAliveTimer = -1;
  private final Map<String, Pending> pending = new HashMap<>();
  private WebSocket socket;
  private State state = State.CONNECTING;
  private long nextId = 1;
  private int attempt;
  private boolean everOpened;
  private int reconnects;

  private record Pending(Promise<JsonObject> promise, long timer) {}

  public SignalingConnection(Vertx vertx, URI uri, Backoff backoff, RandomGenerator random,
      Duration requestTimeout, Listener listener) {
    this(vertx, uri, backoff, random, requestTimeout, Duration.ofSeconds(15), listener);
  }

  public SignalingConnection(Vertx vertx, URI uri, Backoff backoff, RandomGenerator random,
      Duration requestTimeout, Duration keepAlive, Listener listener) {
    this.keepAlive = Objects.requireNonNull(keepAlive, "keepAlive");
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.uri = Objects.requireNonNull(uri, "uri");
    if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
      throw new IllegalArgumentException("signaling address must be ws:// or wss:// [uri:" + uri + "]");
    }
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.random = Objects.requireNonNull(random, "random");
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.context = vertx.getOrCreateContext();
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(1 << 20).setMaxMessageSize(4 << 20)
        .setConnectTimeout((int) Math.max(1000, requestTimeout.toMillis())));
  }

  /** Opens the socket; fails if the first attempt fails (no retry before the first open). */
  public Future<Void> connect() {
    Promise<Void> p = Promise.promise();
    context.runOnContext(v -> open().onComplete(ar -> {
      if (ar.succeeded()) {
        p.complete();
      } else {
        setState(State.CLOSED);
        p.fail(new ClientException("disconnected", "cannot reach signaling [uri:" + uri + "]: " + ar.cause().getMessage(), ar.cause()));
      }
    }));
    return p.future();
  }

  /** Sends request {@code type} with the fields of {@code body}; completes with the result message. */
  public Future<JsonObject> request(String type, JsonObject body) {
    Promise<JsonObject> p = Promise.promise();
    context.runOnContext(v -> {
      if (state != State.OPEN) {
        p.fail(new ClientException("disconnected", "signaling not connected [type:" + type + ", state:" + state + "]"));
        return;
      }
      String id = "c" + nextId++;
      JsonObject msg = body.copy().put("v", 1).put("type", type).put("id", id);
      long timer = vertx.setTimer(requestTimeout.toMillis(), t -> {
        Pending gone = pending.remove(id);
        if (gone != null) {
          gone.promise.tryFail(new ClientException("timeout", "no answer from signaling [type:" + type + ", id:" + id + "]"));
        }
      });
      pending.put(id, new Pending(p, timer));
      socket.writeTextMessage(msg.encode()).onFailure(e -> fail(id, new ClientException("disconnected", e.getMessage(), e)));
    });
    return p.future();
  }

  /** Drops the socket as a broken network would (tests): the connection reconnects by itself. */
  public void dropForTest() {
    context.runOnContext(v -> {
      if (socket != null) {
        socket.close((short) 4000, "test drop");
      }
    });
  }

  public State state() {
    return state;
  }

  /** How many times the socket reopened after a drop. */
  public int reconnects() {
    return reconnects;
  }

  @Override
  public void close() {
    context.runOnContext(v -> {
      setState(State.CLOSED);
      if (keepAliveTimer >= 0) {
        vertx.cancelTimer(keepAliveTimer);
      }
      if (socket != null) {
        socket.close();
      }
      failAll("connection closed");
      client.close();
    });
  }

  private Future<WebSocket> open() {
    WebSocketConnectOptions o = new WebSocketConnectOptions().setAbsoluteURI(uri.toString());
    return client.connect(o).onSuccess(ws -> {
      if (state == State.CLOSED) {
        ws.close();
        return;
      }
      socket = ws;
      attempt = 0;
      boolean again = everOpened;
      everOpened = true;
      ws.textMessageHandler(this::onText);
      ws.exceptionHandler(e -> LOG.debug("signaling socket error [uri:{}]: {}", uri, e.toString()));
      ws.closeHandler(x -> onClosed(ws));
      setState(State.OPEN);
      if (keepAliveTimer < 0) {
        keepAliveTimer = vertx.setPeriodic(keepAlive.toMillis(), t -> {
          if (state == State.OPEN) {
            request("ping", new JsonObject());
          }
        });
      }
      if (again) {
        reconnects++;
      }
      listener.onOpen(again);
    });
  }

  private void onClosed(WebSocket ws) {
    if (ws != socket) {
      return;
    }
    socket = null;
    failAll("signaling connection lost");
    if (state == State.CLOSED) {
      return;
    }
    setState(State.RECONNECTING);
    scheduleReconnect();
  }

  private void scheduleReconnect() {
    Duration d = backoff.delay(attempt++, random);
    LOG.info("signaling connection lost, reconnecting in {} ms [uri:{}, attempt:{}]", d.toMillis(), uri, attempt);
    vertx.setTimer(d.toMillis(), t -> {
      if (state == State.CLOSED) {
        return;
      }
      open().onFailure(e -> {
        if (state != State.CLOSED) {
          scheduleReconnect();
        }
      });
    });
  }

  private void onText(String text) {
    JsonObject msg;
    try {
      msg = new JsonObject(text);
    } catch (DecodeException e) {
      LOG.warn("signaling sent a message that is not JSON, ignored [uri:{}]", uri);
      return;
    }
    String type = msg.getString("type", "");
    String id = msg.getString("id");
    if (id != null && ("result".equals(type) || "error".equals(type))) {
      Pending p = pending.remove(id);
      if (p == null) {
        return;
      }
      vertx.cancelTimer(p.timer);
      if ("result".equals(type)) {
        JsonObject r = msg.getValue("result") instanceof JsonObject o ? o : new JsonObject();
        p.promise.tryComplete(r);
      } else {
        JsonObject err = msg.getValue("error") instanceof JsonObject o ? o : msg;
        String why = err.getString("messageEn", err.getString("message", "signaling refused the request"));
        p.promise.tryFail(new ClientException(err.getString("code", "error"), why));
      }
      return;
    }
    listener.onEvent(msg);
  }

  private void fail(String id, ClientException e) {
    Pending p = pending.remove(id);
    if (p != null) {
      vertx.cancelTimer(p.timer);
      p.promise.tryFail(e);
    }
  }

  private void failAll(String why) {
    for (Map.Entry<String, Pending> e : Map.copyOf(pending).entrySet()) {
      fail(e.getKey(), new ClientException("disconnected", why + " [id:" + e.getKey() + "]"));
    }
  }

  private void setState(State s) {
    if (state != s) {
      state = s;
      listener.onState(s);
    }
  }
}
