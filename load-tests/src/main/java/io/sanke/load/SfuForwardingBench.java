package io.sanke.load;

import io.sanke.media.api.Command;
import io.sanke.media.api.Reply;
import io.sanke.media.server.InProcessControl;
import io.sanke.media.server.MediaConfig;
import io.sanke.media.server.MediaServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.utils.ByteArrayBuffer;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * Forwarding benchmark of the SFU: one synthetic publisher sends VP8-shaped SRTP at a fixed
 * rate, N subscribers receive it through the SFU; the summary gives the forwarded bitrate,
 * the loss and the added latency (p50/p99) against the plain socket path measured in the same
 * run (the same generator through a bare UDP fan-out). The load generator is independent of
 * the SFU's own classes: its own STUN, its own DTLS client (BouncyCastle), its own use of
 * jitsi-srtp and its own SDP; it touches the SFU only through the control API. The SFU runs
 * in this process, bound to 127.0.0.1.
 *
 * <p>Usage: {@code ./sanke bench sfu [--subscribers 5] [--mbps 500] [--seconds 10] [--size 1200]};
 * ends with one JSON line.
 */
public final class SfuForwardingBench {
  private SfuForwardingBench() {}

  record Options(int subscribers, double mbps, int seconds, int size) {
    static Options parse(String[] args) {
      int subs = 5;
      double mbps = 500;
      int seconds = 10;
      int size = 1200;
      for (int i = 0; i + 1 < args.length; i += 2) {
        switch (args[i]) {
          case "--subscribers" -> subs = Integer.parseInt(args[i + 1]);
          case "--mbps" -> mbps = Double.parseDouble(args[i + 1]);
          case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
          case "--size" -> size = Integer.parseInt(args[i + 1]);
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      if (subs < 1 || mbps <= 0 || seconds < 1 || size < 100 || size > 1400) {
        throw new IllegalArgumentException("bad options");
      }
      return new Options(subs, mbps, seconds, size);
    }
  }

  /** What the receivers saw. */
  record Result(long sent, long received, long bytes, double seconds, long[] latenciesNanos, Cpu cpu) {
    double lossPercent(int subscribers) {
      long expected = sent * subscribers;
      return expected == 0 ? 100 : 100.0 * Math.max(0, expected - received) / expected;
    }

    double mbps() {
      return bytes * 8 / seconds / 1e6;
    }

    double percentileMillis(double p) {
      if (latenciesNanos.length == 0) {
        return Double.NaN;
      }
      long[] s = latenciesNanos.clone();
      Arrays.sort(s);
      return s[(int) Math.min(s.length - 1, Math.floor(p * s.length))] / 1e6;
    }
  }

  /**
   * CPU seconds spent during the counted window: by the forwarder under test (the SFU's
   * threads, {@code udp-mux-*}, {@code media-*}, {@code dtls-*}; or the reference's
   * {@code bench-fanout}) and by the generator ({@code bench-rx-*} and the pacing thread).
   */
  record Cpu(double forwarderSeconds, double generatorSeconds) {}

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  /** Thread CPU nanos by role: [0] forwarder, [1] generator. */
  static long[] cpuByRole() {
    long[] t = new long[2];
    for (java.lang.management.ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      String n = info.getThreadName();
      long ns = THREADS.getThreadCpuTime(info.getThreadId());
      if (ns < 0) {
        continue;
      }
      if (n.startsWith("udp-mux") || n.startsWith("media-") || n.startsWith("dtls") || n.equals("bench-fanout")) {
        t[0] += ns;
      } else if (n.startsWith("bench-rx") || n.equals("main")) {
        t[1] += ns;
      }
    }
    return t;
  }

  static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "-1";
    }
  }

