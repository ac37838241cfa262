package io.sanke.media.server;

import io.sanke.media.api.MediaException;
import io.sanke.media.api.Reply;
import io.sanke.media.transport.DtlsCertificate;
import io.sanke.media.transport.TcpIceServer;
import io.sanke.media.transport.TransportCounters;
import io.sanke.media.transport.UdpMux;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SFU node: the shared UDP port, the ICE-TCP port, the DTLS certificate, the host
 * candidates every transport advertises (interface addresses, or the configured
 * advertised addresses behind a 1:1 NAT) and the routers. Checks ICE consent on a
 * timer. Closing it closes every router.
 */
public final class MediaServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MediaServer.class);

  private final MediaConfig config;
  private final Clock clock;
  private final UdpMux mux;
  private final TcpIceServer tcp;
  private final DtlsCertificate certificate;
  private final List<Reply.Candidate> candidates;
  private final Map<String, Router> routers = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer;
  private final List<String> videoCodecPreference = List.of("VP8", "H264");
  private final ReentrantLock mediaLock = new ReentrantLock();
  private final SendWorkers senders;
  /** Packets a send worker may have queued (about 80 ms at 50,000 packets/s); more are dropped, not delayed. */
  private static final int SEND_QUEUE_SLOTS = 4096;
  private long ticks;

  private MediaServer(MediaConfig config, Clock clock) throws IOException {
    this.config = config;
    this.clock = clock;
    this.certificate = DtlsCertificate.generate(clock, config.certificateValidity());
    this.senders = new SendWorkers(config.sendThreads(), SEND_QUEUE_SLOTS);
    InetAddress bind = InetAddress.getByName(config.bindAddress());
    UdpMux m;
    try {
      m = new UdpMux(new InetSocketAddress(bind, config.udpPort()), clock, config.consentTimeout(),
          new TransportCounters());
    } catch (SocketException e) {
      if (!(bind instanceof Inet6Address) || !bind.isAnyLocalAddress()) {
        throw e;
      }
      bind = InetAddress.getByName("0.0.0.0");
      m = new UdpMux(new InetSocketAddress(bind, config.udpPort()), clock, config.consentTimeout(),
          new TransportCounters());
    }
    this.mux = m;
    this.tcp = config.tcpPort() < 0 ? null : new TcpIceServer(new InetSocketAddress(bind, config.tcpPort()), mux);
    this.candidates = buildCandidates();
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "media-consent");
      t.setDaemon(true);
      return t;
    });
    long every = config.consentCheckInterval().toMillis();
    timer.scheduleAtFixedRate(this::checkConsent, every, every, TimeUnit.MILLISECONDS);
    timer.scheduleAtFixedRate(this::tick, 20, 20, TimeUnit.MILLISECONDS);
    log.info("media server started [node:{}, udp:{}, tcp:{}, candidates:{}]", config.nodeId(), mux.port(),
        tcp == null ? -1 : tcp.port(), candidates.size());
  }

  /** Starts a node: binds its ports and makes its certificate. */
  public static MediaServer start(MediaConfig config, Clock clock) {
    try {
      return new MediaServer(config, clock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the media ports [udp:" + config.udpPort() + ", tcp:"
          + config.tcpPort() + "]", e);
    }
  }

  public MediaConfig config() {
    return config;
  }

  public Clock clock() {
    return clock;
  }

  public UdpMux mux() {
    return mux;
  }

  public int udpPort() {
    return mux.port();
  }

  public int tcpPort() {
    return tcp == null ? -1 : tcp.port();
  }

  public DtlsCertificate certificate() {
    return certificate;
  }

  public List<Reply.Candidate> candidates() {
    return candidates;
  }

  List<String> videoCodecPreference() {
    return videoCodecPreference;
  }

  /** Runs the consent check now (the timer does it every {@code consent-check-interval}). */
  public void checkConsent() {
    withMediaLock(() -> {
      try {
        mux.checkConsent();
      } catch (RuntimeException e) {
        log.warn("consent check failed", e);
      }
    });
  }

  /**
   * Runs {@code work} holding the media lock. Packet handling, timers and control
   * commands all take it, so the pipelines (which are not thread-safe) see one thread at a
   * time.
   */
  public void withMediaLock(Runnable work) {
    mediaLock.lock();
    try {
      work.run();
    } finally {
      mediaLock.unlock();
    }
  }

  SendWorkers senders() {
    return senders;
  }

  ReentrantLock mediaLock() {
    return mediaLock;
  }

  /** Periodic pipeline work: NACK retries, layer bitrates, receiver reports, dominant speaker. */
  public void tick() {
    withMediaLock(() -> {
      ticks++;
      for (Router r : routers.values()) {
        try {
          for (WebRtcTransport t : r.webRtcTransports()) {
            t.tick();
          }
          if (ticks % 5 == 0) {
            r.evaluateSpeakers();
          }
        } catch (RuntimeException e) {
          log.warn("tick failed [router:{}]", r.id(), e);
        }
      }
    });
  }

  public synchronized Router createRouter(String routerId) throws MediaException {
    if (routerId == null || routerId.isBlank()) {
      throw new MediaException(MediaException.Code.BAD_REQUEST, "router id is empty");
    }
    if (routers.containsKey(routerId)) {
      throw new MediaException(MediaException.Code.ALREADY_EXISTS, "router already exists [id:" + routerId + "]");
    }
    Router r = new Router(routerId, this);
    routers.put(routerId, r);
    r.onClose(() -> routers.remove(routerId, r));
    return r;
  }

  public Router router(String routerId) {
    return routers.get(routerId);
  }

  public List<Router> routers() {
    return List.copyOf(routers.values());
  }

  /** The WebRTC or plain transport with this id in any router, or null. */
  Closeable transport(String transportId) {
    for (Router r : routers.values()) {
      WebRtcTransport w = r.webRtcTransport(transportId);
      if (w != null) {
        return w;
      }
      PlainRtpTransport p = r.plainTransport(transportId);
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  private List<Reply.Candidate> buildCandidates() throws SocketException {
    List<InetAddress> addresses = new ArrayList<>();
    if (!config.advertisedAddresses().isEmpty()) {
      for (String a : config.advertisedAddresses()) {
        try {
          addresses.add(InetAddress.getByName(a));
        } catch (IOException e) {
          throw new IllegalArgumentException("sanke.media.ice.advertised-addresses: bad address [address:" + a + "]");
        }
      }
    } else {
      for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!ni.isUp() || ni.isLoopback()) {
          continue;
        }
        for (InetAddress a : Collections.list(ni.getInetAddresses())) {
          if (a instanceof Inet4Address
              || (config.ipv6() && a instanceof Inet6Address && !a.isLinkLocalAddress() && !a.isLoopbackAddress())) {
            addresses.add(a);
          }
        }
      }
    }
    List<Reply.Candidate> out = new ArrayList<>();
    int i = 0;
    for (InetAddress a : addresses) {
      String host = a.getHostAddress();
      int pct = host.indexOf('%');
      if (pct >= 0) {
        host = host.substring(0, pct);
      }
      long localPref = 65535 - i;
      out.add(new Reply.Candidate("udp" + i, 1, "udp", (126L << 24) | (localPref << 8) | 255, host, mux.port(),
          "host", null));
      if (tcp != null) {
        out.add(new Reply.Candidate("tcp" + i, 1, "tcp", (90L << 24) | (localPref << 8) | 255, host, tcp.port(),
            "host", "passive"));
      }
      i++;
    }
    return List.copyOf(out);
  }

  /** Load for the node registry: stress is the larger of bitrate/capacity and consumers/max, capped at 1. */
  public Reply.Load load() {
    int transports = 0;
    int producers = 0;
    int consumers = 0;
    long in = 0;
    long out = 0;
    for (Router r : routers.values()) {
      transports += r.webRtcTransports().size() + r.plainTransports().size();
      producers += r.producers().size();
      consumers += r.consumers().size();
      for (WebRtcTransport t : r.webRtcTransports()) {
        in += t.in.bitrateBps();
        out += t.out.bitrateBps();
      }
    }
    double stress = Math.max((double) (in + out) / config.capacityBps(), (double) consumers / config.maxConsumers());
    return new Reply.Load(config.nodeId(), config.region(), Math.min(1.0, stress), routers.size(), transports,
        producers, consumers, in, out);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    routers.values().forEach(Router::close);
    senders.close();
    routers.clear();
    if (tcp != null) {
      tcp.close();
    }
    mux.close();
  }
}
