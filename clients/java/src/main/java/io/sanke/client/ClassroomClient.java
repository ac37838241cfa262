package io.sanke.client;

import dev.onvoid.webrtc.RTCRtpTransceiver;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A headless classroom terminal (or teacher, or observer) that speaks signaling protocol
 * v1 (docs/protocol.md): joins a lesson with a lesson token, publishes its synthetic
 * camera and microphone, answers every {@code renegotiate} by adding receive m-sections
 * and offering again, keeps what the room tells it (hands, floor, received tracks) and
 * resumes after a dropped socket without renegotiating, so media keeps flowing. On
 * {@code media-moved} (the room's SFU node died and the room moved to another) it replaces its
 * peer connection with a new one and publishes and offers again, as at join.
 * Used by the end-to-end tests and the load tests. It holds no lesson rules: the server
 * decides who receives what.
 *
 * <p>Negotiations run one at a time on the client's own thread, never on the Vert.x
 * event loop (libwebrtc calls block until the native side answers).
 */
public final class ClassroomClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClassroomClient.class);

  /** Whose track a receive m-section carries. */
  public record Track(String mid, String kind, String participantId, String source) {}

  private final String name;
  private final MediaPeer.Options media;
  private volatile MediaPeer peer;
  private volatile int mediaMoves;
  private volatile long mediaMovedNanos;
  private final SignalingConnection signaling;
  private final ExecutorService negotiator;
  private final List<JsonObject> events = new CopyOnWriteArrayList<>();
  private final List<ClientException> negotiationFailures = new CopyOnWriteArrayList<>();
  private final Map<String, Track> tracksByMid = new ConcurrentHashMap<>();
  private volatile String participantId;
  private volatile String role;
  private volatile String resumeToken;
  private volatile List<String> hands = List.of();
  private volatile String floor;
  private volatile boolean closedByRoom;
  private volatile long joinStartedNanos;
  private volatile int resumes;
  private volatile boolean published;
  private volatile boolean closing;
  private List<JsonObject> early = new java.util.ArrayList<>();
  private volatile int wantVideo;
  private volatile int wantAudio;
  private int haveVideo;
  private int haveAudio;

  /**
   * @param signalingUri {@code ws://host:port/ws/v1}
   * @param media        what to send ({@link MediaPeer.Options#receiveOnly} for observers)
   */
  public ClassroomClient(Vertx vertx, URI signalingUri, MediaPeer.Options media) {
    this(vertx, signalingUri, media, Backoff.DEFAULT);
  }

  public ClassroomClient(Vertx vertx, URI signalingUri, MediaPeer.Options media, Backoff backoff) {
    this.name = media.name();
    this.media = media;
    this.peer = new MediaPeer(media);
    this.negotiator = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "classroom-client-" + name);
      t.setDaemon(true);
      return t;
    });
    this.signaling = new SignalingConnection(vertx, signalingUri, backoff, new Random(), Duration.ofSeconds(10),
        new SignalingConnection.Listener() {
          @Override
          public void onEvent(JsonObject event) {
            handle(event);
          }

          @Override
          public void onOpen(boolean reconnected) {
            if (reconnected) {
              negotiator.execute(ClassroomClient.this::resume);
            }
          }
        });
  }

  /**
   * Connects, joins lesson {@code sessionId} with {@code token}, publishes (unless the
   * peer is receive-only) and applies the first answer. Returns the join result.
   */
  public JsonObject join(String sessionId, String token) {
    joinStartedNanos = System.nanoTime();
    await(signaling.connect(), "connect");
    JsonObject result = await(signaling.request("join", new JsonObject().put("sessionId", sessionId).put("token", token)),
        "join [session:" + sessionId + "]");
    participantId = result.getString("participantId");
    role = result.getString("role");
    resumeToken = result.getString("resumeToken");
    JsonObject room = result.getJsonObject("room", new JsonObject());
    synchronized (this) {
      hands = strings(room.getJsonArray("hands"));
      floor = room.getString("floor");
      // events that came before the result are newer than its room snapshot
      List<JsonObject> early = List.copyOf(this.early);
      this.early = null;
      early.forEach(this::apply);
    }
    submit(this::publishAndOffer);
    return result;
  }

  private void publishAndOffer() {
    if (peer.hasSender()) {
      peer.createOffer();
      List<String> mids = peer.mids();
      await(signaling.request("publish", new JsonObject().put("source", "camera").put("mid", mids.get(0))), "publish camera");
      await(signaling.request("publish", new JsonObject().put("source", "microphone").put("mid", mids.get(1))), "publish microphone");
      published = true;
    }
    negotiate();
  }

  /**
   * The room's media moved to another SFU node: a new peer connection (new ICE credentials and
   * DTLS), then the join's publish and offer. A screen share is not shared again.
   */
  private void restartMedia() {
    MediaPeer old = peer;
    synchronized (this) {
      peer = new MediaPeer(media);
      haveVideo = 0;
      haveAudio = 0;
      published = false;
      tracksByMid.clear();
    }
    old.close();
    mediaMoves++;
    LOG.info("media moved to another SFU node: offering again on a new peer connection [participant:{}]", participantId);
    publishAndOffer();
  }

  /**
   * Shares the screen (a teacher's courseware): adds a send m-section, publishes it as
   * {@code screen} and offers again; waits until the server answered.
   */
  public void shareScreen() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    negotiator.execute(() -> {
      try {
        RTCRtpTransceiver t = peer.addScreenSender();
        peer.createOffer();
        await(signaling.request("publish", new JsonObject().put("source", "screen").put("mid", t.getMid())), "publish screen");
        negotiate();
        done.complete(null);
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
      }
    });
    done.join();
  }

  /**
   * Restarts ICE, as a terminal does when its media connection failed: one offer with new
   * ICE credentials ({@code "iceRestart": true}), sent after any negotiation under way;
   * returns the server's result. A refusal is thrown as the server sent it, for example
   * {@code MEDIA_UNAVAILABLE} when the room's SFU node cannot be reached: its
   * {@link ClientException#code()} and text are what a page shows.
   */
  public JsonObject restartIce() {
    CompletableFuture<JsonObject> done = new CompletableFuture<>();
    negotiator.execute(() -> {
      try {
        done.complete(negotiate(true));
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
      }
    });
    try {
      return done.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof ClientException ce ? ce
          : new ClientException("error", "ICE restart failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new ClientException("timeout", "ICE restart not done within 30 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientException("interrupted", "ICE restart interrupted");
    }
  }

  private void negotiate() {
    negotiate(false);
  }

  /**
   * One offer/answer round with as many receive m-sections as the server last asked for;
   * the server's result, or null when there was nothing to negotiate.
   */
  private JsonObject negotiate(boolean iceRestart) {
    if (peer.hasSender() && !published) {
      return null; // a renegotiate that came before our own first offer: publishAndOffer covers it
    }
    while (haveVideo < wantVideo) {
      peer.addReceiver("video");
      haveVideo++;
    }
    while (haveAudio < wantAudio) {
      peer.addReceiver("audio");
      haveAudio++;
    }
    if (!peer.hasSender() && haveVideo + haveAudio == 0) {
      return null; // nothing to send or receive yet: wait for renegotiate
    }
    String offer = peer.createOffer(iceRestart);
    JsonObject r = await(signaling.request("offer", new JsonObject().put("sdp", offer).put("iceRestart", iceRestart)),
        iceRestart ? "offer (ICE restart)" : "offer");
    peer.setAnswer(r.getString("sdp"));
    tracksByMid.clear();
    for (Object o : r.getJsonArray("tracks", new JsonArray())) {
      if (o instanceof JsonObject t) {
        tracksByMid.put(t.getString("mid"), new Track(t.getString("mid"), t.getString("kind"),
            t.getString("participantId"), t.getString("source")));
      }
    }
    return r;
  }

  /**
   * A negotiation the server refused (for example a consumer closed while it ran) is
   * tried once more: the room may have changed again meanwhile and no further
   * renegotiate would come for it.
   */
  private void negotiateOrRetry() {
    try {
      negotiate();
    } catch (ClientException e) {
      if ("disconnected".equals(e.code()) || "interrupted".equals(e.code())) {
        throw e;
      }
      LOG.info("negotiation refused, trying once more [participant:{}, code:{}]: {}", participantId, e.code(), e.getMessage());
      negotiate();
    }
  }

  private void resume() {
    String token = resumeToken;
    try {
      JsonObject r = await(signaling.request("resume", new JsonObject().put("resumeToken", token)), "resume");
      resumeToken = r.getString("resumeToken");
      JsonObject room = r.getJsonObject("room", new JsonObject());
      hands = strings(room.getJsonArray("hands"));
      floor = room.getString("floor");
      resumes++;
      LOG.info("resumed after a dropped socket [participant:{}]", participantId);
    } catch (ClientException e) {
      LOG.warn("resume failed [participant:{}, code:{}]: {}", participantId, e.code(), e.getMessage());
    }
  }

  private void handle(JsonObject event) {
    events.add(event);
    synchronized (this) {
      if (early != null && !"renegotiate".equals(event.getString("type"))) {
        early.add(event);
        return;
      }
    }
    apply(event);
  }

  private synchronized void apply(JsonObject event) {
    switch (event.getString("type", "")) {
      case "renegotiate" -> {
        wantVideo = Math.max(wantVideo, event.getInteger("video", 0));
        wantAudio = Math.max(wantAudio, event.getInteger("audio", 0));
        submit(this::negotiateOrRetry);
      }
      case "media-moved" -> {
        mediaMovedNanos = System.nanoTime();
        submit(this::restartMedia);
      }
      case "hands" -> hands = strings(event.getJsonArray("hands"));
      case "floor" -> floor = event.getString("participantId");
      case "room-closed", "kicked" -> closedByRoom = true;
      default -> { }
    }
  }

  private void submit(Runnable task) {
    negotiator.execute(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        if (closing) {
          LOG.debug("negotiation stopped by close [participant:{}]: {}", participantId, e.toString());
        } else {
          LOG.warn("negotiation failed [participant:{}]: {}", participantId, e.toString());
          if (e instanceof ClientException ce) {
            negotiationFailures.add(ce);
          }
        }
      }
    });
  }

  /** Sends request {@code type} and waits for its result. */
  public JsonObject request(String type, JsonObject body) {
    return await(signaling.request(type, body), type);
  }

  public JsonObject raiseHand() {
    return request("raise-hand", new JsonObject());
  }

  public JsonObject grantFloor(String participant) {
    return request("grant-floor", new JsonObject().put("participantId", participant));
  }

  public JsonObject revokeFloor() {
    return request("revoke-floor", new JsonObject());
  }

  public JsonObject chat(String text) {
    return request("chat", new JsonObject().put("text", text));
  }

  /** Drops the WebSocket as a broken network would; the client reconnects and resumes. */
  public void dropSignaling() {
    signaling.dropForTest();
  }

  public String participantId() {
    return participantId;
  }

  public String role() {
    return role;
  }

  public List<String> hands() {
    return hands;
  }

  /** The participant on stage, or null. */
  public String floor() {
    return floor;
  }

  /** How many times the client resumed after a dropped socket. */
  public int resumes() {
    return resumes;
  }

  public SignalingConnection.State signalingState() {
    return signaling.state();
  }

  public boolean closedByRoom() {
    return closedByRoom;
  }

  /**
   * Negotiations that failed for good (the first publish and offer, answers to
   * {@code renegotiate} after their one retry), oldest first: what a page would show.
   */
  public List<ClientException> negotiationFailures() {
    return List.copyOf(negotiationFailures);
  }

  /** Every event received, in order. */
  public List<JsonObject> events() {
    return List.copyOf(events);
  }

  /** The receive m-sections bound by the last answer. */
  public List<Track> tracks() {
    return List.copyOf(tracksByMid.values());
  }

  /** The receive m-section carrying {@code source} of {@code participant}, or null. */
  public Track track(String participant, String source) {
    return tracksByMid.values().stream()
        .filter(t -> t.participantId().equals(participant) && t.source().equals(source)).findFirst().orElse(null);
  }

  /** Video frames decoded from {@code participant}'s camera. */
  public long framesFrom(String participant) {
    Track t = track(participant, "camera");
    return t == null ? 0 : peer.framesDecoded(t.mid());
  }

  /** Audio packets received from {@code participant}'s microphone. */
  public long audioPacketsFrom(String participant) {
    Track t = track(participant, "microphone");
    if (t == null) {
      return 0;
    }
    return peer.stats().inboundAudio().stream().filter(a -> a.mid().equals(t.mid()))
        .mapToLong(PeerStats.InboundAudio::packetsReceived).sum();
  }

  /** Time from the start of {@link #join} to the first decoded video frame, or null before. */
  public Duration joinToFirstFrame() {
    long first = peer.firstFrameNanos();
    return first == 0 ? null : Duration.ofNanos(first - joinStartedNanos);
  }

  /** How many times the room's media moved to another SFU node ({@code media-moved}) and this client followed. */
  public int mediaMoves() {
    return mediaMoves;
  }

  /** {@link System#nanoTime()} when the last {@code media-moved} arrived, 0 before any. */
  public long mediaMovedNanos() {
    return mediaMovedNanos;
  }

  /** The current peer connection (a new one after each {@code media-moved}). */
  public MediaPeer peer() {
    return peer;
  }

  public PeerStats stats() {
    return peer.stats();
  }

  public String name() {
    return name;
  }

  /** Leaves the lesson (best effort) and frees the peer. */
  @Override
  public void close() {
    closing = true;
    if (signaling.state() == SignalingConnection.State.OPEN && participantId != null && !closedByRoom) {
      try {
        signaling.request("leave", new JsonObject()).toCompletionStage().toCompletableFuture().get(2, TimeUnit.SECONDS);
      } catch (Exception e) {
        // leaving is best effort
      }
    }
    signaling.close();
    negotiator.shutdownNow();
    try {
      negotiator.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    peer.close();
  }

  private static List<String> strings(JsonArray a) {
    if (a == null) {
      return List.of();
    }
    return a.stream().filter(Objects::nonNull).map(Object::toString).toList();
  }

  private static <T> T await(Future<T> f, String what) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ClientException ce) {
        throw ce;
      }
      throw new ClientException("error", what + " failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new ClientException("timeout", what + " got no answer within 15 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientException("interrupted", what + " interrupted");
    }
  }
}
