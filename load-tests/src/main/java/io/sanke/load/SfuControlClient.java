package io.sanke.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The benchmark's side of the media server's control API v1 over HTTP
 * ({@code POST /media/v1/commands}, JSON, a bearer secret; see docs/media-server.md). It
 * builds the JSON itself and knows none of the SFU's classes, so the generator stays
 * independent of the server it measures.
 */
final class SfuControlClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI commands;
  private final String secret;

  SfuControlClient(String baseUrl, String secret) {
    this.commands = URI.create(baseUrl + "/media/v1/commands");
    this.secret = secret;
  }

  /** A command object of {@code type}; add its fields and pass it to {@link #execute}. */
  static ObjectNode command(String type) {
    return JSON.createObjectNode().put("type", type);
  }

  /** Runs one command; the reply as JSON, or an IOException with the server's error. */
  JsonNode execute(ObjectNode command) throws IOException {
    HttpRequest req = HttpRequest.newBuilder(commands).timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + secret).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(command.toString())).build();
    HttpResponse<String> res;
    try {
      res = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (res.statusCode() != 200) {
      throw new IOException(command.path("type").asText() + " failed: HTTP " + res.statusCode() + " " + res.body());
    }
    return JSON.readTree(res.body());
  }
}
