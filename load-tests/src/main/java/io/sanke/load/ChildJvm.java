package io.sanke.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A process under test, started as a child JVM on this class path: it is ready when it
 * prints a JSON line with {@code "event":"ready"} on stdout (the rest of its stdout is
 * drained, its stderr goes to a file). Reports the CPU time of the whole process (every
 * thread, GC and JIT included) from {@code /proc}, and is stopped by its own pid.
 */
final class ChildJvm implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

  private final Process process;
  private final JsonNode ready;

  private ChildJvm(Process process, JsonNode ready) {
    this.process = process;
    this.ready = ready;
  }

  /**
   * Starts {@code mainClass} with {@code jvmArgs} and {@code args}, on the CPUs {@code cpus}
   * (a {@code taskset} list such as "1"; null: any); waits (up to 60 s) for its ready line.
   */
  static ChildJvm start(String mainClass, List<String> jvmArgs, List<String> args, String cpus, Path stderr)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    if (cpus != null) {
      cmd.addAll(List.of("taskset", "-c", cpus));
    }
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String line;
    while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
      if (line.startsWith("{")) {
        JsonNode n = JSON.readTree(line);
        if ("ready".equals(n.path("event").asText())) {
          Thread.ofPlatform().daemon().name("child-stdout").start(() -> drain(out));
          return new ChildJvm(p, n);
        }
      }
    }
    p.destroyForcibly();
    throw new IOException(mainClass + " exited or did not get ready; see " + stderr);
  }

  private static void drain(BufferedReader out) {
    try {
      while (out.readLine() != null) {
        // the child's later output is not needed
      }
    } catch (IOException ignored) {
      // the child is gone
    }
  }

  /** The child's ready line. */
  JsonNode ready() {
    return ready;
  }

  long pid() {
    return process.pid();
  }

  /** User plus system CPU seconds of the whole process so far (10 ms resolution). */
  double cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      // Fields after the command name, which is in parentheses and may hold spaces.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLOCK_TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** SIGTERM, then SIGKILL after 10 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
