package io.sanke.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Forwarding benchmark of the SFU: one publisher replays a real VP8 stream as SRTP at a fixed
 * bitrate ({@link Vp8Replay}: encoded once with ffmpeg, packetized without a codec), N
 * subscribers receive it through the SFU; the summary gives the forwarded bitrate, the loss,
 * the added latency (p50/p99) and the Mbit forwarded per CPU-second of the SFU process, against
 * a plain UDP fan-out measured in the same run with the same generator.
 *
 * <p>Each forwarder runs as its own process (a child JVM: {@code MediaNodeMain} for the SFU,
 * {@link PlainRelay} for the reference), so its CPU is the whole process's (GC and JIT
 * included) and the generator's garbage never pauses it. The generator (this process) is
 * independent of the SFU's classes: its own STUN, DTLS client, SRTP and SDP
 * ({@link BenchEndpoint}), and the control API v1 over HTTP ({@link SfuControlClient}).
 *
 * <p>Usage: {@code ./sanke bench sfu [--subscribers 5] [--mbps 500] [--seconds 10] [--size 1200]
 * [--warmup 20] [--pin true] [--sfu-jvm "JVM options"]} ({@code --size}: the largest packet);
 * ends with one JSON line.
 */
public final class SfuForwardingBench {
  private SfuForwardingBench() {}

  /** The JVM options of both forwarder processes unless {@code --sfu-jvm} says otherwise. */
  static final String DEFAULT_JVM = "-Xms256m -Xmx256m -XX:MetaspaceSize=128m";

  /**
   * @param pin whether the forwarder gets a CPU of its own ({@link CpuSplit}), as it would
   *     with the generator on another host
   */
  record Options(int subscribers, double mbps, int seconds, int size, List<String> jvm, boolean pin, int warmup) {
    static Options parse(String[] args) {
      int subs = 5;
      double mbps = 500;
      int seconds = 10;
      int size = 1200;
      String jvm = DEFAULT_JVM;
      boolean pin = true;
      int warmup = 20;
      for (int i = 0; i + 1 < args.length; i += 2) {
        switch (args[i]) {
          case "--subscribers" -> subs = Integer.parseInt(args[i + 1]);
          case "--mbps" -> mbps = Double.parseDouble(args[i + 1]);
          case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
          case "--size" -> size = Integer.parseInt(args[i + 1]);
          case "--sfu-jvm" -> jvm = args[i + 1];
          case "--pin" -> pin = Boolean.parseBoolean(args[i + 1]);
          case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      if (subs < 1 || mbps <= 0 || seconds < 1 || size < 100 || size > 1400 || warmup < 0) {
        throw new IllegalArgumentException("bad options");
      }
      return new Options(subs, mbps, seconds, size, List.of(jvm.trim().split("\\s+")), pin, warmup);
    }
  }

  /** What the receivers saw, and the CPU seconds of the forwarder process and of the generator. */
  record Result(long sent, long received, long bytes, double seconds, long[] latenciesNanos, long[] windowMaxNanos,
      double forwarderCpuSeconds, double generatorCpuSeconds, long kernelOverflows, long forwarderDrops) {
    double lossPercent(int subscribers) {
      long expected = sent * subscribers;
      return expected == 0 ? 100 : 100.0 * Math.max(0, expected - received) / expected;
    }

    double mbps() {
      return bytes * 8 / seconds / 1e6;
    }

    double mbitPerCpuSecond() {
      return forwarderCpuSeconds <= 0 ? 0 : mbps() * seconds / forwarderCpuSeconds;
    }

    double percentileMillis(double p) {
      if (latenciesNanos.length == 0) {
        return Double.NaN;
      }
      long[] s = latenciesNanos.clone();
      Arrays.sort(s);
      return s[(int) Math.min(s.length - 1, Math.floor(p * s.length))] / 1e6;
    }

    /** How many 100-ms windows of send time had a packet later than {@code millis}. */
    int windowsOver(double millis) {
      int n = 0;
      for (long w : windowMaxNanos) {
        n += w > millis * 1e6 ? 1 : 0;
      }
      return n;
    }

    /** The worst windows, "at 3.2 s: 21.5 ms" each. */
    String worstWindows(int count) {
      List<String> out = new ArrayList<>();
      Integer[] idx = new Integer[windowMaxNanos.length];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = i;
      }
      Arrays.sort(idx, (a, b) -> Long.compare(windowMaxNanos[b], windowMaxNanos[a]));
      for (int i = 0; i < Math.min(count, idx.length); i++) {
        out.add(String.format(Locale.ROOT, "at %.1f s: %.1f ms", idx[i] / 10.0, windowMaxNanos[idx[i]] / 1e6));
      }
      return String.join(", ", out);
    }
  }

