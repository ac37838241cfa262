package io.sanke.media.e2e;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A UDP relay between one WebRTC peer and the SFU, for impairment: the peer is told the
 * relay's address as the SFU candidate; the relay forwards both ways and may drop
 * datagrams going to the peer. Knows nothing of the SFU's classes (it only looks at the
 * first two bytes to tell RTP from RTCP, RFC 5761/7983). Test code only.
 */
final class UdpRelay implements AutoCloseable {
  private final DatagramSocket toPeer;
  private final DatagramSocket toServer;
  private final InetSocketAddress server;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong forwarded = new AtomicLong();
  private volatile Predicate<byte[]> dropToPeer = b -> false;
  private volatile Predicate<byte[]> dropToServer = b -> false;
  private volatile SocketAddress peer;
  private volatile boolean running = true;

  UdpRelay(InetAddress bind, InetSocketAddress server) throws IOException {
    this.toPeer = new DatagramSocket(new InetSocketAddress(bind, 0));
    this.toServer = new DatagramSocket(new InetSocketAddress(bind, 0));
    this.server = server;
    Thread.ofPlatform().daemon().name("relay-up").start(this::up);
    Thread.ofPlatform().daemon().name("relay-down").start(this::down);
  }

  int port() {
    return toPeer.getLocalPort();
  }

  /** Drops datagrams to the peer for which {@code rule} is true. */
  void dropToPeer(Predicate<byte[]> rule) {
    this.dropToPeer = rule;
  }

  /** Drops datagrams from the peer to the SFU for which {@code rule} is true. */
  void dropToServer(Predicate<byte[]> rule) {
    this.dropToServer = rule;
  }

  long dropped() {
    return dropped.get();
  }

  static boolean isRtp(byte[] b) {
    int b0 = b[0] & 0xff;
    int pt = b[1] & 0xff;
    return b0 >= 128 && b0 <= 191 && !(pt >= 192 && pt <= 223);
  }

  /** Every {@code n}-th RTP datagram (SRTP media and RTX alike). */
  static Predicate<byte[]> everyNthRtp(int n) {
    AtomicLong count = new AtomicLong();
    return b -> isRtp(b) && count.incrementAndGet() % n == 0;
  }

  /** Replaces the SFU's candidates in an answer by this relay's address. */
  String viaRelay(String answerSdp, String relayHost) {
    StringBuilder b = new StringBuilder();
    for (String line : answerSdp.split("\r\n")) {
      if (line.startsWith("a=candidate:")) {
        continue;
      }
      if (line.equals("a=end-of-candidates")) {
        b.append("a=candidate:relay 1 udp 2130706431 ").append(relayHost).append(' ').append(port())
            .append(" typ host\r\n");
      }
      b.append(line).append("\r\n");
    }
    return b.toString();
  }

  private void up() {
    byte[] buf = new byte[65536];
    while (running) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        toPeer.receive(p);
        peer = p.getSocketAddress();
        if (p.getLength() > 1 && dropToServer.test(java.util.Arrays.copyOf(p.getData(), p.getLength()))) {
          dropped.incrementAndGet();
          continue;
        }
        toServer.send(new DatagramPacket(p.getData(), p.getOffset(), p.getLength(), server));
      } catch (IOException e) {
        if (!running) {
          return;
        }
      }
    }
  }

  private void down() {
    byte[] buf = new byte[65536];
    while (running) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        toServer.receive(p);
        SocketAddress to = peer;
        if (to == null) {
          continue;
        }
        byte[] data = java.util.Arrays.copyOf(p.getData(), p.getLength());
        if (data.length > 1 && dropToPeer.test(data)) {
          dropped.incrementAndGet();
          continue;
        }
        forwarded.incrementAndGet();
        toPeer.send(new DatagramPacket(data, data.length, to));
      } catch (IOException e) {
        if (!running) {
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    running = false;
    toPeer.close();
    toServer.close();
  }
}
