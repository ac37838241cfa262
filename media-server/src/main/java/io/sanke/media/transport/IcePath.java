package io.sanke.media.transport;

import java.net.InetSocketAddress;

/**
 * One way back to a remote candidate: a UDP source address on the shared port, or a
 * passive ICE-TCP connection. Sends whole packets; never throws on a network error
 * (it is counted by the owner instead).
 */
public interface IcePath {
  /** Sends {@code len} bytes at {@code off}; returns false when the packet was not sent. */
  boolean send(byte[] buf, int off, int len);

  /** The remote address this path reaches. */
  InetSocketAddress remote();

  /** "udp" or "tcp". */
  String protocol();
}
