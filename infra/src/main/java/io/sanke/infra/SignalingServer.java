package io.sanke.infra;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sanke.media.server.MediaConfig;
import io.sanke.media.server.MediaServer;
import io.sanke.signaling.InProcessMediaNode;
import io.sanke.signaling.RemoteMediaNode;
import io.sanke.signaling.Signaling;
import io.sanke.signaling.SignalingConfig;
import io.sanke.signaling.api.MediaNode;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A signaling node as its own process, for a cluster: the client WebSocket
 * {@code /ws/v1}, the pages and the token route, with its own in-process SFU node
 * ({@code sanke.media}) or, when {@code sanke.signaling.media-nodes} lists any, the SFU
 * nodes running as processes of their own ({@link RemoteMediaNode}, shared by every
 * signaling node that lists them), on the shared Redis: room state {@code redis} and the
 * scheduler's lesson events from {@code sanke:lesson-events}. Needs
 * {@code sanke.signaling.redis.uri} and the shared HS256 secret
 * {@code sanke.signaling.auth.secret} (the scheduler's, so its bearer tokens and the
 * lesson tokens of every node verify here); refuses to start without them. Give each
 * node its own {@code sanke.signaling.node-id}, {@code sanke.media.node-id} and ports.
 * Runs no scheduler, recorder, embedded Redis or S3. Holds no logic.
 * <pre>
 * java -cp sanke-server.jar io.sanke.infra.SignalingServer -Dsanke.signaling.redis.uri=… -Dsanke.signaling.node-id=signaling-2 …
 * </pre>
 */
public final class SignalingServer implements AutoCloseable {
    private final Vertx vertx;
    private final MediaServer media; // null when the SFU nodes are remote
    private final List<RemoteMediaNode> remote;
    private final Signaling signaling;
    private final String nodeId;

    private SignalingServer(Vertx vertx, MediaServer media, List<RemoteMediaNode> remote, Signaling signaling,
                            String nodeId) {
        this.vertx = vertx;
        this.media = media;
        this.remote = remote;
        this.signaling = signaling;
        this.nodeId = nodeId;
    }

    public static void main(String[] args) {
        SignalingServer server;
        try {
            server = start(ConfigFactory.load(), Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            System.err.println("sanke-signaling: " + e.getMessage());
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            System.err.println("sanke-signaling: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sanke-signaling-shutdown"));
        System.out.println("Sanke 三课 signaling node " + server.nodeId + " is running: ws://127.0.0.1:"
                + server.httpPort() + "/ws/v1, " + server.sfu());
        try {
            new CountDownLatch(1).await(); // Vert.x threads are daemons: keep the JVM up until SIGTERM
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the node on the shared Redis; blocks the calling thread (not an event loop) until ready. */
    public static SignalingServer start(Config config, Clock clock) {
        SignalingConfig cfg = SignalingConfig.from(config);
        if (cfg.redisUri().isBlank()) {
            throw new IllegalArgumentException("bad signaling configuration: sanke.signaling.redis.uri is required"
                    + " for a separate signaling node (the cluster's shared Redis)");
        }
        if (!cfg.state().equals("redis")) {
            throw new IllegalArgumentException("bad signaling configuration: sanke.signaling.state must be redis"
                    + " for a separate signaling node [state:" + cfg.state() + "]");
        }
        if (cfg.authSecret().isBlank()) {
            throw new IllegalArgumentException("bad signaling configuration: sanke.signaling.auth.secret is required"
                    + " for a separate signaling node (the scheduler's shared secret)");
        }
        List<RemoteMediaNode> remote = RemoteMediaNode.configured(config);
        MediaConfig mediaConfig = remote.isEmpty() ? MediaConfig.from(config) : null;
        Vertx vertx = Vertx.vertx();
        MediaServer media = null;
        try {
            List<MediaNode> nodes = List.copyOf(remote);
            if (remote.isEmpty()) {
                media = MediaServer.start(mediaConfig, clock);
                nodes = List.of(new InProcessMediaNode(media));
            }
            Signaling signaling = Signaling.start(vertx, cfg, clock, nodes, cfg.authSecret(), true)
                    .await(60, TimeUnit.SECONDS);
            return new SignalingServer(vertx, media, remote, signaling, cfg.nodeId());
        } catch (Exception e) {
            remote.forEach(RemoteMediaNode::close);
            try {
                vertx.close().await(30, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // failing anyway
            }
            if (media != null) {
                media.close();
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /** Port of this node's HTTP server: pages, {@code /ws/v1}, lesson tokens. */
    public int httpPort() {
        return signaling.httpPort();
    }

    /** UDP port of this node's in-process SFU; -1 when its SFU nodes are remote. */
    public int udpPort() {
        return media == null ? -1 : media.udpPort();
    }

    /** The SFU part of the banner: the in-process node's UDP port, or the remote nodes. */
    private String sfu() {
        return media != null ? "SFU udp " + media.udpPort() : "SFU nodes " + remote.stream()
                .map(n -> n.id() + " " + n.control()).collect(Collectors.joining(", "));
    }

    /** Stops signaling, Vert.x, then the in-process SFU node (remote ones keep running). */
    @Override
    public void close() {
        try {
            signaling.stop().await(30, TimeUnit.SECONDS);
            vertx.close().await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        } finally {
            remote.forEach(RemoteMediaNode::close);
            if (media != null) {
                media.close();
            }
        }
    }
}
