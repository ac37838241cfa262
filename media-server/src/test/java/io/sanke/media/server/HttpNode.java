package io.sanke.media.server;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A media node on 127.0.0.1 (ephemeral ports, a fixed clock so no consent ever expires) with its
 * control API over HTTP, for tests; {@link #inProcess} drives the same node without HTTP.
 */
final class HttpNode implements AutoCloseable {
  static final String SECRET = "test-secret-0123456789";

  final MediaServer media;
  final InProcessControl inProcess;
  final ControlHttpServer http;

  private HttpNode(MediaServer media, ControlHttpServer http) {
    this.media = media;
    this.inProcess = new InProcessControl(media);
    this.http = http;
  }

  static HttpNode start() {
    MediaServer media = MediaServer.start(MediaConfig.forTests(),
        Clock.fixed(Instant.parse("2026-11-21T08:00:00Z"), ZoneOffset.UTC));
    try {
      return new HttpNode(media, ControlHttpServer.start(new InProcessControl(media), controlConfig()));
    } catch (RuntimeException e) {
      media.close();
      throw e;
    }
  }

  /** The reference defaults on 127.0.0.1, any free port, {@link #SECRET}. */
  static ControlConfig controlConfig() {
    return new ControlConfig("127.0.0.1", 0, SECRET, 256 * 1024);
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + http.port());
  }

  HttpMediaControl client() {
    return new HttpMediaControl(uri(), SECRET);
  }

  @Override
  public void close() {
    http.close();
    media.close();
  }
}