  /** Kernel UDP receive-buffer overflows of this network namespace (every process in it), or -1. */
  static long udpRcvbufErrors() {
    try {
      List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/snmp"));
      for (int i = 0; i + 1 < lines.size(); i++) {
        if (lines.get(i).startsWith("Udp:") && lines.get(i + 1).startsWith("Udp:")) {
          List<String> names = List.of(lines.get(i).split("\\s+"));
          return Long.parseLong(lines.get(i + 1).split("\\s+")[names.indexOf("RcvbufErrors")]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: unknown
    }
    return -1;
  }

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    String loadBefore = loadAverage();
    long k0 = udpRcvbufErrors();
    Result reference = runReference(o);
    long k1 = udpRcvbufErrors();
    Result sfu = runSfu(o);
    long k2 = udpRcvbufErrors();
    System.out.printf(Locale.ROOT, "kernel UDP receive-buffer overflows (whole namespace): %d in the reference run,"
        + " %d in the SFU run%n", k1 - k0, k2 - k1);
    double addedP50 = sfu.percentileMillis(0.50) - reference.percentileMillis(0.50);
    double addedP99 = sfu.percentileMillis(0.99) - reference.percentileMillis(0.99);
    System.out.printf(Locale.ROOT,
        "sfu forwarding: %.1f Mbit/s out to %d subscribers, loss %.3f %%, latency p50 %.2f ms p99 %.2f ms"
            + " (plain socket path: %.1f Mbit/s, loss %.3f %%, p50 %.2f ms, p99 %.2f ms)%n",
        sfu.mbps(), o.subscribers(), sfu.lossPercent(o.subscribers()), sfu.percentileMillis(0.5),
        sfu.percentileMillis(0.99), reference.mbps(), reference.lossPercent(o.subscribers()),
        reference.percentileMillis(0.5), reference.percentileMillis(0.99));
    String loadAfter = loadAverage();
    double sfuCpu = sfu.cpu().forwarderSeconds();
    double mbitPerCpuSecond = sfuCpu <= 0 ? 0 : sfu.mbps() * sfu.seconds() / sfuCpu;
    double refMbitPerCpuSecond = reference.cpu().forwarderSeconds() <= 0 ? 0
        : reference.mbps() * reference.seconds() / reference.cpu().forwarderSeconds();
    System.out.printf(Locale.ROOT,
        "sfu cpu: %.2f s in %.1f s (%.0f Mbit forwarded per SFU CPU-second; plain relay %.2f s, %.0f Mbit per"
            + " CPU-second); generator cpu %.2f s; load average %s before, %s after%n",
        sfuCpu, sfu.seconds(), mbitPerCpuSecond, reference.cpu().forwarderSeconds(), refMbitPerCpuSecond,
        sfu.cpu().generatorSeconds(), loadBefore, loadAfter);
    boolean pass = sfu.mbps() >= 500 && sfu.lossPercent(o.subscribers()) < 0.5 && addedP99 < 5;
    System.out.printf(Locale.ROOT,
        "{\"benchmark\":\"sfu-forwarding\",\"subscribers\":%d,\"target_mbps\":%.0f,\"seconds\":%d,\"packet_bytes\":%d,"
            + "\"out_mbps\":%.1f,\"loss_percent\":%.4f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,"
            + "\"reference_out_mbps\":%.1f,\"reference_p99_ms\":%.3f,\"added_p50_ms\":%.3f,\"added_p99_ms\":%.3f,"
            + "\"throughput_ratio\":%.3f,\"sfu_cpu_seconds\":%.2f,\"mbit_per_sfu_cpu_second\":%.0f,"
            + "\"reference_mbit_per_cpu_second\":%.0f,\"generator_cpu_seconds\":%.2f,\"load_average\":[%s,%s],"
            + "\"meets_500mbps_0.5pct_5ms\":%s}%n",
        o.subscribers(), o.mbps(), o.seconds(), o.size(), sfu.mbps(), sfu.lossPercent(o.subscribers()),
        sfu.percentileMillis(0.5), sfu.percentileMillis(0.99), reference.mbps(), reference.percentileMillis(0.99),
        addedP50, addedP99, reference.mbps() == 0 ? 0 : sfu.mbps() / reference.mbps(), sfuCpu, mbitPerCpuSecond,
        refMbitPerCpuSecond, sfu.cpu().generatorSeconds(), loadBefore, loadAfter, pass);
  }

  // ------------------------------------------------------------------ the SFU run

  static Result runSfu(Options o) throws Exception {
    MediaConfig config = MediaConfig.withOverrides("sanke.media.ice { bind-address = \"127.0.0.1\", udp-port = 0,"
        + " tcp-port = -1, advertised-addresses = [\"127.0.0.1\"] }");
    try (MediaServer server = MediaServer.start(config, Clock.systemUTC())) {
      InProcessControl control = new InProcessControl(server);
      control.execute(new Command.CreateRouter("bench"));
      InetSocketAddress sfu = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.udpPort());
      long pubSsrc = 0x5a4e4b45L;
      Endpoint pub = new Endpoint(sfu);
      Reply.TransportCreated pt = control.execute(new Command.CreateWebRtcTransport("bench", "pub"));
      Reply.Answer pa = control.execute(new Command.ProcessOffer("pub", pub.offer("sendonly", pubSsrc)));
      pub.connect(pt);
      String producer = pa.producers().get(0).producerId();
      List<Endpoint> subs = new ArrayList<>();
      List<Long> ssrcs = new ArrayList<>();
      for (int i = 0; i < o.subscribers(); i++) {
        Endpoint s = new Endpoint(sfu);
        String id = "sub" + i;
        Reply.TransportCreated st = control.execute(new Command.CreateWebRtcTransport("bench", id));
        Reply.ConsumerCreated c = control.execute(new Command.CreateConsumer(id, id + "-v", producer, "0"));
        control.execute(new Command.ProcessOffer(id, s.offer("recvonly", 0)));
        s.connect(st);
        subs.add(s);
        ssrcs.add(c.ssrc());
      }
      try {
        Result r = drive(o, (seq, buf) -> pub.sendSrtp(buf, pubSsrc, seq), subs, ssrcs);
        long queueFull = 0;
        for (int i = 0; i < o.subscribers(); i++) {
          queueFull += control.execute(new Command.GetStats(Command.Kind.TRANSPORT, "sub" + i)).counters()
              .getOrDefault("drop.out.queue-full", 0L);
        }
        System.out.printf(Locale.ROOT, "sfu drops: %d packets at full send queues%n", queueFull);
        return r;
      } finally {
        pub.close();
        subs.forEach(Endpoint::close);
      }
    }
  }

  interface Sender {
    void send(int seq, byte[] packet) throws IOException;
  }

  /** Paces the publisher, runs the receivers, and collects what arrived. */
  static Result drive(Options o, Sender sender, List<? extends Receiver> receivers, List<Long> ssrcs)
      throws Exception {
    double inBps = o.mbps() * 1e6 / o.subscribers();
    double pps = inBps / (o.size() * 8);
    AtomicBoolean receiving = new AtomicBoolean(true);
    AtomicLong countFrom = new AtomicLong(Long.MAX_VALUE);
    AtomicLong received = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    long maxSamples = 2_000_000;
    long[] latencies = new long[(int) maxSamples];
    AtomicLong samples = new AtomicLong();
    CountDownLatch done = new CountDownLatch(receivers.size());
    for (int i = 0; i < receivers.size(); i++) {
      Receiver r = receivers.get(i);
      long ssrc = ssrcs.get(i);
      Thread.ofPlatform().name("bench-rx-" + i).start(() -> {
        try {
          byte[] buf = new byte[2048];
          while (receiving.get()) {
            int n = r.receive(buf, ssrc);
            if (n <= 0) {
              continue;
            }
            long sentAt = ByteBuffer.wrap(buf, 12 + 14, 8).getLong();
            if (sentAt < countFrom.get()) {
              continue; // sent during the warm-up (late or queued): neither counted nor lost
            }
            long lat = System.nanoTime() - sentAt;
            received.incrementAndGet();
            bytes.addAndGet(r.wireLength());
            long k = samples.getAndIncrement();
            if (k < maxSamples) {
              latencies[(int) k] = lat;
            }
          }
        } catch (IOException e) {
          // socket closed at the end
        } finally {
          done.countDown();
        }
      });
    }
    // warm-up: one second at the same rate, not counted
    long sent = pace(o, sender, pps, 1, 0);
    Thread.sleep(300);
    received.set(0);
    bytes.set(0);
    samples.set(0);
    long[] cpuStart = cpuByRole();
    long start = System.nanoTime();
    countFrom.set(start);
    long counted = pace(o, sender, pps, o.seconds(), (int) sent);
    double seconds = (System.nanoTime() - start) / 1e9;
    Thread.sleep(500);
    long[] cpuEnd = cpuByRole();
    Cpu cpu = new Cpu((cpuEnd[0] - cpuStart[0]) / 1e9, (cpuEnd[1] - cpuStart[1]) / 1e9);
    receiving.set(false);
    receivers.forEach(Receiver::close);
    done.await(5, TimeUnit.SECONDS);
    int n = (int) Math.min(samples.get(), maxSamples);
    return new Result(counted, received.get(), bytes.get(), seconds, Arrays.copyOf(latencies, n), cpu);
  }

  /** Sends at {@code pps} for {@code seconds}; returns the number sent. */
  static long pace(Options o, Sender sender, double pps, int seconds, int firstSeq) throws IOException {
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    long sent = 0;
    byte[] packet = new byte[o.size()];
    while (true) {
      long now = System.nanoTime();
      if (now >= end) {
        return sent;
      }
      long due = (long) ((now - start) / 1e9 * pps);
      while (sent < due) {
        int seq = firstSeq + (int) sent;
        fillRtp(packet, seq);
        sender.send(seq, packet);
        sent++;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(200_000);
    }
  }

  /** A VP8 keyframe-start packet (so any layer selector passes it) carrying its send time. */
  static void fillRtp(byte[] p, int seq) {
    ByteBuffer b = ByteBuffer.wrap(p);
    b.put((byte) 0x80).put((byte) 96).putShort((short) seq).putInt(seq * 3000).putInt(0);
    // VP8 payload descriptor: S=1, partition 0; then a keyframe header 640x360.
    b.put((byte) 0x10);
    b.put(new byte[] {0x00, 0x00, 0x00, (byte) 0x9d, 0x01, 0x2a, (byte) 0x80, 0x02, 0x68, 0x01, 0, 0, 0});
    b.putLong(System.nanoTime());
  }

  // ------------------------------------------------------------------ the reference run

  /** The same generator through a bare UDP fan-out: one socket in, one send per receiver. */
  static Result runReference(Options o) throws Exception {
    try (DatagramSocket relay = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        DatagramSocket source = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      relay.setReceiveBufferSize(4 << 20);
      List<PlainReceiver> receivers = new ArrayList<>();
      List<Long> ssrcs = new ArrayList<>();
      for (int i = 0; i < o.subscribers(); i++) {
        receivers.add(new PlainReceiver());
        ssrcs.add(0L);
      }
      AtomicBoolean running = new AtomicBoolean(true);
      Thread fanOut = Thread.ofPlatform().name("bench-fanout").start(() -> {
        byte[] buf = new byte[2048];
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        while (running.get()) {
          try {
            relay.receive(in);
            for (PlainReceiver r : receivers) {
              relay.send(new DatagramPacket(buf, in.getLength(), r.address()));
            }
          } catch (IOException e) {
            return;
          }
        }
      });
      InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), relay.getLocalPort());
      Result r = drive(o, (seq, p) -> source.send(new DatagramPacket(p, p.length, to)), receivers, ssrcs);
      running.set(false);
      relay.close();
      fanOut.join(2000);
      return r;
    }
  }

