package io.sanke.scheduler.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (the Debian package) for tests: its own port and data
 * directory, append-only persistence, stopped by its own pid. Fails loudly when the
 * binary is missing. Readiness is read from its log, not waited for by the clock.
 */
public final class RedisProcess implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/redis-server");

    private final Path dir;
    private final int port;
    private final Process process;

    private RedisProcess(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Starts redis-server on a free port in a fresh temporary directory. */
    public static RedisProcess start() {
        try {
            return start(Files.createTempDirectory("sanke-redis-"), freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts redis-server on {@code port} with its data (AOF) in {@code dir}. */
    public static RedisProcess start(Path dir, int port) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("tests need a real Redis: " + BINARY
                    + " is missing (apt-get install redis-server)");
        }
        try {
            Process p = new ProcessBuilder(BINARY.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--dir", dir.toString(), "--appendonly", "yes", "--save", "", "--daemonize", "no",
                    "--protected-mode", "yes", "--loglevel", "notice")
                    .redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder log = new StringBuilder();
            String line;
            while ((line = out.readLine()) != null) {
                log.append(line).append('\n');
                if (line.contains("Ready to accept connections")) {
                    Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "redis-log-" + port);
                    drain.setDaemon(true);
                    drain.start();
                    return new RedisProcess(dir, port, p);
                }
            }
            throw new IllegalStateException("redis-server exited before it was ready:\n" + log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String uri() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    public Path dir() {
        return dir;
    }

    public int port() {
        return port;
    }

    /** Stops the server (SIGTERM to its pid: Redis flushes its AOF and exits) and waits for it. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops and starts again on the same port and directory. */
    public RedisProcess restart() {
        stop();
        return start(dir, port);
    }

    /** Stops the server and deletes its data directory. */
    @Override
    public void close() {
        stop();
        deleteTree(dir);
    }

    public static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
