package io.sanke.media.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single UDP port every WebRTC endpoint shares (as JVB's single-port harvester).
 * A STUN binding request is routed by the local ufrag in its USERNAME and, once its
 * MESSAGE-INTEGRITY checks out, its source address is bound to that endpoint; any
 * other datagram is routed by source address, then told apart by its first byte
 * (RFC 7983). Unknown or malformed datagrams are counted and dropped; nothing thrown
 * by an endpoint escapes the receive loop. Does no DTLS or SRTP itself.
 */
public final class UdpMux implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UdpMux.class);

  private final DatagramChannel channel;
  private final Clock clock;
  private final Duration consentTimeout;
  private final TransportCounters counters;
  private final Map<String, IceLiteEndpoint> byUfrag = new ConcurrentHashMap<>();
  private final Map<SocketAddress, IceLiteEndpoint> byAddress = new ConcurrentHashMap<>();
  private final Map<SocketAddress, UdpPath> paths = new ConcurrentHashMap<>();
  private final Thread receiver;
  private volatile boolean running = true;

  /** Binds the port (0 picks a free one) on {@code bind}; dual-stack when bound to the wildcard. */
  public UdpMux(InetSocketAddress bind, Clock clock, Duration consentTimeout, TransportCounters counters)
      throws IOException {
    this.channel = DatagramChannel.open();
    channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
    channel.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
    channel.bind(bind);
    this.clock = clock;
    this.consentTimeout = consentTimeout;
    this.counters = counters;
    this.receiver = Thread.ofPlatform().daemon().name("udp-mux-" + port()).unstarted(this::receiveLoop);
    receiver.start();
  }

  public int port() {
    try {
      return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    } catch (IOException e) {
      return -1;
    }
  }

  public TransportCounters counters() {
    return counters;
  }

  /** Registers an endpoint under its local ufrag; the ufrag must be unique on this port. */
  public IceLiteEndpoint register(String ufrag, String password, IceEndpointListener listener) {
    IceLiteEndpoint e = new IceLiteEndpoint(ufrag, password, listener, clock, consentTimeout);
    if (byUfrag.putIfAbsent(ufrag, e) != null) {
      throw new IllegalArgumentException("ufrag already in use [ufrag:" + ufrag + "]");
    }
    return e;
  }

  /** Forgets an endpoint and every address bound to it. */
  public void unregister(IceLiteEndpoint e) {
    e.markClosed();
    byUfrag.remove(e.ufrag(), e);
    byAddress.entrySet().removeIf(x -> {
      if (x.getValue() == e) {
        paths.remove(x.getKey());
        return true;
      }
      return false;
    });
  }

  /** Endpoint registered for {@code ufrag}, or null. Used by the ICE-TCP listener. */
  IceLiteEndpoint endpoint(String ufrag) {
    return byUfrag.get(ufrag);
  }

  /** Closes every endpoint whose consent expired; call it every second or so. */
  public void checkConsent() {
    for (IceLiteEndpoint e : byUfrag.values()) {
      if (e.consentExpired()) {
        counters.inc("ice.consent.expired");
        try {
          e.expire();
        } catch (RuntimeException ex) {
          log.warn("consent expiry handler failed [ufrag:{}]", e.ufrag(), ex);
        }
        unregister(e);
      }
    }
  }

  private void receiveLoop() {
    ByteBuffer bb = ByteBuffer.allocate(65536);
    byte[] buf = bb.array();
    var packetsIn = counters.adder("udp.in");
    var bytesIn = counters.adder("udp.in.bytes");
    while (running) {
      SocketAddress from;
      bb.clear();
      try {
        from = channel.receive(bb);
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        counters.inc("udp.receive.error");
        continue;
      }
      if (from == null) {
        continue;
      }
      int len = bb.position();
      packetsIn.increment();
      bytesIn.add(len);
      UdpPath path = paths.computeIfAbsent(from, a -> new UdpPath(channel, (InetSocketAddress) a, counters));
      try {
        IceLiteEndpoint bound = byAddress.get(from);
        IceLiteEndpoint now = Demux.dispatch(this::endpoint, counters, path, bound, buf, 0, len);
        if (now != null && now != bound && !now.isClosed()) {
          byAddress.put(from, now);
        }
        if (now == null && bound == null) {
          paths.remove(from, path);
        }
      } catch (RuntimeException e) {
        counters.inc("drop.exception");
        log.debug("packet handler failed [from:{}]", from, e);
      }
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    try {
      receiver.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The UDP way back to one remote address. */
  static final class UdpPath implements IcePath {
    private final DatagramChannel channel;
    private final InetSocketAddress remote;
    private final TransportCounters counters;
    private final java.util.concurrent.atomic.LongAdder packetsOut;
    private final java.util.concurrent.atomic.LongAdder bytesOut;

    UdpPath(DatagramChannel channel, InetSocketAddress remote, TransportCounters counters) {
      this.channel = channel;
      this.remote = remote;
      this.counters = counters;
      this.packetsOut = counters.adder("udp.out");
      this.bytesOut = counters.adder("udp.out.bytes");
    }

    /** One direct buffer per sending thread: no allocation per packet, and the one copy the JDK would make anyway. */
    private static final ThreadLocal<ByteBuffer> OUT = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(65536));

    @Override
    public boolean send(byte[] buf, int off, int len) {
      try {
        ByteBuffer out = OUT.get();
        out.clear();
        out.put(buf, off, len).flip();
        channel.send(out, remote);
        packetsOut.increment();
        bytesOut.add(len);
        return true;
      } catch (IOException e) {
        counters.inc("udp.send.error");
        return false;
      }
    }

    @Override
    public InetSocketAddress remote() {
      return remote;
    }

    @Override
    public String protocol() {
      return "udp";
    }

    @Override
    public String toString() {
      return "udp:" + remote;
    }
  }
}
