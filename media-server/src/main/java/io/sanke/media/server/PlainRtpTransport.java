package io.sanke.media.server;

import io.sanke.media.api.MediaException;
import io.sanke.media.rtp.Codec;
import io.sanke.media.rtp.PacketPool;
import io.sanke.media.rtp.RtpPacket;
import io.sanke.media.transport.TransportCounters;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plain RTP egress for a recorder: sends the chosen producers, decrypted, to
 * {@code host:port}, consumer n on port {@code port + 2n} (RTCP would be on +1), and
 * describes them in an SDP file FFmpeg can open ({@code -protocol_whitelist
 * file,udp,rtp -i rec.sdp}). Sends only; it reads nothing from the recorder.
 */
public final class PlainRtpTransport extends Closeable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String id;
  private final Router router;
  private final MediaServer server;
  private final DatagramChannel channel;
  private final InetAddress host;
  private final int basePort;
  private final AtomicInteger next = new AtomicInteger();
  private final Map<String, Consumer> consumers = new ConcurrentHashMap<>();
  private final Map<String, Integer> ports = new ConcurrentHashMap<>();
  private final TransportCounters counters = new TransportCounters();

  private PlainRtpTransport(String id, Router router, MediaServer server, DatagramChannel channel, InetAddress host,
      int basePort) {
    this.id = id;
    this.router = router;
    this.server = server;
    this.channel = channel;
    this.host = host;
    this.basePort = basePort;
  }

  static PlainRtpTransport open(String id, Router router, MediaServer server, String host, int port)
      throws MediaException {
    if (port <= 0 || port > 65534 || (port & 1) != 0) {
      throw new MediaException(MediaException.Code.BAD_REQUEST, "port must be even and in 2..65534 [port:" + port + "]");
    }
    InetAddress addr;
    try {
      addr = InetAddress.getByName(host);
    } catch (UnknownHostException | RuntimeException e) {
      throw new MediaException(MediaException.Code.BAD_REQUEST, "unknown host [host:" + host + "]");
    }
    try {
      DatagramChannel ch = DatagramChannel.open();
      ch.bind(new InetSocketAddress(addr.isLoopbackAddress() ? addr : null, 0));
      return new PlainRtpTransport(id, router, server, ch, addr, port);
    } catch (IOException e) {
      throw new MediaException(MediaException.Code.INTERNAL, "cannot open a UDP socket [transport:" + id + "]", e);
    }
  }

  public String id() {
    return id;
  }

  public TransportCounters counters() {
    return counters;
  }

  public int localPort() {
    try {
      return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    } catch (IOException e) {
      return -1;
    }
  }

  public List<Consumer> consumers() {
    return List.copyOf(consumers.values());
  }

  synchronized Consumer createConsumer(String consumerId, Producer p) throws MediaException {
    if (consumers.containsKey(consumerId)) {
      throw new MediaException(MediaException.Code.ALREADY_EXISTS, "consumer already exists [id:" + consumerId + "]");
    }
    int port = basePort + 2 * next.getAndIncrement();
    if (port > 65534) {
      throw new MediaException(MediaException.Code.BAD_REQUEST, "no port left [transport:" + id + "]");
    }
    InetSocketAddress to = new InetSocketAddress(host, port);
    RtpSink sink = new RtpSink() {
      @Override
      public void sendRtp(RtpPacket p) {
        send(p.buffer(), p.offset(), p.length(), to);
        PacketPool.release(p.buffer()); // the consumer's own copy, sent
      }

      @Override
      public void sendRtcp(byte[] buf, int off, int len) {
        send(buf, off, len, new InetSocketAddress(host, port + 1));
      }
    };
    Consumer c = new Consumer(consumerId, p, sink, "plain-" + consumers.size(), RANDOM.nextInt() & 0xffffffffL, -1,
        server.clock());
    consumers.put(consumerId, c);
    ports.put(consumerId, port);
    p.addConsumer(c);
    c.onClose(() -> {
      consumers.remove(consumerId, c);
      router.unregisterConsumer(c);
    });
    c.requestKeyFrame();
    return c;
  }

  private void send(byte[] buf, int off, int len, InetSocketAddress to) {
    try {
      channel.send(ByteBuffer.wrap(buf, off, len), to);
      counters.inc("rtp.out");
    } catch (IOException e) {
      counters.inc("send.error");
    }
  }

  /** An SDP describing every consumer of this transport, one m-line per port, for FFmpeg. */
  public String sdp() {
    String family = host.getAddress().length == 4 ? "IP4" : "IP6";
    StringBuilder b = new StringBuilder();
    b.append("v=0\r\n").append("o=- 0 0 IN ").append(family).append(' ').append(host.getHostAddress()).append("\r\n");
    b.append("s=sanke recording ").append(id).append("\r\n");
    b.append("c=IN ").append(family).append(' ').append(host.getHostAddress()).append("\r\n");
    b.append("t=0 0\r\n");
    List<Consumer> list = new ArrayList<>(consumers.values());
    list.sort((x, y) -> Integer.compare(ports.get(x.id()), ports.get(y.id())));
    for (Consumer c : list) {
      Producer p = c.producer();
      int pt = c.payloadType();
      b.append("m=").append(p.kind()).append(' ').append(ports.get(c.id())).append(" RTP/AVP ").append(pt).append("\r\n");
      b.append("a=rtpmap:").append(pt).append(' ').append(switch (p.codec()) {
        case OPUS -> "opus/48000/2";
        case VP8 -> "VP8/90000";
        case H264 -> "H264/90000";
      }).append("\r\n");
      if (p.codec() == Codec.H264) {
        b.append("a=fmtp:").append(pt).append(" packetization-mode=1\r\n");
      }
      b.append("a=recvonly\r\n");
    }
    return b.toString();
  }

  @Override
  protected void closeChildren() {
    consumers.values().forEach(Consumer::close);
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
