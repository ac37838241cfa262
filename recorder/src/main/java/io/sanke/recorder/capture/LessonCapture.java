package io.sanke.recorder.capture;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.FileChannel;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one lesson: receives the SFU's plain-RTP egress on one UDP socket (the target
 * of the SFU's {@code PlainRtpTransport}; tracks are told apart by SSRC), writes every
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
  private final DatagramSocket socket;
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
  private Instant lastFlushAt;
  private long packets;
  private long bytes;
  private long unknownSsrc;
  private long dropped;
  private volatile boolean closed;

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
    this.socket = bind(config.bindHost(), wantedPort, port);
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

  private static DatagramSocket bind(String host, int wanted, int explicit) {
    try {
      DatagramSocket s = new DatagramSocket(null);
      s.setReuseAddress(true);
      try {
        s.bind(new InetSocketAddress(host, wanted));
      } catch (SocketException e) {
        if (explicit != 0 || wanted == 0) {
          s.close();
          throw e;
        }
        s.bind(new InetSocketAddress(host, 0));
      }
      return s;
    } catch (SocketException e) {
      throw new CaptureException(CaptureException.IO, e, "capture socket not bound [host:%s] [port:%d]", host, wanted);
    }
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

  /** The UDP port the SFU's plain transport must send to. */
  public int port() {
    return socket.getLocalPort();
  }

  /** Host and port the SFU's plain transport must send to. */
  public InetSocketAddress address() {
    return new InetSocketAddress(socket.getLocalAddress(), socket.getLocalPort());
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
      return new CaptureStats(packets, bytes, unknownSsrc, dropped, segments.size());
    }
  }

  /** A snapshot of the manifest as it is on disk now. */
  public CaptureManifest manifest() {
    synchronized (lock) {
      return snapshot(closed ? null : current == null ? null : current.fileName(), null);
    }
  }

  private void receiveLoop() {
    byte[] buf = new byte[65536];
    DatagramPacket dp = new DatagramPacket(buf, buf.length);
    try {
      socket.setSoTimeout(HOUSEKEEPING_MILLIS);
      socket.setReceiveBufferSize(config.receiveBuffer());
    } catch (SocketException e) {
      LOG.warn("capture socket options not set [recording:{}]", recordingId, e);
    }
    while (!closed) {
      try {
        dp.setLength(buf.length);
        socket.receive(dp);
        accept(buf, dp.getOffset(), dp.getLength(), clock.instant());
      } catch (SocketTimeoutException e) {
        housekeeping(clock.instant());
      } catch (IOException e) {
        if (!closed) {
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
    return new CaptureManifest(CaptureManifest.VERSION, recordingId, startedAt, endedAt, open, socketPort(), tracks,
        segments, gaps, events);
  }

  private int socketPort() {
    return socket == null ? 0 : socket.getLocalPort();
  }

  /**
   * Stops receiving, closes and fsyncs the last segment, marks tracks still present as
   * removed and finishes the manifest. Idempotent.
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
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
    socket.close();
    try {
      receiver.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