  /**
   * The CPUs of the forwarder process (the last one) and of the generator (the others), so
   * that the generator's threads, woken by every forwarded packet, never preempt the
   * forwarder: on one machine the closest thing to a generator on another host. Both the
   * SFU and the reference relay get the same CPU. Null fields: no pinning (one CPU, or
   * {@code --pin false}).
   */
  record CpuSplit(String forwarder, String generator) {
    static CpuSplit of(boolean pin) {
      int n = Runtime.getRuntime().availableProcessors();
      if (!pin || n < 2) {
        return new CpuSplit(null, null);
      }
      return new CpuSplit(Integer.toString(n - 1), n == 2 ? "0" : "0-" + (n - 2));
    }

    /** Moves every thread of this process to the generator's CPUs (new threads inherit it). */
    void pinGenerator() throws IOException, InterruptedException {
      if (generator == null) {
        return;
      }
      Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", generator, Long.toString(ProcessHandle.current().pid()))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (p.waitFor() != 0) {
        throw new IOException("taskset failed (util-linux missing?); run with --pin false");
      }
    }

    String describe() {
      return forwarder == null ? "not pinned" : "forwarder on CPU " + forwarder + ", generator on CPU " + generator;
    }
  }

  private static final java.lang.management.OperatingSystemMXBean OS =
      java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  /** CPU seconds of this (the generator's) process so far. */
  static double generatorCpuSeconds() {
    return OS instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() / 1e9 : Double.NaN;
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "-1";
    }
  }

  /** Kernel UDP receive-buffer overflows of this network namespace (every process in it), or -1. */
  static long udpRcvbufErrors() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/net/snmp"));
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
    CpuSplit cpus = CpuSplit.of(o.pin());
    cpus.pinGenerator();
    String loadBefore = loadAverage();
    Path dir = Files.createTempDirectory("sanke-bench-sfu");
    Vp8Replay replay = Vp8Replay.encode(dir, 10, o.size());
    System.out.printf(Locale.ROOT, "VP8 sample: %d frames (1280x720, 2 Mbit/s, libvpx) in %d packets of at most %d bytes,"
        + " replayed in a loop%n", replay.framesPerLoop(), replay.packetsPerLoop(), o.size());
    Result reference = runReference(o, cpus, replay);
    Result sfu = runSfu(o, cpus, replay);
    String loadAfter = loadAverage();
    System.out.printf(Locale.ROOT, "in the counted window: kernel UDP receive-buffer overflows (whole namespace) %d in the"
        + " reference run, %d in the SFU run; the SFU dropped %d packets at full send queues%n",
        reference.kernelOverflows(), sfu.kernelOverflows(), sfu.forwarderDrops());
    double addedP50 = sfu.percentileMillis(0.50) - reference.percentileMillis(0.50);
    double addedP99 = sfu.percentileMillis(0.99) - reference.percentileMillis(0.99);
    System.out.printf(Locale.ROOT,
        "sfu forwarding: %.1f Mbit/s out to %d subscribers, loss %.3f %%, latency p50 %.2f ms p99 %.2f ms"
            + " (plain socket path: %.1f Mbit/s, loss %.3f %%, p50 %.2f ms, p99 %.2f ms)%n",
        sfu.mbps(), o.subscribers(), sfu.lossPercent(o.subscribers()), sfu.percentileMillis(0.5),
        sfu.percentileMillis(0.99), reference.mbps(), reference.lossPercent(o.subscribers()),
        reference.percentileMillis(0.5), reference.percentileMillis(0.99));
    System.out.printf(Locale.ROOT, "100-ms windows with a packet later than 5 ms: sfu %d of %d (worst %s);"
            + " plain path %d (worst %s)%n", sfu.windowsOver(5), sfu.windowMaxNanos().length, sfu.worstWindows(3),
        reference.windowsOver(5), reference.worstWindows(3));
    double pps = sfu.received() / sfu.seconds();
    System.out.printf(Locale.ROOT,
        "cpu: sfu process %.2f s in %.1f s (%.0f packets/s, %.0f Mbit forwarded per CPU-second); plain relay process"
            + " %.2f s (%.0f Mbit per CPU-second); generator %.2f s; %s; load average %s before, %s after%n",
        sfu.forwarderCpuSeconds(), sfu.seconds(), pps, sfu.mbitPerCpuSecond(), reference.forwarderCpuSeconds(),
        reference.mbitPerCpuSecond(), sfu.generatorCpuSeconds(), cpus.describe(), loadBefore, loadAfter);
    boolean pass = sfu.mbps() >= 500 && sfu.lossPercent(o.subscribers()) < 0.5 && addedP99 < 5;
    System.out.printf(Locale.ROOT,
        "{\"benchmark\":\"sfu-forwarding\",\"subscribers\":%d,\"target_mbps\":%.0f,\"seconds\":%d,\"packet_bytes\":%d,"
            + "\"sfu_jvm\":\"%s\",\"pinned\":%s,\"out_mbps\":%.1f,\"out_pps\":%.0f,\"loss_percent\":%.4f,\"p50_ms\":%.3f,"
            + "\"p99_ms\":%.3f,\"reference_out_mbps\":%.1f,\"reference_p99_ms\":%.3f,\"added_p50_ms\":%.3f,"
            + "\"added_p99_ms\":%.3f,\"throughput_ratio\":%.3f,\"sfu_cpu_seconds\":%.2f,\"mbit_per_sfu_cpu_second\":%.0f,"
            + "\"reference_mbit_per_cpu_second\":%.0f,\"cpu_ratio_vs_reference\":%.2f,\"generator_cpu_seconds\":%.2f,"
            + "\"kernel_overflows\":%d,\"sfu_queue_drops\":%d,\"load_average\":[%s,%s],\"meets_500mbps_0.5pct_5ms\":%s}%n",
        o.subscribers(), o.mbps(), o.seconds(), o.size(), String.join(" ", o.jvm()), cpus.forwarder() != null,
        sfu.mbps(), pps,
        sfu.lossPercent(o.subscribers()), sfu.percentileMillis(0.5), sfu.percentileMillis(0.99), reference.mbps(),
        reference.percentileMillis(0.99), addedP50, addedP99, reference.mbps() == 0 ? 0 : sfu.mbps() / reference.mbps(),
        sfu.forwarderCpuSeconds(), sfu.mbitPerCpuSecond(), reference.mbitPerCpuSecond(),
        reference.forwarderCpuSeconds() <= 0 ? 0 : sfu.forwarderCpuSeconds() / reference.forwarderCpuSeconds(),
        sfu.generatorCpuSeconds(), sfu.kernelOverflows(), sfu.forwarderDrops(), loadBefore, loadAfter, pass);
  }

  // ------------------------------------------------------------------ the SFU run

  /** The SFU as a media node process (control API over HTTP on 127.0.0.1, ICE on 127.0.0.1). */
  static Result runSfu(Options o, CpuSplit cpus, Vp8Replay replay) throws Exception {
    byte[] s = new byte[24];
    new SecureRandom().nextBytes(s);
    String secret = HexFormat.of().formatHex(s);
    List<String> jvm = new ArrayList<>(o.jvm());
    jvm.addAll(List.of("-Dice4j.harvest.mapping.aws.enabled=false", "-Dsanke.media.ice.bind-address=127.0.0.1",
        "-Dsanke.media.ice.udp-port=0", "-Dsanke.media.ice.tcp-port=-1",
        "-Dsanke.media.ice.advertised-addresses.0=127.0.0.1", "-Dsanke.media.control.bind-address=127.0.0.1",
        "-Dsanke.media.control.port=0", "-Dsanke.media.control.secret=" + secret));
    Path log = Files.createTempFile("sanke-bench-sfu", ".log");
    try (ChildJvm node = ChildJvm.start("io.sanke.media.server.MediaNodeMain", jvm, List.of(), cpus.forwarder(), log)) {
      SfuControlClient control = new SfuControlClient("http://127.0.0.1:" + node.ready().path("controlPort").asInt(),
          secret);
      control.execute(SfuControlClient.command("createRouter").put("routerId", "bench"));
      InetSocketAddress sfu = new InetSocketAddress(InetAddress.getLoopbackAddress(),
          node.ready().path("udpPort").asInt());
      long pubSsrc = 0x5a4e4b45L;
      BenchEndpoint pub = new BenchEndpoint(sfu);
      JsonNode pt = control.execute(SfuControlClient.command("createWebRtcTransport").put("routerId", "bench")
          .put("transportId", "pub"));
      JsonNode pa = control.execute(SfuControlClient.command("processOffer").put("transportId", "pub")
          .put("offerSdp", pub.offer("sendonly", pubSsrc)));
      connect(pub, pt);
      String producer = pa.path("producers").path(0).path("producerId").asText();
      List<BenchEndpoint> subs = new ArrayList<>();
      List<Long> ssrcs = new ArrayList<>();
      for (int i = 0; i < o.subscribers(); i++) {
        BenchEndpoint sub = new BenchEndpoint(sfu);
        String id = "sub" + i;
        JsonNode st = control.execute(SfuControlClient.command("createWebRtcTransport").put("routerId", "bench")
            .put("transportId", id));
        JsonNode c = control.execute(SfuControlClient.command("createConsumer").put("transportId", id)
            .put("consumerId", id + "-v").put("producerId", producer).put("mid", "0"));
        control.execute(SfuControlClient.command("processOffer").put("transportId", id)
            .put("offerSdp", sub.offer("recvonly", 0)));
        connect(sub, st);
        subs.add(sub);
        ssrcs.add(c.path("ssrc").asLong());
      }
      try {
        return drive(o, node, replay.fresh(), (buf, len) -> pub.sendSrtp(buf, len, pubSsrc), subs, ssrcs,
            () -> queueFullDrops(control, o.subscribers()));
      } finally {
        pub.close();
        subs.forEach(BenchEndpoint::close);
      }
    }
  }

  /** Packets the SFU dropped at full send queues so far, over the subscribers' transports. */
  private static long queueFullDrops(SfuControlClient control, int subscribers) throws IOException {
    long n = 0;
    for (int i = 0; i < subscribers; i++) {
      n += control.execute(SfuControlClient.command("getStats").put("kind", "TRANSPORT").put("id", "sub" + i))
          .path("counters").path("drop.out.queue-full").asLong();
    }
    return n;
  }

  /** A counter of the forwarder's, read before and after the counted window. */
  interface Counter {
    long read() throws IOException;
  }

  private static void connect(BenchEndpoint e, JsonNode transport) throws Exception {
    e.connect(transport.path("iceUfrag").asText(), transport.path("icePassword").asText(),
        transport.path("dtlsFingerprint").asText());
  }

  interface Sender {
    void send(byte[] packet, int length) throws IOException;
  }

  /** Paces the publisher, runs the receivers, and collects what arrived. */
  static Result drive(Options o, ChildJvm forwarder, Vp8Replay stream, Sender sender,
      List<? extends Receiver> receivers, List<Long> ssrcs, Counter forwarderDrops) throws Exception {
    double inBytesPerSecond = o.mbps() * 1e6 / o.subscribers() / 8;
    AtomicBoolean receiving = new AtomicBoolean(true);
    AtomicLong countFrom = new AtomicLong(Long.MAX_VALUE);
    AtomicLong received = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    long maxSamples = 2_000_000;
    long[] latencies = new long[(int) maxSamples];
    AtomicLong samples = new AtomicLong();
    AtomicLongArray windowMax = new AtomicLongArray(o.seconds() * 10);
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
            long sentAt = Vp8Replay.sentAt(buf, n);
            long from = countFrom.get();
            if (sentAt < from) {
              continue; // sent during the warm-up (late or queued): neither counted nor lost
            }
            long lat = System.nanoTime() - sentAt;
            received.incrementAndGet();
            bytes.addAndGet(r.wireLength());
            long k = samples.getAndIncrement();
            if (k < maxSamples) {
              latencies[(int) k] = lat;
            }
            int w = (int) Math.min(windowMax.length() - 1, (sentAt - from) / 100_000_000L);
            windowMax.accumulateAndGet(w, lat, Math::max);
          }
        } catch (IOException e) {
          // socket closed at the end
        } finally {
          done.countDown();
        }
      });
    }
    // warm-up at the same rate, not counted: the forwarder's JIT settles
    pace(stream, sender, inBytesPerSecond, o.warmup());
    Thread.sleep(300);
    // The generator's own collections would count as forwarding latency: start the window with
    // an empty young generation (jitsi-srtp still allocates a little per packet).
    System.gc();
    received.set(0);
    bytes.set(0);
    samples.set(0);
    long dropsStart = forwarderDrops.read();
    long overflowsStart = udpRcvbufErrors();
    double forwarderStart = forwarder.cpuSeconds();
    double generatorStart = generatorCpuSeconds();
    long start = System.nanoTime();
    countFrom.set(start);
    long counted = pace(stream, sender, inBytesPerSecond, o.seconds());
    double seconds = (System.nanoTime() - start) / 1e9;
    Thread.sleep(500);
    double forwarderCpu = forwarder.cpuSeconds() - forwarderStart;
    double generatorCpu = generatorCpuSeconds() - generatorStart;
    long overflows = udpRcvbufErrors() - overflowsStart;
    long drops = forwarderDrops.read() - dropsStart;
    receiving.set(false);
    receivers.forEach(Receiver::close);
    done.await(5, TimeUnit.SECONDS);
    int n = (int) Math.min(samples.get(), maxSamples);
    long[] windows = new long[windowMax.length()];
    for (int i = 0; i < windows.length; i++) {
      windows[i] = windowMax.get(i);
    }
    return new Result(counted, received.get(), bytes.get(), seconds, Arrays.copyOf(latencies, n), windows,
        forwarderCpu, generatorCpu, overflows, drops);
  }

  /** Sends the stream's packets at {@code bytesPerSecond} for {@code seconds}; returns the packets sent. */
  static long pace(Vp8Replay stream, Sender sender, double bytesPerSecond, int seconds) throws IOException {
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    long packets = 0;
    long bytes = 0;
    byte[] packet = new byte[2048];
    while (true) {
      long now = System.nanoTime();
      if (now >= end) {
        return packets;
      }
      long due = (long) ((now - start) / 1e9 * bytesPerSecond);
      while (bytes < due) {
        int len = stream.nextPacket(packet);
        sender.send(packet, len);
        bytes += len;
        packets++;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(200_000);
    }
  }

  // ------------------------------------------------------------------ the reference run

  /** The same generator through a bare UDP fan-out in its own process ({@link PlainRelay}). */
  static Result runReference(Options o, CpuSplit cpus, Vp8Replay replay) throws Exception {
    List<PlainReceiver> receivers = new ArrayList<>();
    List<Long> ssrcs = new ArrayList<>();
    List<String> ports = new ArrayList<>();
    for (int i = 0; i < o.subscribers(); i++) {
      PlainReceiver r = new PlainReceiver();
      receivers.add(r);
      ssrcs.add(0L);
      ports.add(Integer.toString(r.address().getPort()));
    }
    Path log = Files.createTempFile("sanke-bench-relay", ".log");
    try (ChildJvm relay = ChildJvm.start(PlainRelay.class.getName(), o.jvm(), ports, cpus.forwarder(), log);
        DatagramSocket source = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), relay.ready().path("port").asInt());
      DatagramPacket out = new DatagramPacket(new byte[0], 0, to);
      return drive(o, relay, replay.fresh(), (p, len) -> {
        out.setData(p, 0, len);
        source.send(out);
      }, receivers, ssrcs, () -> 0);
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
    private DatagramPacket packet;

    PlainReceiver() throws IOException {
      socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
      socket.setReceiveBufferSize(4 << 20);
    }

    InetSocketAddress address() {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
    }

    @Override
    public int receive(byte[] buf, long ssrc) throws IOException {
      if (packet == null || packet.getData() != buf) {
        packet = new DatagramPacket(buf, buf.length);
      }
      packet.setLength(buf.length);
      socket.receive(packet);
      wire = packet.getLength();
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
}
