package io.sanke.load;

import com.typesafe.config.ConfigFactory;
import io.sanke.media.api.MediaServerControl;
import io.sanke.media.server.InProcessControl;
import io.sanke.media.server.MediaConfig;
import io.sanke.media.server.MediaServer;
import io.sanke.signaling.Signaling;
import io.sanke.signaling.SignalingConfig;
import io.sanke.signaling.api.MediaNode;
import io.vertx.core.Vertx;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The node under test of the signaling benchmarks, in its own JVM so its heap is its
 * own: the embedded default of one node (in-process SFU on 127.0.0.1, in-memory room
 * state), HTTP on a free loopback port, one open room {@link #SESSION}. Prints
 * {@code READY <port>}; then answers each {@code heap} line on stdin with
 * {@code HEAP <used bytes after GC> <connections>} and exits on {@code quit} or end of input.
 */
public final class SignalingBenchNode {
    static final String SESSION = "bench@2026-11-23";

    private SignalingBenchNode() {
    }

    record Node(MediaServer server, MediaServerControl control) implements MediaNode {
        @Override
        public String id() {
            return server.config().nodeId();
        }

        @Override
        public String region() {
            return server.config().region();
        }
    }

    public static void main(String[] args) throws Exception {
        String secret = args[0];
        MediaServer media = MediaServer.start(MediaConfig.withOverrides("sanke.media.ice { bind-address = \"127.0.0.1\","
                + " udp-port = 0, tcp-port = -1, advertised-addresses = [\"127.0.0.1\"] }"), Clock.systemUTC());
        Vertx vertx = Vertx.vertx();
        SignalingConfig config = SignalingConfig.from(ConfigFactory.parseString(
                "sanke.signaling { http.port = 0, state = local, idle-timeout = 10 minutes }")
                .withFallback(ConfigFactory.defaultReference()).resolve()).withAuthSecret(secret);
        Signaling signaling = Signaling.start(vertx, config, Clock.systemUTC(),
                List.of(new Node(media, new InProcessControl(media))), secret, false).await(60, TimeUnit.SECONDS);
        signaling.openRoom(SESSION, List.of()).await(10, TimeUnit.SECONDS);
        System.out.println("READY " + signaling.httpPort());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("quit")) {
            if (line.equals("heap")) {
                System.out.printf(Locale.ROOT, "HEAP %d %d%n", usedHeapAfterGc(), signaling.connections());
                System.out.flush();
            }
        }
        signaling.stop().await(30, TimeUnit.SECONDS);
        vertx.close().await(30, TimeUnit.SECONDS);
        media.close();
        System.exit(0);
    }

    static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getUsage().getUsed()).sum();
    }
}
