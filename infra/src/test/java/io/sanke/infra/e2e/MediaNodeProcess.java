package io.sanke.infra.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import io.sanke.media.api.Command;
import io.sanke.media.api.Reply;
import io.sanke.media.server.HttpMediaControl;
import io.sanke.media.server.MediaNodeMain;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A media node ({@link MediaNodeMain}) in a child JVM on the test class path. Forked from the
 * test JVM, it runs in the same private network namespace: ICE on the namespace address
 * {@value LessonStack#HOST} (UDP only, free port), the control API on 127.0.0.1 (free port),
 * a random control secret; the ports come from its one ready line on stdout, its stderr goes
 * to a file. Stopped by its own process id only: {@link #kill} is SIGKILL (a crash),
 * {@link #close} SIGTERM and, if it does not exit, SIGKILL.
 */
final class MediaNodeProcess implements AutoCloseable {
  final String id;
  final Process process;
  final int udpPort;
  final int controlPort;
  private final String secret;
  private final Path stderr;

  private MediaNodeProcess(String id, Process process, int udpPort, int controlPort, String secret, Path stderr) {
    this.id = id;
    this.process = process;
    this.udpPort = udpPort;
    this.controlPort = controlPort;
    this.secret = secret;
    this.stderr = stderr;
  }

  /** Starts node {@code id} (its stderr in {@code dir}) and waits for its ready line. */
  static MediaNodeProcess start(String id, Path dir) throws Exception {
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random); // 32 characters
    Path stderr = dir.resolve(id + ".stderr.log");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC",
        "-Dsanke.media.node-id=" + id,
        "-Dsanke.media.ice.bind-address=" + LessonStack.HOST,
        "-Dsanke.media.ice.udp-port=0",
        "-Dsanke.media.ice.tcp-port=-1",
        "-Dsanke.media.ice.advertised-addresses.0=" + LessonStack.HOST,
        "-Dsanke.media.control.port=0",
        "-Dsanke.media.control.secret=" + secret,
        "-Dice4j.harvest.mapping.aws.enabled=false",
        "-cp", System.getProperty("java.class.path"), MediaNodeMain.class.getName()));
    Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    try {
      BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line;
      try {
        line = CompletableFuture.supplyAsync(() -> readLine(stdout)).get(60, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        line = null;
      }
      if (line == null) {
        fail("media node " + id + " printed no ready line within 60 s; stderr: " + tail(stderr));
      }
      JsonObject ready;
      try {
        ready = new JsonObject(line);
      } catch (DecodeException e) {
        throw new AssertionError("media node " + id + " printed something else than its ready line: " + line, e);
      }
      if (!"ready".equals(ready.getString("event")) || ready.containsKey("secret")) {
        fail("not the ready line of a node with a configured secret: " + line);
      }
      return new MediaNodeProcess(id, process, ready.getInteger("udpPort"), ready.getInteger("controlPort"), secret,
          stderr);
    } catch (Exception | Error e) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** This node as an entry of {@code sanke.signaling.media-nodes}. */
  Map<String, Object> entry() {
    return Map.of("id", id, "url", "http://127.0.0.1:" + controlPort, "secret", secret);
  }

  /** The node's load, read over its control API (a client of our own, closed after). */
  Reply.Load load() throws Exception {
    try (HttpMediaControl control = new HttpMediaControl(URI.create("http://127.0.0.1:" + controlPort), secret)) {
      return control.execute(new Command.GetLoad());
    }
  }

  /** SIGKILL, as a crash or the OOM killer would; waits until the process is gone and returns its exit status. */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      fail("media node " + id + " (pid " + process.pid() + ") still runs 30 s after SIGKILL");
    }
    return process.exitValue();
  }

  /** The end of the node's stderr (its logs), for failure messages. */
  String logTail() {
    return tail(stderr);
  }

  /** SIGTERM, then SIGKILL if the node has not exited within 30 s. */
  @Override
  public void close() throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.toHandle().destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static String readLine(BufferedReader in) {
    try {
      return in.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