  interface Receiver {
    /** Receives one media packet into {@code buf} (plain RTP); 0 when nothing to count. */
    int receive(byte[] buf, long ssrc) throws IOException;

    int wireLength();

    void close();
  }

  static final class PlainReceiver implements Receiver {
    private final DatagramSocket socket;
    private int wire;

    PlainReceiver() throws IOException {
      socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
      socket.setReceiveBufferSize(4 << 20);
    }

    InetSocketAddress address() {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
    }

    @Override
    public int receive(byte[] buf, long ssrc) throws IOException {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      socket.receive(p);
      wire = p.getLength();
      return wire;
    }

    @Override
    public int wireLength() {
      return wire;
    }

    @Override
    public void close() {
      socket.close();
    }
  }

  // ------------------------------------------------------------------ a minimal WebRTC endpoint

  /** One generator endpoint: a UDP socket, ICE checks, a DTLS client and SRTP, all its own. */
  static final class Endpoint implements Receiver {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final DatagramSocket socket;
    private final InetSocketAddress sfu;
    private final String ufrag = "gen" + Integer.toHexString(RANDOM.nextInt(0xffff));
    private final byte[] certDer;
    private final org.bouncycastle.crypto.params.AsymmetricKeyParameter key;
    private SrtpContextFactory sendFactory;
    private SrtpContextFactory receiveFactory;
    private SrtpCryptoContext sendContext;
    private final java.util.Map<Long, SrtpCryptoContext> receiveContexts = new java.util.HashMap<>();
    private int wire;

