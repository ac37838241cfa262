package io.sanke.recorder.capture;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one lesson: receives the SFU's plain-RTP egress on a block of UDP ports
 * {@code base, base + 2, …} (the SFU's {@code PlainRtpTransport} sends consumer n to
 * {@code base + 2n}; {@code ports} of them, one receive thread for all, tracks told
 * apart by SSRC, so any port may carry any track), writes every
 * packet with its arrival time into segment files rotated every {@code segment} and
 * fsync'd when closed, and keeps {@code manifest.json} (tracks, roles, segments, gaps,
 * floor changes) up to date. It never decodes.
 *
 * <p>Opening a directory whose manifest is not finished resumes the recording: the
 * segment that was open when the previous recorder died is cut at its last whole
 * record, and the time without a recorder is recorded as a
 * {@link Gap.Reason#RECORDER_RESTART} gap. The same UDP port is taken again when free.
 *
 * <p>Thread-safe: one receive thread writes; control calls come from any thread.
 */
public final class LessonCapture implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LessonCapture.class);
  private static final int HOUSEKEEPING_MILLIS = 250;

  private final Path dir;
  private final Path segmentsDir;
  private final String recordingId;
  private final CaptureConfig config;
  private final Clock clock;
  private final Selector selector;
  private final List<DatagramChannel> channels;
  private final InetAddress bindAddress;
  private final int basePort;
  private final Thread receiver;

  private final Object lock = new Object();
  private final Instant startedAt;
  private final List<CapturedTrack> tracks = new ArrayList<>();
  private final List<Segment> segments = new ArrayList<>();
  private final List<Gap> gaps = new ArrayList<>();
  private final List<TimelineEvent> events = new ArrayList<>();
  private final Set<Long> knownSsrcs = new HashSet<>();
  private SegmentWriter current;
  private int nextIndex;
  private Instant lastPacketAt;
  private Instant firstPacketAt;
  private Instant lastFlushAt;
  private long packets;
  private long bytes;
  private long unknownSsrc;
  private long dropped;
  private volatile boolean closed;
  private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();

  private LessonCapture(Path dir, String recordingId, CaptureConfig config, Clock clock, int port) {
    this.dir = dir;
    this.segmentsDir = dir.resolve(CaptureManifest.SEGMENTS);
    this.recordingId = recordingId;
    this.config = config;
    this.clock = clock;
    Instant now = clock.instant();
    try {
      Files.createDirectories(segmentsDir);
    } catch (IOException e) {
      throw new CaptureException(CaptureException.IO, e, "recording directory not created [dir:%s]", dir);
    }
    Path manifestFile = dir.resolve(CaptureManifest.FILE);
    int wantedPort = port;
    if (Files.exists(manifestFile)) {
      CaptureManifest old = CaptureManifest.read(dir);
      if (!old.recordingId().equals(recordingId)) {
        throw new CaptureException(CaptureException.BAD_MANIFEST,
            "directory holds another recording [dir:%s] [recording:%s]", dir, old.recordingId());
      }
      if (old.endedAt() != null) {
        throw new CaptureException(CaptureException.CLOSED, "recording already finished [recording:%s]", recordingId);
      }
      startedAt = old.startedAt();
      resume(old, now);
      if (wantedPort == 0) {
        wantedPort = old.port();
      }
    } else {
      startedAt = now;
      nextIndex = 1;
    }
    try {
      this.bindAddress = InetAddress.getByName(config.bindHost());
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new CaptureException(CaptureException.IO, e, "capture not opened [host:%s]", config.bindHost());
    }
    this.channels = bind(selector, bindAddress, config.ports(), wantedPort, port != 0);
    this.basePort = ((InetSocketAddress) localAddress(channels.getFirst())).getPort();
    synchronized (lock) {
      current = new SegmentWriter(segmentsDir, nextIndex++, now);
      lastFlushAt = now;
      writeManifest(null);
    }
    receiver = Thread.ofPlatform().name("capture-" + recordingId).daemon(true).start(this::receiveLoop);
  }

  /**
   * Opens (or resumes) the recording in {@code dir} and starts receiving on a free port of
   * {@code bindHost} (on resume, the port used before when it is free).
   */
  public static LessonCapture open(Path dir, String recordingId, CaptureConfig config, Clock clock) {
    return open(dir, recordingId, config, clock, 0);
  }

  /** As {@link #open(Path, String, CaptureConfig, Clock)} on a given UDP port (0 = any). */
  public static LessonCapture open(Path dir, String recordingId, CaptureConfig config, Clock clock, int port) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    if (recordingId == null || !recordingId.matches("[A-Za-z0-9._:-]{1,128}")) {
      throw new CaptureException(CaptureException.BAD_TRACK, "recording id invalid [recording:%s]", recordingId);
    }
    if (port < 0 || port > 65535) {
      throw new CaptureException(CaptureException.BAD_CONFIG, "port out of range [port:%d]", port);
    }
    return new LessonCapture(dir, recordingId, config, clock, port);
  }

  private static java.net.SocketAddress localAddress(DatagramChannel ch) {
    try {
      return ch.getLocalAddress();
    } catch (IOException e) {
      throw new CaptureException(CaptureException.IO, e, "capture socket has no address");
    }
  }

  /** Binds {@code count} ports base, base+2, …: the wanted base first, else (unless explicit) a random even base. */
  private static List<DatagramChannel> bind(Selector selector, InetAddress host, int count, int wanted,
      boolean explicit) {
    if (wanted % 2 != 0) {
      throw new CaptureException(CaptureException.BAD_CONFIG, "capture base port must be even [port:%d]", wanted);
    }
    IOException last = null;
    for (int attempt = 0; attempt < 64; attempt++) {
      int base = attempt == 0 && wanted != 0 ? wanted : 2 * ThreadLocalRandom.current().nextInt(10_000, 30_000 - count);
      if (attempt > 0 && explicit) {
        break;
      }
      List<DatagramChannel> bound = new ArrayList<>();
      try {
        for (int i = 0; i < count; i++) {
          DatagramChannel ch = DatagramChannel.open();
          bound.add(ch);
          ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
          ch.bind(new InetSocketAddress(host, base + 2 * i));
          ch.configureBlocking(false);
          ch.register(selector, SelectionKey.OP_READ);
        }
        return bound;
      } catch (IOException e) {
        last = e;
        for (DatagramChannel ch : bound) {
          try {
            ch.close();
          } catch (IOException ignored) {
            // giving this base up
          }
        }
      }
    }
    throw new CaptureException(CaptureException.IO, last, "capture ports not bound [host:%s] [base:%d] [count:%d]",
        host.getHostAddress(), wanted, count);
  }

  private void resume(CaptureManifest old, Instant now) {
    tracks.addAll(old.tracks());
    old.tracks().forEach(t -> knownSsrcs.add(t.ssrc()));
    segments.addAll(old.segments());
    gaps.addAll(old.gaps());
    events.addAll(old.events());
    int maxIndex = old.segments().stream().mapToInt(Segment::index).max().orElse(0);
    Instant lastMedia = old.segments().isEmpty() ? old.startedAt() : old.segments().getLast().to();
    if (old.open() != null) {
      Path file = segmentsDir.resolve(old.open());
      if (Files.exists(file)) {
        SegmentFormat.Scan scan = SegmentFormat.read(file, null);
        int index = Integer.parseInt(old.open().substring(0, old.open().indexOf('.')));
        maxIndex = Math.max(maxIndex, index);
        if (scan.packets() > 0) {
          truncate(file, scan.validEnd());
          segments.add(new Segment(index, old.open(), scan.first(), scan.last(), scan.packets(), scan.rtpBytes(), true));
          lastMedia = scan.last();
        } else {
          deleteQuietly(file);
        }
      }
    }
    nextIndex = maxIndex + 1;
    if (now.isAfter(lastMedia)) {
      gaps.add(new Gap(lastMedia, now, Gap.Reason.RECORDER_RESTART));
    }
    LOG.info("capture resumed [recording:{}] [segments:{}] [gap-from:{}]", recordingId, segments.size(), lastMedia);
  }

  private static void truncate(Path file, long size) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(size);
      ch.force(true);
    } catch (IOException e) {
      throw new CaptureException(CaptureException.IO, e, "segment not recovered [file:%s]", file);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // an empty leftover segment; harmless
    }
  }

  /** The base UDP port (even) the SFU's plain transport must send to; consumer n arrives on {@code port() + 2n}. */
  public int port() {
    return basePort;
  }

  /** Host and base port the SFU's plain transport must send to. */
  public InetSocketAddress address() {
    return new InetSocketAddress(bindAddress, basePort);
  }

  /** Every port listened on: {@code port(), port() + 2, …} ({@code ports} of them). */
  public List<Integer> ports() {
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < channels.size(); i++) {
      ports.add(basePort + 2 * i);
    }
    return ports;
  }

  public String recordingId() {
    return recordingId;
  }

  public Path directory() {
    return dir;
  }

  /** Starts expecting a track (its SSRC as the SFU's egress sends it); recorded as TRACK_ADDED. */
  public void addTrack(CapturedTrack track) {
    Objects.requireNonNull(track, "track");
    synchronized (lock) {
      requireOpen();
      for (CapturedTrack t : tracks) {
        if (t.trackId().equals(track.trackId()) && t.removedAt() == null) {
          throw new CaptureException(CaptureException.BAD_TRACK, "track already captured [track:%s]", track.trackId());
        }
      }
      Instant now = clock.instant();
      tracks.add(track.addedAt(now));
      knownSsrcs.add(track.ssrc());
      events.add(new TimelineEvent(now, TimelineEvent.Type.TRACK_ADDED, track.trackId()));
      writeManifest(current.fileName());
    }
  }

  /** Marks a track as gone (screen share stopped, classroom left); recorded as TRACK_REMOVED. */
  public void removeTrack(String trackId) {
    synchronized (lock) {
      requireOpen();
      for (int i = tracks.size() - 1; i >= 0; i--) {
        CapturedTrack t = tracks.get(i);
        if (t.trackId().equals(trackId) && t.removedAt() == null) {
          Instant now = clock.instant();
          tracks.set(i, t.removedAt(now));
          events.add(new TimelineEvent(now, TimelineEvent.Type.TRACK_REMOVED, trackId));
          writeManifest(current.fileName());
          return;
        }
      }
      throw new CaptureException(CaptureException.UNKNOWN_TRACK, "track not captured [track:%s]", trackId);
    }
  }

  /** A classroom got the floor: its video is enlarged in the composite. */
  public void onStage(String classroomId) {
    stageEvent(TimelineEvent.Type.ON_STAGE, classroomId);
  }

  /** A classroom lost the floor. */
  public void offStage(String classroomId) {
    stageEvent(TimelineEvent.Type.OFF_STAGE, classroomId);
  }

  private void stageEvent(TimelineEvent.Type type, String classroomId) {
    if (classroomId == null || classroomId.isBlank()) {
      throw new CaptureException(CaptureException.BAD_TRACK, "classroom id missing");
    }
    synchronized (lock) {
      requireOpen();
      events.add(new TimelineEvent(clock.instant(), type, classroomId));
      writeManifest(current.fileName());
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new CaptureException(CaptureException.CLOSED, "capture closed [recording:%s]", recordingId);
    }
  }

  public CaptureStats stats() {
    synchronized (lock) {
      return new CaptureStats(packets, bytes, unknownSsrc, dropped, segments.size(), firstPacketAt, lastPacketAt);
    }
  }

  /** A snapshot of the manifest as it is on disk now. */
  public CaptureManifest manifest() {
    synchronized (lock) {
      return snapshot(closed ? null : current == null ? null : current.fileName(), null);
    }
  }

  private void receiveLoop() {
    ByteBuffer buf = ByteBuffer.allocate(65536);
    for (DatagramChannel ch : channels) {
      try {
        ch.setOption(StandardSocketOptions.SO_RCVBUF, config.receiveBuffer());
      } catch (IOException e) {
        LOG.warn("capture socket buffer not set [recording:{}]", recordingId, e);
      }
    }
    while (!closing.get()) {
      try {
        if (selector.select(HOUSEKEEPING_MILLIS) == 0) {
          housekeeping(clock.instant());
          continue;
        }
        for (SelectionKey key : selector.selectedKeys()) {
          DatagramChannel ch = (DatagramChannel) key.channel();
          buf.clear();
          while (ch.receive(buf) != null) {
            accept(buf.array(), 0, buf.position(), clock.instant());
            buf.clear();
          }
        }
        selector.selectedKeys().clear();
      } catch (IOException e) {
        if (!closing.get()) {
          LOG.warn("capture receive failed [recording:{}]", recordingId, e);
        }
      } catch (RuntimeException e) {
        LOG.error("capture write failed [recording:{}]", recordingId, e);
      }
    }
  }

  /** Writes one datagram that arrived at {@code arrival}; not RTP is counted and dropped. */
  void accept(byte[] data, int offset, int length, Instant arrival) {
    if (length < 12 || length > 0xFFFF || (data[offset] & 0xC0) != 0x80) {
      synchronized (lock) {
        dropped++;
      }
      return;
    }
    int pt = data[offset + 1] & 0xFF;
    if (pt >= 200 && pt <= 206) { // RTCP (SR, RR, SDES, BYE, APP, RTPFB, PSFB) muxed on the same port
      synchronized (lock) {
        dropped++;
      }
      return;
    }
    long ssrc = ((data[offset + 8] & 0xFFL) << 24) | ((data[offset + 9] & 0xFFL) << 16)
        | ((data[offset + 10] & 0xFFL) << 8) | (data[offset + 11] & 0xFFL);
    synchronized (lock) {
      if (closed) {
        return;
      }
      if (lastPacketAt != null && Duration.between(lastPacketAt, arrival).compareTo(config.silenceGap()) > 0) {
        gaps.add(new Gap(lastPacketAt, arrival, Gap.Reason.NO_MEDIA));
      }
      rotateIfDue(arrival);
      current.append(data, offset, length, arrival);
      lastPacketAt = arrival;
      if (firstPacketAt == null) {
        firstPacketAt = arrival;
      }
      packets++;
      bytes += length;
      if (!knownSsrcs.contains(ssrc)) {
        unknownSsrc++;
      }
      if (Duration.between(lastFlushAt, arrival).toMillis() >= HOUSEKEEPING_MILLIS) {
        current.flush();
        lastFlushAt = arrival;
      }
    }
  }

  /** Flushes and rotates when no packet comes; called by the receive thread when idle. */
  void housekeeping(Instant now) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      rotateIfDue(now);
      current.flush();
      lastFlushAt = now;
    }
  }

  private void rotateIfDue(Instant now) {
    if (current.due(now, config.segment())) {
      segments.add(current.closeSegment(now));
      current = new SegmentWriter(segmentsDir, nextIndex++, now);
      writeManifest(current.fileName());
    }
  }

  private void writeManifest(String open) {
    snapshot(open, null).write(dir);
  }

  private CaptureManifest snapshot(String open, Instant endedAt) {
    return new CaptureManifest(CaptureManifest.VERSION, recordingId, startedAt, endedAt, open, basePort, tracks,
        segments, gaps, events);
  }

  /**
   * Stops receiving, writes what already arrived, closes and fsyncs the last segment,
   * marks tracks still present as removed and finishes the manifest. Idempotent.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    selector.wakeup();
    try {
      receiver.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    drain();
    synchronized (lock) {
      closed = true;
      Instant now = clock.instant();
      Segment last = current.closeSegment(now);
      if (last.packets() > 0) {
        segments.add(last);
      } else {
        deleteQuietly(segmentsDir.resolve(last.file()));
      }
      if (lastPacketAt != null && Duration.between(lastPacketAt, now).compareTo(config.silenceGap()) > 0) {
        gaps.add(new Gap(lastPacketAt, now, Gap.Reason.NO_MEDIA));
      }
      for (int i = 0; i < tracks.size(); i++) {
        if (tracks.get(i).removedAt() == null) {
          tracks.set(i, tracks.get(i).removedAt(now));
        }
      }
      snapshot(null, now).write(dir);
    }
    for (DatagramChannel ch : channels) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    try {
      selector.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  /** Writes the datagrams still queued in the sockets (sent before close was called). */
  private void drain() {
    ByteBuffer buf = ByteBuffer.allocate(65536);
    for (DatagramChannel ch : channels) {
      try {
        buf.clear();
        while (ch.receive(buf) != null) {
          accept(buf.array(), 0, buf.position(), clock.instant());
          buf.clear();
        }
      } catch (IOException e) {
        LOG.warn("capture drain failed [recording:{}]", recordingId, e);
      }
    }
  }
}
