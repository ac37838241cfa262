package io.sanke.media.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import io.sanke.media.server.MediaConfig;

/** The WebRTC tests run only inside the private network namespace of scripts/netns-java. */
final class NetNs {
  private NetNs() {}

  /** Server config for the namespace: all its addresses, ephemeral ports. Fails outside the namespace. */
  static MediaConfig config() {
    if (!"1".equals(System.getenv("SANKE_NETNS"))) {
      fail("WebRTC tests must run inside scripts/netns-java (surefire execution webrtc-netns), not on the host network");
    }
    return MediaConfig.withOverrides("sanke.media.ice { bind-address = \"::\", udp-port = 0, tcp-port = 0 }");
  }
}
