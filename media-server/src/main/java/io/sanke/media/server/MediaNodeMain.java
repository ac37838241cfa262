package io.sanke.media.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;

/**
 * A media server as its own process, driven by signaling (or a benchmark) over the HTTP
 * control API: starts a {@link MediaServer} from {@code sanke.media} and a
 * {@link ControlHttpServer} from {@code sanke.media.control}, then prints one line of JSON on
 * stdout and nothing else ever:
 * <pre>
 * {"event":"ready","udpPort":10000,"tcpPort":4443,"controlPort":8070,"secret":"…"}
 * </pre>
 * ({@code secret} only when it was generated because {@code sanke.media.control.secret} is
 * empty). Everything else, logs included, goes to stderr. SIGTERM closes the control API, then
 * the media server. A bad configuration value exits with status 2 and the key named on stderr;
 * a port that cannot be opened exits with 1.
 * <pre>
 * java -cp sanke-server.jar io.sanke.media.server.MediaNodeMain -Dsanke.media.node-id=media-2 -Dsanke.media.control.port=8071 …
 * </pre>
 */
public final class MediaNodeMain {
  private MediaNodeMain() {
  }

  /** What the ready line says, in this order; {@code secret} is left out when null. */
  record Ready(String event, int udpPort, int tcpPort, int controlPort,
      @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {}

  /** A started node: its media server, its control API and the secret generated for it (or null). */
  record Node(MediaServer media, ControlHttpServer control, String generatedSecret) implements AutoCloseable {
    String readyLine() {
      try {
        return ControlWire.mapper().writeValueAsString(new Ready("ready", media.udpPort(), media.tcpPort(),
            control.port(), generatedSecret));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("the ready line always serializes", e);
      }
    }

    /** Control API first, so no command reaches a closing server. */
    @Override
    public void close() {
      try {
        control.close();
      } finally {
        media.close();
      }
    }
  }

  public static void main(String[] args) {
    PrintStream stdout = System.out;
    System.setOut(System.err); // stdout carries the ready line only; console logs and stray prints go to stderr
    if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
      // a client has 30 s to send its request; a stalled one must not hold a control thread forever
      System.setProperty("sun.net.httpserver.maxReqTime", "30");
    }
    Node node;
    try {
      node = start(ConfigFactory.load(), Clock.systemUTC());
    } catch (ConfigException e) {
      System.err.println("sanke-media: bad configuration: " + e.getMessage());
      System.exit(2);
      return;
    } catch (RuntimeException e) {
      System.err.println("sanke-media: cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(node::close, "sanke-media-shutdown"));
    stdout.println(node.readyLine());
    stdout.flush();
    try {
      new CountDownLatch(1).await(); // the control threads are daemons: keep the JVM up until SIGTERM
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reads and checks both configurations, then starts the media server and its control API. */
  static Node start(Config config, Clock clock) {
    MediaConfig mediaConfig = MediaConfig.from(config);
    ControlConfig controlConfig = ControlConfig.from(config);
    String generated = controlConfig.secret().isEmpty() ? randomSecret() : null;
    if (generated != null) {
      controlConfig = controlConfig.withSecret(generated);
    }
    MediaServer media = MediaServer.start(mediaConfig, clock);
    try {
      return new Node(media, ControlHttpServer.start(new InProcessControl(media), controlConfig), generated);
    } catch (RuntimeException e) {
      media.close();
      throw e;
    }
  }

  /** 32 random bytes, base64url without padding (43 characters). */
  static String randomSecret() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
