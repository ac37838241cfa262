package io.sanke.load;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * Starts {@link SignalingBenchNode} as a child JVM (same class path, {@code -Xmx1g}),
 * stops it by its own pid, and signs lesson tokens for it (HS256 with the secret it
 * was given, audience {@code sanke-lesson}, role viewer).
 */
final class BenchNodeProcess implements AutoCloseable {
    final int port;
    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    private final JWTAuth jwt;

    private BenchNodeProcess(Process process, BufferedReader out, int port, JWTAuth jwt) {
        this.process = process;
        this.out = out;
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.port = port;
        this.jwt = jwt;
    }

    static BenchNodeProcess start(Vertx vertx) {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            Process p = new ProcessBuilder(List.of(java, "-Xmx1g", "-Dice4j.harvest.mapping.aws.enabled=false",
                    "-cp", System.getProperty("java.class.path"),
                    SignalingBenchNode.class.getName(), secret)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("READY ")) {
                    JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions()
                            .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
                    return new BenchNodeProcess(p, out, Integer.parseInt(line.substring(6).trim()), jwt);
                }
            }
            throw new IllegalStateException("the signaling node exited before it was ready");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String viewerToken(String participantId) {
        long now = System.currentTimeMillis() / 1000;
        return jwt.generateToken(new JsonObject().put("sid", SignalingBenchNode.SESSION).put("role", "viewer")
                .put("sub", participantId).put("name", participantId).put("iat", now).put("exp", now + 3600),
                new JWTOptions().setAlgorithm("HS256").setNoTimestamp(true).addAudience("sanke-lesson"));
    }

    /** Used heap of the node after GC, in bytes, and its open sockets. */
    long[] heap() {
        in.println("heap");
        try {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("HEAP ")) {
                    String[] f = line.split(" ");
                    return new long[]{Long.parseLong(f[1]), Long.parseLong(f[2])};
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("the signaling node exited");
    }

    @Override
    public void close() {
        in.println("quit");
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroy();
                process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
        }
    }
}
