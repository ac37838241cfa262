package io.sanke.media.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.sanke.media.api.Command;
import io.sanke.media.api.MediaException;
import io.sanke.media.api.Reply;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone media node: its configuration, and the process itself in a child JVM. */
class MediaNodeMainTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A node on 127.0.0.1 with free ports, as system properties (the defaults/overrides stack of Typesafe config). */
  private static final List<String> LOCAL_NODE = List.of("-Dsanke.media.ice.bind-address=127.0.0.1",
      "-Dsanke.media.ice.udp-port=0", "-Dsanke.media.ice.tcp-port=0", "-Dsanke.media.control.port=0");

  @TempDir
  Path dir;

  @Test
  @DisplayName("the control keys default to 127.0.0.1:8070, no secret (generate one) and 256 KiB bodies")
  void controlDefaults() {
    ControlConfig c = ControlConfig.from(ConfigFactory.defaultReference());
    assertEquals(new ControlConfig("127.0.0.1", 8070, "", 256 * 1024), c);
    assertFalse(c.withSecret("0123456789abcdef-secret").toString().contains("0123456789abcdef"),
        "the secret is never printed with the configuration");
  }

  @Test
  @DisplayName("a bad control value stops the start with the key named")
  void badControlValues() {
    for (String[] bad : new String[][] {{"port = 70000", "sanke.media.control.port"},
        {"secret = short", "sanke.media.control.secret"}, {"max-body = 0", "sanke.media.control.max-body"},
        {"bind-address = \"\"", "sanke.media.control.bind-address"}}) {
      ConfigException e = assertThrows(ConfigException.class, () -> ControlConfig.from(
          ConfigFactory.parseString("sanke.media.control." + bad[0]).withFallback(ConfigFactory.defaultReference())));
      assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
    }
  }

  @Test
  @DisplayName("a configured secret is used and not printed; an empty one is generated and printed")
  void secretInTheReadyLine() throws Exception {
    var configured = ConfigFactory.parseString("sanke.media { ice { bind-address = \"127.0.0.1\", udp-port = 0,"
        + " tcp-port = 0 }, control { port = 0, secret = \"" + HttpNode.SECRET + "\" } }")
        .withFallback(ConfigFactory.defaultReference());
    try (MediaNodeMain.Node node = MediaNodeMain.start(configured, Clock.systemUTC());
        HttpMediaControl client = new HttpMediaControl(URI.create("http://127.0.0.1:" + node.control().port()),
            HttpNode.SECRET)) {
      JsonNode ready = JSON.readTree(node.readyLine());
      assertFalse(ready.has("secret"), node.readyLine());
      assertEquals(node.media().udpPort(), ready.get("udpPort").asInt());
      assertInstanceOf(Reply.Done.class, client.execute(new Command.CreateRouter("room")));
    }
    String generated = MediaNodeMain.randomSecret();
    assertEquals(43, generated.length());
    assertTrue(generated.matches("[A-Za-z0-9_-]+"), generated);
  }

  @Test
  @DisplayName("a node in its own JVM prints one ready line, obeys commands and exits on SIGTERM, logging to stderr only")
  void childProcess() throws Exception {
    Path stderr = dir.resolve("stderr.txt");
    Process process = java(LOCAL_NODE, stderr);
    try {
      BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8));
      String line = CompletableFuture.supplyAsync(() -> readLine(stdout)).get(60, TimeUnit.SECONDS);
      assertNotNull(line, () -> "no ready line; stderr: " + read(stderr));
      JsonNode ready = JSON.readTree(line);
      assertEquals(List.of("event", "udpPort", "tcpPort", "controlPort", "secret"), names(ready), line);
      assertEquals("ready", ready.get("event").asText());
      assertTrue(ready.get("udpPort").asInt() > 0 && ready.get("tcpPort").asInt() > 0, line);
      String secret = ready.get("secret").asText();
      URI uri = URI.create("http://127.0.0.1:" + ready.get("controlPort").asInt());

      try (HttpMediaControl control = new HttpMediaControl(uri, secret)) {
        assertInstanceOf(Reply.Done.class, control.execute(new Command.CreateRouter("room")));
        Reply.TransportCreated t = control.execute(new Command.CreateWebRtcTransport("room", "t"));
        assertEquals(ready.get("udpPort").asInt(), t.candidates().get(0).port());
        assertEquals(MediaException.Code.ALREADY_EXISTS,
            assertThrows(MediaException.class, () -> control.execute(new Command.CreateRouter("room"))).code());
        assertEquals(1, control.execute(new Command.GetLoad()).routers());
      }

      process.toHandle().destroy(); // SIGTERM, as Process.destroy() sends, without closing our end of stdout
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), () -> "still running after SIGTERM; stderr: " + read(stderr));
      assertEquals(null, stdout.readLine(), "nothing but the ready line on stdout");
      assertTrue(read(stderr).contains("media server started"), "logs go to stderr");
      assertTrue(read(stderr).contains("media control API stopped"), () -> "the shutdown hook ran: " + read(stderr));
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  @DisplayName("a node with a bad configuration value exits with status 2 and names the key on stderr")
  void childProcessWithBadConfig() throws Exception {
    Path stderr = dir.resolve("stderr.txt");
    List<String> args = new ArrayList<>(LOCAL_NODE);
    args.add("-Dsanke.media.control.secret=short");
    Process process = java(args, stderr);
    try {
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "exits by itself");
      assertEquals(2, process.exitValue());
      assertTrue(read(stderr).contains("sanke.media.control.secret"), read(stderr));
      assertEquals("", new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8), "no ready line");
    } finally {
      process.destroyForcibly();
    }
  }

  /** {@link MediaNodeMain} in a child JVM on the test class path; stderr to a file. */
  private static Process java(List<String> properties, Path stderr) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    command.addAll(properties);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), MediaNodeMain.class.getName()));
    return new ProcessBuilder(command).redirectError(stderr.toFile()).start();
  }

  private static String readLine(BufferedReader in) {
    try {
      return in.readLine();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
