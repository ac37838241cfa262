package io.sanke.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Signaling-only clients of the benchmarks: each opens a WebSocket to the node, sends
 * {@code join} as a viewer and keeps the socket; the time from connect to the join
 * result is its join latency. Runs {@code concurrency} joins at a time.
 */
final class SignalingClients {
    private final Vertx vertx;
    private final BenchNodeProcess node;
    private final WebSocketClient client;
    final List<WebSocket> sockets = new ArrayList<>();

    SignalingClients(Vertx vertx, BenchNodeProcess node) {
        this.vertx = vertx;
        this.node = node;
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000)
                .setConnectTimeout(30_000));
    }

    /** Joins {@code count} viewers named {@code prefix + i}; the latency of each join in nanoseconds. */
    long[] joinAll(String prefix, int count, int concurrency) {
        long[] latencies = new long[count];
        AtomicInteger next = new AtomicInteger();
        Promise<Void> done = Promise.promise();
        AtomicInteger running = new AtomicInteger(Math.min(concurrency, count));
        AtomicInteger failures = new AtomicInteger();
        List<String> tokens = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tokens.add(node.viewerToken(prefix + i));
        }
        for (int w = 0; w < Math.min(concurrency, count); w++) {
            vertx.runOnContext(v -> worker(next, count, tokens, latencies, failures, running, done));
        }
        done.future().await();
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " joins failed");
        }
        return latencies;
    }

    private void worker(AtomicInteger next, int count, List<String> tokens, long[] latencies, AtomicInteger failures,
                        AtomicInteger running, Promise<Void> done) {
        int i = next.getAndIncrement();
        if (i >= count) {
            if (running.decrementAndGet() == 0) {
                done.tryComplete();
            }
            return;
        }
        long t0 = System.nanoTime();
        join(tokens.get(i)).onComplete(ar -> {
            if (ar.succeeded()) {
                latencies[i] = System.nanoTime() - t0;
                synchronized (sockets) {
                    sockets.add(ar.result());
                }
            } else {
                failures.incrementAndGet();
                latencies[i] = System.nanoTime() - t0;
            }
            worker(next, count, tokens, latencies, failures, running, done);
        });
    }

    private Future<WebSocket> join(String token) {
        return client.connect(node.port, "127.0.0.1", "/ws/v1").compose(ws -> {
            Promise<WebSocket> joined = Promise.promise();
            ws.textMessageHandler(text -> {
                JsonObject m = new JsonObject(text);
                if ("j".equals(m.getString("id"))) {
                    if ("result".equals(m.getString("type"))) {
                        joined.tryComplete(ws);
                    } else {
                        joined.tryFail(m.encode());
                    }
                }
            });
            ws.writeTextMessage(new JsonObject().put("v", 1).put("type", "join").put("id", "j")
                    .put("sessionId", SignalingBenchNode.SESSION).put("token", token).encode());
            return joined.future();
        });
    }

    void closeAll() {
        List<Future<Void>> closes = new ArrayList<>();
        synchronized (sockets) {
            for (WebSocket ws : sockets) {
                closes.add(ws.close().recover(e -> Future.succeededFuture()));
            }
            sockets.clear();
        }
        Future.all(closes).await();
    }

    static double percentileMs(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int idx = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, idx))] / 1e6;
    }
}
