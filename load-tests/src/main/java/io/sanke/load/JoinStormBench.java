package io.sanke.load;

import io.vertx.core.Vertx;

import java.util.Arrays;
import java.util.Locale;

/**
 * {@code ./sanke bench join-storm [--clients=N] [--concurrency=C] [--warmup=W]}: a
 * signaling node in its own JVM (the embedded default: in-process SFU, in-memory
 * rooms; every join also creates a WebRTC transport on the SFU) and a storm of
 * signaling-only clients on loopback, C joins in flight at a time, each connecting a
 * WebSocket and joining one open room as a viewer. After W warm-up joins (then closed),
 * N measured joins; prints joins per second and the join latency (connect → join
 * result) at p50/p95/p99/max, and ends with one line of JSON. Stops by itself.
 */
public final class JoinStormBench {
    private JoinStormBench() {
    }

    public static void main(String[] args) {
        int clients = 2000;
        int concurrency = 50;
        int warmup = 300;
        for (String arg : args) {
            if (arg.startsWith("--clients=")) {
                clients = Integer.parseInt(arg.substring(10));
            } else if (arg.startsWith("--concurrency=")) {
                concurrency = Integer.parseInt(arg.substring(14));
            } else if (arg.startsWith("--warmup=")) {
                warmup = Integer.parseInt(arg.substring(9));
            } else {
                System.err.println("usage: ./sanke bench join-storm [--clients=N] [--concurrency=C] [--warmup=W]");
                System.exit(2);
            }
        }
        if (clients < 1 || concurrency < 1 || warmup < 0 || clients > 15_000) {
            System.err.println("join-storm: need 1 <= clients <= 15000, concurrency >= 1, warmup >= 0");
            System.exit(2);
        }
        Vertx vertx = Vertx.vertx();
        try (BenchNodeProcess node = BenchNodeProcess.start(vertx)) {
            SignalingClients storm = new SignalingClients(vertx, node);
            System.out.printf(Locale.ROOT, "join-storm: %d clients, %d in flight, %d warm-up, %d cores, JDK %s%n",
                    clients, concurrency, warmup, Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            if (warmup > 0) {
                storm.joinAll("viewer:warm-", warmup, concurrency);
                storm.closeAll();
            }
            long t0 = System.nanoTime();
            long[] lat = storm.joinAll("viewer:storm-", clients, concurrency);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Arrays.sort(lat);
            double rate = clients / seconds;
            double p50 = SignalingClients.percentileMs(lat, 50);
            double p95 = SignalingClients.percentileMs(lat, 95);
            double p99 = SignalingClients.percentileMs(lat, 99);
            double max = lat[lat.length - 1] / 1e6;
            long[] heap = node.heap();
            System.out.printf(Locale.ROOT, "  %d joins in %.2f s: %.0f joins/s%n", clients, seconds, rate);
            System.out.printf(Locale.ROOT, "  join latency ms: p50 %.1f, p95 %.1f, p99 %.1f, max %.1f%n", p50, p95, p99, max);
            System.out.printf(Locale.ROOT, "  node heap after GC with %d sockets: %.1f MB%n", heap[1], heap[0] / 1048576.0);
            storm.closeAll();
            System.out.printf(Locale.ROOT, "{\"bench\":\"join-storm\",\"clients\":%d,\"concurrency\":%d,\"seconds\":%.3f,"
                            + "\"joinsPerSecond\":%.1f,\"p50Ms\":%.2f,\"p95Ms\":%.2f,\"p99Ms\":%.2f,\"maxMs\":%.2f,"
                            + "\"nodeHeapMb\":%.1f}%n", clients, concurrency, seconds, rate, p50, p95, p99, max,
                    heap[0] / 1048576.0);
        } finally {
            vertx.close().await();
        }
        System.exit(0);
    }
}