    Endpoint(InetSocketAddress sfu) throws Exception {
      this.sfu = sfu;
      this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
      socket.setReceiveBufferSize(4 << 20);
      socket.setSendBufferSize(4 << 20);
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair kp = g.generateKeyPair();
      X500Name name = new X500Name("CN=bench");
      long now = System.currentTimeMillis();
      this.certDer = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now), new Date(now - 86_400_000L),
          new Date(now + 86_400_000L), name, kp.getPublic())
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())).getEncoded();
      this.key = PrivateKeyFactory.createKey(kp.getPrivate().getEncoded());
    }

    static String fingerprint(byte[] der) throws Exception {
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    }

    String offer(String direction, long ssrc) throws Exception {
      List<String> l = new ArrayList<>(List.of("v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=bench", "t=0 0",
          "a=group:BUNDLE 0", "m=video 9 UDP/TLS/RTP/SAVPF 96", "c=IN IP4 0.0.0.0", "a=ice-ufrag:" + ufrag,
          "a=ice-pwd:benchbenchbenchbenchbench", "a=fingerprint:sha-256 " + fingerprint(certDer), "a=setup:active",
          "a=mid:0", "a=" + direction, "a=rtcp-mux", "a=rtpmap:96 VP8/90000", "a=rtcp-fb:96 nack",
          "a=rtcp-fb:96 nack pli"));
      if (ssrc != 0) {
        l.add("a=ssrc:" + ssrc + " cname:bench");
      }
      return String.join("\r\n", l) + "\r\n";
    }

    /** ICE check with USE-CANDIDATE, then the DTLS handshake and the SRTP keys. */
    void connect(Reply.TransportCreated t) throws Exception {
      socket.setSoTimeout(200);
      byte[] req = bindingRequest(t.iceUfrag() + ":" + ufrag, t.icePassword());
      byte[] buf = new byte[2048];
      for (int attempt = 0; ; attempt++) {
        socket.send(new DatagramPacket(req, req.length, sfu));
        try {
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          socket.receive(p);
          if (buf[0] == 0x01 && buf[1] == 0x01) {
            break;
          }
        } catch (SocketTimeoutException e) {
          if (attempt > 20) {
            throw new IOException("no ICE response from the SFU");
          }
        }
      }
      BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
      byte[][] material = new byte[1][];
      String expected = t.dtlsFingerprint().substring("sha-256 ".length());
      DefaultTlsClient client = new DefaultTlsClient(crypto) {
        @Override
        protected ProtocolVersion[] getSupportedVersions() {
          return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
          return new int[] {CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public Hashtable getClientExtensions() throws IOException {
          Hashtable ext = super.getClientExtensions();
          TlsSRTPUtils.addUseSRTPExtension(ext, new UseSRTPData(new int[] {0x0007}, new byte[0]));
          return ext;
        }

        @Override
        public TlsAuthentication getAuthentication() {
          return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate c) throws IOException {
              try {
                if (!fingerprint(c.getCertificate().getCertificateAt(0).getEncoded()).equals(expected)) {
                  throw new TlsFatalAlert((short) 42);
                }
              } catch (IOException e) {
                throw e;
              } catch (Exception e) {
                throw new IOException(e);
              }
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest r) throws IOException {
              TlsCertificate c = crypto.createCertificate(certDer);
              return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, key,
                  new Certificate(new TlsCertificate[] {c}),
                  new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
            }
          };
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
          super.notifyHandshakeComplete();
          material[0] = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, 2 * (16 + 12));
        }
      };
      new DTLSClientProtocol().connect(client, new DatagramTransport() {
        @Override
        public int getReceiveLimit() {
          return 1500;
        }

        @Override
        public int getSendLimit() {
          return 1200;
        }

        @Override
        public int receive(byte[] b, int off, int len, int wait) throws IOException {
          socket.setSoTimeout(Math.max(1, wait));
          DatagramPacket p = new DatagramPacket(b, off, len);
          try {
            socket.receive(p);
          } catch (SocketTimeoutException e) {
            return -1;
          }
          int b0 = b[off] & 0xff;
          return b0 >= 20 && b0 <= 63 ? p.getLength() : -1;
        }

        @Override
        public void send(byte[] b, int off, int len) throws IOException {
          socket.send(new DatagramPacket(b, off, len, sfu));
        }

        @Override
        public void close() {
        }
      });
      byte[] m = material[0];
      byte[] clientKey = Arrays.copyOfRange(m, 0, 16);
      byte[] serverKey = Arrays.copyOfRange(m, 16, 32);
      byte[] clientSalt = Arrays.copyOfRange(m, 32, 44);
      byte[] serverSalt = Arrays.copyOfRange(m, 44, 56);
      var log = new LoggerImpl("bench", java.util.logging.Level.WARNING);
      sendFactory = new SrtpContextFactory(true, clientKey, clientSalt, gcm(), gcm(), log);
      receiveFactory = new SrtpContextFactory(false, serverKey, serverSalt, gcm(), gcm(), log);
      socket.setSoTimeout(500);
    }

    private static SrtpPolicy gcm() {
      return new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, 16, SrtpPolicy.NULL_AUTHENTICATION, 0, 16, 12);
    }

    void sendSrtp(byte[] plain, long ssrc, int seq) throws IOException {
      try {
        if (sendContext == null) {
          sendContext = sendFactory.deriveContext((int) ssrc, 0);
        }
        ByteBuffer.wrap(plain, 8, 4).putInt((int) ssrc);
        Buf b = new Buf(Arrays.copyOf(plain, plain.length + 32), plain.length);
        if (sendContext.transformPacket(b) != SrtpErrorStatus.OK) {
          throw new IOException("SRTP protect failed");
        }
        socket.send(new DatagramPacket(b.buf, 0, b.len, sfu));
      } catch (java.security.GeneralSecurityException e) {
        throw new IOException(e);
      }
    }

    @Override
    public int receive(byte[] buf, long ssrc) throws IOException {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(p);
      } catch (SocketTimeoutException e) {
        return 0;
      }
      int b0 = buf[0] & 0xff;
      int pt = buf[1] & 0x7f;
      if (b0 < 128 || b0 > 191 || (buf[1] & 0xff) >= 192 && (buf[1] & 0xff) <= 223 || pt != 96) {
        return 0;
      }
      long s = ByteBuffer.wrap(buf, 8, 4).getInt() & 0xffffffffL;
      if (s != ssrc) {
        return 0;
      }
      try {
        SrtpCryptoContext c = receiveContexts.get(s);
        if (c == null) {
          c = receiveFactory.deriveContext((int) s, 0);
          receiveContexts.put(s, c);
        }
        Buf b = new Buf(buf, p.getLength());
        if (c.reverseTransformPacket(b, false) != SrtpErrorStatus.OK) {
          return 0;
        }
        wire = p.getLength();
        return b.len;
      } catch (java.security.GeneralSecurityException e) {
        return 0;
      }
    }

    @Override
    public int wireLength() {
      return wire;
    }

    @Override
    public void close() {
      socket.close();
    }

    static byte[] bindingRequest(String username, String password) throws Exception {
      byte[] user = username.getBytes(StandardCharsets.UTF_8);
      int padded = (user.length + 3) & ~3;
      ByteBuffer b = ByteBuffer.allocate(20 + 4 + padded + 4 + 24 + 8);
      byte[] tid = new byte[12];
      RANDOM.nextBytes(tid);
      b.putShort((short) 1).putShort((short) 0).putInt(0x2112A442).put(tid);
      b.putShort((short) 0x0006).putShort((short) user.length).put(user);
      b.position(b.position() + padded - user.length);
      b.putShort((short) 0x0025).putShort((short) 0);
      int mi = b.position();
      b.putShort(2, (short) (mi - 20 + 24));
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      mac.update(b.array(), 0, mi);
      b.putShort((short) 0x0008).putShort((short) 20).put(mac.doFinal());
      int fp = b.position();
      b.putShort(2, (short) (fp - 20 + 8));
      CRC32 crc = new CRC32();
      crc.update(b.array(), 0, fp);
      b.putShort((short) 0x8028).putShort((short) 4).putInt((int) (crc.getValue() ^ 0x5354554eL));
      return b.array();
    }
  }

  /** The byte region jitsi-srtp transforms. */
  static final class Buf implements ByteArrayBuffer {
    byte[] buf;
    int len;

    Buf(byte[] buf, int len) {
      this.buf = buf;
      this.len = len;
    }

    @Override
    public byte[] getBuffer() {
      return buf;
    }

    @Override
    public int getOffset() {
      return 0;
    }

    @Override
    public int getLength() {
      return len;
    }

    @Override
    public void setLength(int l) {
      len = l;
    }

    @Override
    public void setOffset(int o) {
      if (o != 0) {
        throw new UnsupportedOperationException();
      }
    }

    @Override
    public boolean isInvalid() {
      return false;
    }

    @Override
    public void readRegionToBuff(int off, int l, byte[] out) {
      System.arraycopy(buf, off, out, 0, l);
    }

    @Override
    public void grow(int n) {
      if (buf.length - len < n) {
        buf = Arrays.copyOf(buf, len + n);
      }
    }

    @Override
    public void append(byte[] data, int l) {
      grow(l);
      System.arraycopy(data, 0, buf, len, l);
      len += l;
    }

    @Override
    public void shrink(int n) {
      len -= n;
    }
  }
}
