package io.sanke.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * The reference of the forwarding benchmark, as its own process: a bare UDP fan-out, one
 * socket in, one {@code send} per receiver, nothing else (no ICE, SRTP or rewriting). It is
 * what the SFU's forwarding costs on this machine at the least. Prints
 * {@code {"event":"ready","port":N}} and relays until it is killed.
 *
 * <p>Usage: {@code PlainRelay PORT...} (the receivers on 127.0.0.1).
 */
public final class PlainRelay {
  private PlainRelay() {}

  public static void main(String[] args) throws IOException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    InetSocketAddress[] to = new InetSocketAddress[args.length];
    for (int i = 0; i < args.length; i++) {
      to[i] = new InetSocketAddress(lo, Integer.parseInt(args[i]));
    }
    try (DatagramChannel ch = DatagramChannel.open()) {
      ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
      ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
      ch.bind(new InetSocketAddress(lo, 0));
      System.out.println("{\"event\":\"ready\",\"port\":" + ((InetSocketAddress) ch.getLocalAddress()).getPort() + "}");
      System.out.flush();
      ByteBuffer buf = ByteBuffer.allocateDirect(2048);
      while (true) {
        buf.clear();
        ch.receive(buf);
        buf.flip();
        for (InetSocketAddress a : to) {
          buf.rewind();
          ch.send(buf, a);
        }
      }
    }
  }
}
