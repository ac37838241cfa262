package io.sanke.media.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sanke.media.api.Command;
import io.sanke.media.api.MediaException;
import io.sanke.media.api.MediaServerControl;
import io.sanke.media.api.Reply;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * The control API of a media node in another process, over {@link ControlHttpServer}'s
 * HTTP/JSON: each {@link #execute} is one {@code POST /media/v1/commands} with the bearer
 * secret. A refused command throws the {@link MediaException} the node threw, with the same
 * code and message, so a caller cannot tell it from {@link InProcessControl} but by latency. A
 * node that cannot be reached or does not answer within the timeout is an {@code INTERNAL}
 * refusal; nothing is retried (commands are not idempotent). Thread-safe; blocking.
 */
public final class HttpMediaControl implements MediaServerControl, AutoCloseable {
  /** Connect and request timeout unless one is given. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final URI commands;
  private final String authorization;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * @param node the node's address, {@code http://host:port} (the control port)
   * @param secret the node's {@code sanke.media.control.secret}
   * @param timeout for connecting and for each command's answer
   */
  public HttpMediaControl(URI node, String secret, Duration timeout) {
    Objects.requireNonNull(node, "node");
    if ((!"http".equals(node.getScheme()) && !"https".equals(node.getScheme())) || node.getHost() == null) {
      throw new IllegalArgumentException("a media node is addressed as http://host:port [url:" + node + "]");
    }
    if (secret == null || secret.isBlank()) {
      throw new IllegalArgumentException("a media node's control API needs its secret [url:" + node + "]");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be > 0 [timeout:" + timeout + "]");
    }
    this.commands = node.resolve(ControlWire.COMMANDS);
    this.authorization = "Bearer " + secret;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
  }

  public HttpMediaControl(URI node, String secret) {
    this(node, secret, DEFAULT_TIMEOUT);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <R extends Reply> R execute(Command<R> command) throws MediaException {
    if (command == null) {
      throw new MediaException(MediaException.Code.BAD_REQUEST, "no command");
    }
    HttpResponse<byte[]> response = post(command);
    if (response.statusCode() != 200) {
      throw ControlWire.exception(response.statusCode(), response.body());
    }
    Reply reply;
    try {
      reply = ControlWire.readReply(response.body());
    } catch (IOException e) {
      throw new MediaException(MediaException.Code.INTERNAL, "media node answered with no reply [url:" + commands
          + ", command:" + name(command) + "]: " + e.getMessage(), e);
    }
    if (!ControlWire.replyType(command).isInstance(reply)) {
      throw new MediaException(MediaException.Code.INTERNAL, "media node answered " + name(reply) + " to "
          + name(command) + " [url:" + commands + "]");
    }
    return (R) reply;
  }

  private HttpResponse<byte[]> post(Command<?> command) throws MediaException {
    byte[] body;
    try {
      body = ControlWire.writeCommand(command);
    } catch (JsonProcessingException e) {
      throw new MediaException(MediaException.Code.BAD_REQUEST, "command not writable as JSON [command:" + name(command)
          + "]: " + e.getOriginalMessage(), e);
    }
    HttpRequest request = HttpRequest.newBuilder(commands)
        .timeout(timeout)
        .header("Authorization", authorization)
        .header("Content-Type", ControlWire.JSON)
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new MediaException(MediaException.Code.INTERNAL, "media node unreachable [url:" + commands + ", command:"
          + name(command) + "]: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MediaException(MediaException.Code.INTERNAL, "interrupted waiting for the media node [url:"
          + commands + ", command:" + name(command) + "]", e);
    }
  }

  private static String name(Object o) {
    return o.getClass().getSimpleName();
  }

  /** Releases the HTTP client's connections and threads. */
  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return "HttpMediaControl[" + commands + "]";
  }
}
