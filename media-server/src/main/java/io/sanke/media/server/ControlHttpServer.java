package io.sanke.media.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sanke.media.api.Command;
import io.sanke.media.api.MediaException;
import io.sanke.media.api.MediaServerControl;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control API v1 over HTTP/JSON, on the JDK's HTTP server, in front of any
 * {@link MediaServerControl} (an {@link InProcessControl} in a media node):
 * <pre>
 * POST /media/v1/commands   one command as JSON ─► 200 and its reply as JSON ({"type":"done"} …)
 * GET  /media/v1/load       ─► 200 and the GetLoad reply
 * GET  /media/v1/health     ─► 200 {"status":"ok"} (no secret needed: it tells nothing)
 * </pre>
 * Every other request needs {@code Authorization: Bearer <secret>} (compared in constant time).
 * A refusal is {@code {"error":{"code":…,"message":…}}} and changes nothing: 401 without the
 * secret, 404 for an unknown path, 405 for a wrong method, 413 for a body over the limit (refused
 * from its Content-Length, before it is read), 400 for a body that is not one command, and a
 * refused command's own {@link MediaException.Code#wire} (404, 409, 400, 422, 410, 500).
 * No exception leaves a handler: an unexpected one is logged and answered 500. Runs on a small
 * fixed pool of daemon threads; commands still run one at a time under the node's media lock.
 * Knows nothing of the object model.
 */
public final class ControlHttpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControlHttpServer.class);
  private static final int THREADS = 4;
  private static final byte[] HEALTHY = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

  private final MediaServerControl control;
  private final byte[] secretDigest;
  private final int maxBody;
  private final HttpServer http;
  private final ExecutorService executor;
  private final int port;

  /** A request refused by the HTTP layer, before any command runs. */
  private static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;
    final Map<String, String> headers;

    Refusal(int status, String code, String message, Map<String, String> headers) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
      this.headers = headers;
    }

    Refusal(int status, String code, String message) {
      this(status, code, message, Map.of());
    }
  }

  private record Response(int status, byte[] body, Map<String, String> headers) {
    static Response ok(byte[] body) {
      return new Response(200, body, Map.of());
    }

    static Response error(int status, String code, String message, Map<String, String> headers) {
      return new Response(status, ControlWire.writeError(code, message), headers);
    }
  }

  private ControlHttpServer(MediaServerControl control, ControlConfig config) throws IOException {
    if (config.secret().isBlank()) {
      throw new IllegalArgumentException("the control API needs a secret (sanke.media.control.secret)");
    }
    this.control = control;
    this.secretDigest = sha256(config.secret());
    this.maxBody = config.maxBodyBytes();
    AtomicInteger n = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(THREADS, r -> {
      Thread t = new Thread(r, "media-control-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(config.bindAddress()), config.port()), 0);
    http.createContext("/", this::handle);
    http.setExecutor(executor);
    http.start();
    this.port = http.getAddress().getPort();
    log.info("media control API listening [address:{}, port:{}]", config.bindAddress(), port);
  }

  /** Binds {@code config}'s address and port (0 = any free port) and serves {@code control}. */
  public static ControlHttpServer start(MediaServerControl control, ControlConfig config) {
    try {
      return new ControlHttpServer(control, config);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the control port [address:" + config.bindAddress() + ", port:"
          + config.port() + "]", e);
    }
  }

  /** The bound TCP port. */
  public int port() {
    return port;
  }

  /** Stops accepting requests; lets one in flight finish for up to a second. */
  @Override
  public void close() {
    http.stop(1);
    executor.shutdownNow();
    log.info("media control API stopped [port:{}]", port);
  }

  private void handle(HttpExchange exchange) {
    try (exchange) {
      Response response;
      try {
        response = answer(exchange);
      } catch (Refusal e) {
        response = Response.error(e.status, e.code, e.getMessage(), e.headers);
      } catch (MediaException e) {
        if (e.code() == MediaException.Code.INTERNAL) {
          log.warn("control command failed", e);
        }
        response = Response.error(e.code().wire, e.code().name(), e.getMessage(), Map.of());
      } catch (Exception e) {
        log.warn("control request failed [method:{}, path:{}]", exchange.getRequestMethod(), path(exchange), e);
        response = Response.error(500, MediaException.Code.INTERNAL.name(), "internal error", Map.of());
      }
      send(exchange, response);
    } catch (Exception e) {
      log.debug("control response not sent [path:{}]", path(exchange), e);
    }
  }

  private Response answer(HttpExchange exchange) throws Exception {
    String path = path(exchange);
    String method = exchange.getRequestMethod();
    if (path.equals(ControlWire.HEALTH)) {
      requireMethod(method, "GET");
      return Response.ok(HEALTHY);
    }
    authenticate(exchange);
    return switch (path) {
      case ControlWire.COMMANDS -> {
        requireMethod(method, "POST");
        yield Response.ok(ControlWire.writeReply(control.execute(command(body(exchange)))));
      }
      case ControlWire.LOAD -> {
        requireMethod(method, "GET");
        yield Response.ok(ControlWire.writeReply(control.execute(new Command.GetLoad())));
      }
      default -> throw new Refusal(404, ControlWire.UNKNOWN_PATH, "no such path [path:" + path + "]");
    };
  }

  private void authenticate(HttpExchange exchange) throws Refusal {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    boolean bearer = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
    if (!bearer || !MessageDigest.isEqual(sha256(header.substring(7).trim()), secretDigest)) {
      throw new Refusal(401, ControlWire.UNAUTHORIZED, "missing or wrong bearer secret",
          Map.of("WWW-Authenticate", "Bearer"));
    }
  }

  private static void requireMethod(String method, String allowed) throws Refusal {
    if (!allowed.equals(method)) {
      throw new Refusal(405, ControlWire.METHOD_NOT_ALLOWED, "method not allowed [method:" + method + ", allowed:"
          + allowed + "]", Map.of("Allow", allowed));
    }
  }

  /** The request body, refused with 413 from its declared length or once more than the limit has come. */
  private byte[] body(HttpExchange exchange) throws IOException, Refusal {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null && declaredLength(declared) > maxBody) {
      throw tooLarge();
    }
    InputStream in = exchange.getRequestBody();
    byte[] body = in.readNBytes(maxBody + 1);
    if (body.length > maxBody) {
      throw tooLarge();
    }
    return body;
  }

  private static long declaredLength(String header) throws Refusal {
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      throw new Refusal(400, MediaException.Code.BAD_REQUEST.name(), "bad Content-Length [value:" + header + "]");
    }
  }

  /** The connection is closed after a 413, so the rest of the body is never read. */
  private Refusal tooLarge() {
    return new Refusal(413, ControlWire.TOO_LARGE, "request body over " + maxBody + " bytes",
        Map.of("Connection", "close"));
  }

  private static Command<?> command(byte[] body) throws Refusal {
    try {
      return ControlWire.readCommand(body);
    } catch (ControlWire.BadCommand e) {
      throw new Refusal(400, MediaException.Code.BAD_REQUEST.name(), e.getMessage());
    }
  }

  private static void send(HttpExchange exchange, Response response) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", ControlWire.JSON);
    response.headers().forEach(exchange.getResponseHeaders()::set);
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(response.status(), head ? -1 : response.body().length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(response.body());
      }
    }
  }

  private static String path(HttpExchange exchange) {
    String p = exchange.getRequestURI().getPath();
    return p == null ? "" : p.length() > 200 ? p.substring(0, 200) + "…" : p;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
