package io.sanke.load;

import io.vertx.core.Vertx;

import java.util.Locale;

/**
 * {@code ./sanke bench idle-connections [--connections=N] [--concurrency=C]}: a
 * signaling node in its own JVM (the embedded default, {@code -Xmx1g}), its heap
 * after GC measured empty, then with N idle WebSockets on loopback that each joined
 * the one open room as a viewer (so each also holds a participant and an SFU
 * transport). Prints the heap, the heap per connection and the target (10,000
 * connections under 512 MB), and ends with one line of JSON. Stops by itself.
 */
public final class IdleConnectionsBench {
    static final double TARGET_MB = 512;

    private IdleConnectionsBench() {
    }

    public static void main(String[] args) {
        int connections = 10_000;
        int concurrency = 100;
        for (String arg : args) {
            if (arg.startsWith("--connections=")) {
                connections = Integer.parseInt(arg.substring(14));
            } else if (arg.startsWith("--concurrency=")) {
                concurrency = Integer.parseInt(arg.substring(14));
            } else {
                System.err.println("usage: ./sanke bench idle-connections [--connections=N] [--concurrency=C]");
                System.exit(2);
            }
        }
        if (connections < 1 || connections > 15_000 || concurrency < 1) {
            System.err.println("idle-connections: need 1 <= connections <= 15000 (file descriptors), concurrency >= 1");
            System.exit(2);
        }
        Vertx vertx = Vertx.vertx();
        try (BenchNodeProcess node = BenchNodeProcess.start(vertx)) {
            SignalingClients clients = new SignalingClients(vertx, node);
            System.out.printf(Locale.ROOT, "idle-connections: %d joined viewers, %d cores, JDK %s%n", connections,
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            clients.joinAll("viewer:warm-", Math.min(200, connections), concurrency);
            clients.closeAll();
            long[] empty = node.heap();
            long t0 = System.nanoTime();
            clients.joinAll("viewer:idle-", connections, concurrency);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long[] full = node.heap();
            double emptyMb = empty[0] / 1048576.0;
            double fullMb = full[0] / 1048576.0;
            double perKb = (full[0] - empty[0]) / 1024.0 / connections;
            boolean met = full[1] >= connections && fullMb < TARGET_MB;
            System.out.printf(Locale.ROOT, "  joined in %.1f s; node sockets %d%n", seconds, full[1]);
            System.out.printf(Locale.ROOT, "  node heap after GC: empty %.1f MB, with %d idle connections %.1f MB "
                    + "(%.1f KB per connection); target < %.0f MB: %s%n", emptyMb, full[1], fullMb, perKb, TARGET_MB,
                    met ? "met" : "NOT met");
            clients.closeAll();
            System.out.printf(Locale.ROOT, "{\"bench\":\"idle-connections\",\"connections\":%d,\"nodeSockets\":%d,"
                            + "\"emptyHeapMb\":%.1f,\"heapMb\":%.1f,\"perConnectionKb\":%.2f,\"targetMb\":%.0f,"
                            + "\"met\":%b,\"joinSeconds\":%.1f}%n", connections, full[1], emptyMb, fullMb, perKb,
                    TARGET_MB, met, seconds);
        } finally {
            vertx.close().await();
        }
        System.exit(0);
    }
}
