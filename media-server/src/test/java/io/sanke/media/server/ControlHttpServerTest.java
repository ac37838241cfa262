package io.sanke.media.server;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sanke.media.api.Command;
import io.sanke.media.api.MediaException;
import io.sanke.media.api.MediaServerControl;
import io.sanke.media.api.Reply;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The control API on the wire: paths, JSON, status codes, the secret, limits; a real node on 127.0.0.1. */
class ControlHttpServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CREATE_SNEAKY = "{\"type\":\"createRouter\",\"routerId\":\"sneaky\"}";

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private HttpNode node;

  record Answer(int status, Map<String, String> headers, JsonNode json) {
    String errorCode() {
      return json.path("error").path("code").asText(null);
    }
  }

  @BeforeEach
  void start() throws Exception {
    node = HttpNode.start();
    node.inProcess.execute(new Command.CreateRouter("room"));
    node.inProcess.execute(new Command.CreateWebRtcTransport("room", "t"));
  }

  @AfterEach
  void stop() {
    client.close();
    node.close();
  }

  private Answer send(String method, String path, String authorization, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.uri() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    r.headers().map().forEach((k, v) -> headers.put(k, v.get(0)));
    return new Answer(r.statusCode(), headers, JSON.readTree(r.body()));
  }

  private Answer post(String body) throws Exception {
    return send("POST", "/media/v1/commands", "Bearer " + HttpNode.SECRET, body);
  }

  @Test
  @DisplayName("a posted command is answered 200 with its reply as JSON, tagged with the reply's type")
  void commandRoundTrip() throws Exception {
    Answer done = post("{\"type\":\"createRouter\",\"routerId\":\"room-2\"}");
    assertEquals(200, done.status());
    assertEquals("application/json; charset=utf-8", done.headers().get("Content-Type"));
    assertEquals(JSON.readTree("{\"type\":\"done\"}"), done.json());
    assertTrue(node.media.router("room-2") != null, "the router was created");

    Answer created = post("{\"type\":\"createWebRtcTransport\",\"routerId\":\"room-2\",\"transportId\":\"pub\"}");
    assertEquals(200, created.status());
    assertEquals("transportCreated", created.json().get("type").asText());
    assertEquals("pub", created.json().get("transportId").asText());
    assertTrue(created.json().get("iceLite").asBoolean());
    assertEquals(node.media.udpPort(), created.json().get("candidates").get(0).get("port").asInt());
  }

  @Test
  @DisplayName("GET load answers the GetLoad reply; health answers without the secret")
  void loadAndHealth() throws Exception {
    Answer load = send("GET", "/media/v1/load", "Bearer " + HttpNode.SECRET, null);
    assertEquals(200, load.status());
    assertEquals("load", load.json().get("type").asText());
    assertEquals(1, load.json().get("routers").asInt());
    assertEquals(1, load.json().get("transports").asInt());
    assertEquals(node.inProcess.execute(new Command.GetLoad()), JSON.treeToValue(load.json(), Reply.class));

    Answer health = send("GET", "/media/v1/health", null, null);
    assertEquals(200, health.status());
    assertEquals("ok", health.json().get("status").asText());
  }

  @Test
  @DisplayName("bad input gets its status and a JSON error, and changes nothing")
  void badInputChangesNothing() throws Exception {
    record Row(String name, String method, String path, String authorization, String body, int status, String code) {}
    String bearer = "Bearer " + HttpNode.SECRET;
    String commands = "/media/v1/commands";
    List<Row> rows = List.of(
        new Row("no secret", "POST", commands, null, CREATE_SNEAKY, 401, "UNAUTHORIZED"),
        new Row("wrong secret", "POST", commands, "Bearer wrong-secret-0123456789", CREATE_SNEAKY, 401, "UNAUTHORIZED"),
        new Row("a prefix of the secret", "POST", commands, bearer.substring(0, bearer.length() - 1), CREATE_SNEAKY,
            401, "UNAUTHORIZED"),
        new Row("the secret and more", "POST", commands, bearer + "0", CREATE_SNEAKY, 401, "UNAUTHORIZED"),
        new Row("another scheme", "POST", commands, "Basic " + HttpNode.SECRET, CREATE_SNEAKY, 401, "UNAUTHORIZED"),
        new Row("load without the secret", "GET", "/media/v1/load", null, null, 401, "UNAUTHORIZED"),
        new Row("unknown path without the secret", "GET", "/media/v2/commands", null, null, 401, "UNAUTHORIZED"),
        new Row("malformed JSON", "POST", commands, bearer, "{\"type\":\"createRouter\",\"routerId\":", 400,
            "BAD_REQUEST"),
        new Row("not JSON", "POST", commands, bearer, "createRouter sneaky", 400, "BAD_REQUEST"),
        new Row("empty body", "POST", commands, bearer, "", 400, "BAD_REQUEST"),
        new Row("JSON null", "POST", commands, bearer, "null", 400, "BAD_REQUEST"),
        new Row("unknown type", "POST", commands, bearer, "{\"type\":\"launchRocket\",\"routerId\":\"sneaky\"}", 400,
            "BAD_REQUEST"),
        new Row("no type", "POST", commands, bearer, "{\"routerId\":\"sneaky\"}", 400, "BAD_REQUEST"),
        new Row("missing field", "POST", commands, bearer, "{\"type\":\"createRouter\"}", 400, "BAD_REQUEST"),
        new Row("unknown field", "POST", commands, bearer, "{\"type\":\"createRouter\",\"routerId\":\"sneaky\","
            + "\"shard\":2}", 400, "BAD_REQUEST"),
        new Row("wrong field type", "POST", commands, bearer, "{\"type\":\"createPlainRtpTransport\",\"routerId\":"
            + "\"room\",\"transportId\":\"rec\",\"host\":\"127.0.0.1\",\"port\":\"five\"}", 400, "BAD_REQUEST"),
        new Row("null number", "POST", commands, bearer, "{\"type\":\"createPlainRtpTransport\",\"routerId\":"
            + "\"room\",\"transportId\":\"rec\",\"host\":\"127.0.0.1\",\"port\":null}", 400, "BAD_REQUEST"),
        new Row("two commands", "POST", commands, bearer, CREATE_SNEAKY + CREATE_SNEAKY.replace("sneaky", "sneaky-2"),
            400, "BAD_REQUEST"),
        new Row("an array", "POST", commands, bearer, "[" + CREATE_SNEAKY + "]", 400, "BAD_REQUEST"),
        new Row("a type and a value in an array", "POST", commands, bearer, "[\"createRouter\",{\"routerId\":"
            + "\"sneaky\"}]", 400, "BAD_REQUEST"),
        new Row("GET commands", "GET", commands, bearer, null, 405, "METHOD_NOT_ALLOWED"),
        new Row("PUT commands", "PUT", commands, bearer, CREATE_SNEAKY, 405, "METHOD_NOT_ALLOWED"),
        new Row("POST load", "POST", "/media/v1/load", bearer, CREATE_SNEAKY, 405, "METHOD_NOT_ALLOWED"),
        new Row("DELETE health", "DELETE", "/media/v1/health", null, null, 405, "METHOD_NOT_ALLOWED"),
        new Row("another version", "POST", "/media/v2/commands", bearer, CREATE_SNEAKY, 404, "UNKNOWN_PATH"),
        new Row("below commands", "POST", commands + "/createRouter", bearer, CREATE_SNEAKY, 404, "UNKNOWN_PATH"),
        new Row("root", "GET", "/", bearer, null, 404, "UNKNOWN_PATH"),
        new Row("router exists", "POST", commands, bearer, "{\"type\":\"createRouter\",\"routerId\":\"room\"}", 409,
            "ALREADY_EXISTS"),
        new Row("blank router id", "POST", commands, bearer, "{\"type\":\"createRouter\",\"routerId\":\" \"}", 400,
            "BAD_REQUEST"),
        new Row("unknown router", "POST", commands, bearer, "{\"type\":\"createWebRtcTransport\",\"routerId\":"
            + "\"nowhere\",\"transportId\":\"t2\"}", 404, "NOT_FOUND"),
        new Row("bad SDP", "POST", commands, bearer, "{\"type\":\"processOffer\",\"transportId\":\"t\",\"offerSdp\":"
            + "\"hello\"}", 422, "BAD_SDP"));
    Reply.Load before = node.inProcess.execute(new Command.GetLoad());
    List<Executable> checks = new ArrayList<>();
    for (Row row : rows) {
      Answer a = send(row.method(), row.path(), row.authorization(), row.body());
      checks.add(() -> assertEquals(row.status() + " " + row.code(), a.status() + " " + a.errorCode(), row.name()));
      checks.add(() -> assertFalse(a.json().path("error").path("message").asText().isBlank(), row.name()));
      checks.add(() -> assertEquals("application/json; charset=utf-8", a.headers().get("Content-Type"), row.name()));
    }
    assertAll(checks);
    assertEquals(before, node.inProcess.execute(new Command.GetLoad()), "nothing changed");
    assertNull(node.media.router("sneaky"));
    assertNull(node.media.router("sneaky-2"));
    assertTrue(node.media.router("room").producers().isEmpty(), "the bad offer made no producer");
  }

  @Test
  @DisplayName("a 400 says what is wrong with the command, in the caller's terms")
  void badCommandMessages() throws Exception {
    Map<String, String> says = Map.of(
        "{\"type\":\"createRouter\",", "malformed JSON: ",
        "[]", "the body must be one JSON object",
        "{\"routerId\":\"x\"}", "a command needs a \"type\" [known:close, createConsumer,",
        "{\"type\":\"launchRocket\"}", "unknown command type [type:launchRocket, known:close, createConsumer,",
        "{\"type\":\"createRouter\"}", "missing field [field:routerId]",
        "{\"type\":\"createRouter\",\"routerId\":\"x\",\"shard\":2}", "unknown field [field:shard]",
        "{\"type\":\"close\",\"kind\":\"ROOM\",\"id\":\"x\"}", "bad value [field:kind]: ");
    for (var e : says.entrySet()) {
      String message = post(e.getKey()).json().get("error").get("message").asText();
      assertTrue(message.startsWith(e.getValue()), e.getKey() + " -> " + message);
    }
  }

  @Test
  @DisplayName("a 401 says how to authenticate and a 405 says which method is allowed")
  void refusalHeaders() throws Exception {
    assertEquals("Bearer", send("POST", "/media/v1/commands", null, CREATE_SNEAKY).headers().get("WWW-Authenticate"));
    assertEquals("POST", send("GET", "/media/v1/commands", "Bearer " + HttpNode.SECRET, null).headers().get("Allow"));
  }

  @Test
  @DisplayName("a body declared over 256 KiB is refused with 413 before it is sent")
  void oversizeDeclared() throws Exception {
    try (Socket s = new Socket("127.0.0.1", node.http.port())) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST /media/v1/commands HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + HttpNode.SECRET
          + "\r\nContent-Type: application/json\r\nContent-Length: " + (10 << 20) + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(CREATE_SNEAKY.getBytes(StandardCharsets.US_ASCII)); // then nothing more of the 10 MiB
      out.flush();
      Answer a = readAnswer(s);
      assertEquals(413, a.status());
      assertEquals("TOO_LARGE", a.errorCode());
      assertEquals("close", a.headers().get("Connection"));
    }
    assertNull(node.media.router("sneaky"));
  }

  @Test
  @DisplayName("a chunked body that grows over 256 KiB is refused with 413")
  void oversizeChunked() throws Exception {
    try (Socket s = new Socket("127.0.0.1", node.http.port())) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST /media/v1/commands HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + HttpNode.SECRET
          + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = new byte[8192];
      java.util.Arrays.fill(chunk, (byte) ' ');
      for (int sent = 0; sent <= 256 * 1024; sent += chunk.length) {
        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(chunk);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Answer a = readAnswer(s);
      assertEquals(413, a.status());
      assertEquals("TOO_LARGE", a.errorCode());
    }
  }

  /** One HTTP/1.1 response with a Content-Length body, read off a raw socket. */
  private static Answer readAnswer(Socket s) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    int status = Integer.parseInt(in.readLine().split(" ")[1]);
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
    }
    char[] body = new char[Integer.parseInt(headers.get("Content-Length"))];
    int n = 0;
    while (n < body.length) {
      n += in.read(body, n, body.length - n);
    }
    return new Answer(status, headers, JSON.readTree(new String(body)));
  }

  @Test
  @DisplayName("an unexpected exception is answered 500 and logged, and the server keeps serving")
  void unexpectedExceptionIs500() throws Exception {
    MediaServerControl broken = new MediaServerControl() {
      @Override
      public <R extends Reply> R execute(Command<R> command) throws MediaException {
        if (command instanceof Command.GetLoad) {
          throw new MediaException(MediaException.Code.INTERNAL, "load unknown [node:broken]");
        }
        throw new IllegalStateException("bug");
      }
    };
    try (ControlHttpServer server = ControlHttpServer.start(broken, HttpNode.controlConfig())) {
      String base = "http://127.0.0.1:" + server.port();
      for (int i = 0; i < 2; i++) {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/media/v1/commands"))
            .header("Authorization", "Bearer " + HttpNode.SECRET).POST(HttpRequest.BodyPublishers.ofString(CREATE_SNEAKY))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(500, r.statusCode());
        assertEquals(JSON.readTree("{\"error\":{\"code\":\"INTERNAL\",\"message\":\"internal error\"}}"),
            JSON.readTree(r.body()), "no stack trace or exception text goes out");
      }
      HttpResponse<String> load = client.send(HttpRequest.newBuilder(URI.create(base + "/media/v1/load"))
          .header("Authorization", "Bearer " + HttpNode.SECRET).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(500, load.statusCode());
      assertEquals("load unknown [node:broken]", JSON.readTree(load.body()).get("error").get("message").asText());
    }
  }
}
