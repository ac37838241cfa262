package io.sanke.media.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passive ICE-TCP candidates (RFC 6544, "tcptype passive"): accepts connections on one
 * TCP port, reads RFC 4571 frames (a 16-bit length before each packet) and hands each
 * frame to the same demultiplexer as the UDP port. The first frame must be a binding
 * request for a registered ufrag, or the connection is closed. One virtual thread per
 * connection; a bad frame length closes that connection only.
 */
public final class TcpIceServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TcpIceServer.class);

  private final ServerSocketChannel server;
  private final UdpMux mux;
  private final TransportCounters counters;
  private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean running = true;

  public TcpIceServer(InetSocketAddress bind, UdpMux mux) throws IOException {
    this.server = ServerSocketChannel.open();
    server.bind(bind);
    this.mux = mux;
    this.counters = mux.counters();
    this.acceptor = Thread.ofPlatform().daemon().name("ice-tcp-" + port()).start(this::acceptLoop);
  }

  public int port() {
    try {
      return ((InetSocketAddress) server.getLocalAddress()).getPort();
    } catch (IOException e) {
      return -1;
    }
  }

  private void acceptLoop() {
    while (running) {
      try {
        SocketChannel c = server.accept();
        connections.add(c);
        Thread.ofVirtual().name("ice-tcp-conn").start(() -> serve(c));
      } catch (IOException e) {
        if (running) {
          counters.inc("tcp.accept.error");
        }
      }
    }
  }

  private void serve(SocketChannel c) {
    TcpPath path;
    try {
      path = new TcpPath(c, (InetSocketAddress) c.getRemoteAddress(), counters);
    } catch (IOException e) {
      closeQuietly(c);
      return;
    }
    IceLiteEndpoint bound = null;
    ByteBuffer head = ByteBuffer.allocate(2);
    ByteBuffer body = ByteBuffer.allocate(65536);
    try {
      while (running) {
        head.clear();
        if (!readFully(c, head)) {
          break;
        }
        int len = head.getShort(0) & 0xffff;
        if (len == 0) {
          counters.inc("drop.tcp.frame");
          break;
        }
        body.clear().limit(len);
        if (!readFully(c, body)) {
          break;
        }
        counters.inc("tcp.in");
        try {
          IceLiteEndpoint now = Demux.dispatch(mux::endpoint, counters, path, bound, body.array(), 0, len);
          if (bound == null && now == null) {
            counters.inc("drop.tcp.unbound");
            break;
          }
          if (now != null && now.isClosed()) {
            counters.inc("tcp.closed.endpoint");
            break;
          }
          bound = now;
        } catch (RuntimeException e) {
          counters.inc("drop.exception");
          log.debug("tcp packet handler failed", e);
        }
      }
    } catch (IOException e) {
      counters.inc("tcp.read.error");
    } finally {
      connections.remove(c);
      closeQuietly(c);
    }
  }

  private static boolean readFully(SocketChannel c, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      if (c.read(b) < 0) {
        return false;
      }
    }
    return true;
  }

  private static void closeQuietly(SocketChannel c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // already gone
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    connections.forEach(TcpIceServer::closeQuietly);
  }

  /** An accepted ICE-TCP connection as a path; writes RFC 4571 frames. */
  static final class TcpPath implements IcePath {
    private final SocketChannel channel;
    private final InetSocketAddress remote;
    private final TransportCounters counters;

    TcpPath(SocketChannel channel, InetSocketAddress remote, TransportCounters counters) {
      this.channel = channel;
      this.remote = remote;
      this.counters = counters;
    }

    @Override
    public boolean send(byte[] buf, int off, int len) {
      if (len > 0xffff) {
        return false;
      }
      ByteBuffer out = ByteBuffer.allocate(2 + len);
      out.putShort((short) len).put(buf, off, len).flip();
      synchronized (this) {
        try {
          while (out.hasRemaining()) {
            channel.write(out);
          }
          counters.inc("tcp.out");
          return true;
        } catch (IOException e) {
          counters.inc("tcp.send.error");
          return false;
        }
      }
    }

    @Override
    public InetSocketAddress remote() {
      return remote;
    }

    @Override
    public String protocol() {
      return "tcp";
    }
  }
}
