package io.sanke.recorder.capture;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LessonCaptureTest {
  static final Instant T0 = Instant.parse("2026-11-20T02:00:00Z");
  static final CaptureConfig ONE_SECOND = new CaptureConfig(Duration.ofSeconds(1), Duration.ofSeconds(2), "127.0.0.1",
      1 << 20, 4);
  static final long SSRC = 0x1234_5678L;

  @TempDir
  Path dir;

  /** Feeds {@code count} packets, one every 20 ms from {@code from}, with sequence numbers from {@code seq}. */
  static void feed(LessonCapture c, ManualClock clock, Instant from, int seq, int count) {
    for (int i = 0; i < count; i++) {
      Instant at = from.plusMillis(20L * i);
      clock.set(at);
      byte[] p = Rtp.packet(SSRC, 111, seq + i, 960L * (seq + i), 60);
      c.accept(p, 0, p.length, at);
    }
  }

  static List<CapturedPacket> packets(Path rec) {
    List<CapturedPacket> all = new ArrayList<>();
    CapturedPackets.forEach(rec, CaptureManifest.read(rec), all::add);
    return all;
  }

  @Test
  @DisplayName("segments rotate every segment period, are listed in the manifest and read back in order")
  void rotatesAndReadsBack() {
    ManualClock clock = new ManualClock(T0);
    try (LessonCapture c = LessonCapture.open(dir, "rec-a", ONE_SECOND, clock)) {
      c.addTrack(CapturedTrack.of("teacher/audio", SSRC, TrackKind.AUDIO, "opus", 48_000, 111, TrackRole.TEACHER, null));
      feed(c, clock, T0, 0, 175); // 3.5 s
      assertEquals(3, c.manifest().segments().size());
      assertNotNull(c.manifest().open(), "the segment being written is named for recovery");
      clock.set(T0.plusMillis(3500));
    }
    CaptureManifest m = CaptureManifest.read(dir);
    assertEquals(4, m.segments().size());
    assertEquals(List.of(1, 2, 3, 4), m.segments().stream().map(Segment::index).toList());
    assertEquals(175, m.segments().stream().mapToLong(Segment::packets).sum());
    assertNull(m.open());
    assertEquals(T0.plusMillis(3500), m.endedAt());
    assertEquals(T0.plusMillis(3500), m.tracks().getFirst().removedAt());
    List<CapturedPacket> back = packets(dir);
    assertEquals(175, back.size());
    for (int i = 0; i < back.size(); i++) {
      assertEquals(i, Rtp.sequence(back.get(i).rtp()));
      assertEquals(T0.plusMillis(20L * i), back.get(i).arrival());
      assertEquals(SSRC, back.get(i).ssrc());
    }
    assertTrue(m.gaps().isEmpty(), m.gaps().toString());
  }

  @Test
  @DisplayName("datagrams that are not RTP are counted and dropped")
  void dropsNonRtp() {
    ManualClock clock = new ManualClock(T0);
    try (LessonCapture c = LessonCapture.open(dir, "rec-b", ONE_SECOND, clock)) {
      byte[] rtcp = Rtp.packet(SSRC, 200, 1, 0, 20);
      byte[] versionZero = Rtp.packet(SSRC, 96, 1, 0, 20);
      versionZero[0] = 0;
      c.accept(new byte[5], 0, 5, T0);
      c.accept(rtcp, 0, rtcp.length, T0);
      c.accept(versionZero, 0, versionZero.length, T0);
      byte[] ok = Rtp.packet(SSRC, 96, 2, 0, 20);
      c.accept(ok, 0, ok.length, T0);
      assertEquals(new CaptureStats(1, ok.length, 1, 3, 0, T0, T0), c.stats());
    }
    assertEquals(1, packets(dir).size());
  }

  @Test
  @DisplayName("a silence longer than silence-gap is recorded as a NO_MEDIA gap")
  void silenceIsAGap() {
    ManualClock clock = new ManualClock(T0);
    try (LessonCapture c = LessonCapture.open(dir, "rec-c", ONE_SECOND, clock)) {
      feed(c, clock, T0, 0, 10);
      feed(c, clock, T0.plusSeconds(5), 10, 10);
    }
    CaptureManifest m = CaptureManifest.read(dir);
    assertEquals(List.of(new Gap(T0.plusMillis(180), T0.plusSeconds(5), Gap.Reason.NO_MEDIA)), m.gaps());
  }

  @Test
  @DisplayName("tracks coming and going and the floor are recorded in the timeline")
  void timeline() {
    ManualClock clock = new ManualClock(T0);
    try (LessonCapture c = LessonCapture.open(dir, "rec-d", ONE_SECOND, clock)) {
      c.addTrack(CapturedTrack.of("cw", 1, TrackKind.VIDEO, "VP8", 90_000, 96, TrackRole.COURSEWARE, null));
      clock.set(T0.plusSeconds(2));
      c.onStage("room-7");
      clock.set(T0.plusSeconds(3));
      c.removeTrack("cw");
      c.offStage("room-7");
    }
    CaptureManifest m = CaptureManifest.read(dir);
    assertEquals(List.of(new TimelineEvent(T0, TimelineEvent.Type.TRACK_ADDED, "cw"),
        new TimelineEvent(T0.plusSeconds(2), TimelineEvent.Type.ON_STAGE, "room-7"),
        new TimelineEvent(T0.plusSeconds(3), TimelineEvent.Type.TRACK_REMOVED, "cw"),
        new TimelineEvent(T0.plusSeconds(3), TimelineEvent.Type.OFF_STAGE, "room-7")), m.events());
    assertEquals(T0.plusSeconds(3), m.tracks().getFirst().removedAt());
  }

  @Test
  @DisplayName("bad track requests are refused with their code and change nothing")
  void refusesBadTracks() {
    ManualClock clock = new ManualClock(T0);
    try (LessonCapture c = LessonCapture.open(dir, "rec-e", ONE_SECOND, clock)) {
      c.addTrack(CapturedTrack.of("t", 1, TrackKind.VIDEO, "VP8", 90_000, 96, TrackRole.TEACHER, null));
      CaptureManifest before = c.manifest();
      assertEquals(CaptureException.BAD_TRACK, assertThrows(CaptureException.class,
          () -> c.addTrack(CapturedTrack.of("t", 2, TrackKind.VIDEO, "VP8", 90_000, 96, TrackRole.TEACHER, null))).code());
      assertEquals(CaptureException.UNKNOWN_TRACK, assertThrows(CaptureException.class, () -> c.removeTrack("nope")).code());
      assertEquals(before, c.manifest());
    }
    assertEquals(CaptureException.BAD_TRACK, assertThrows(CaptureException.class,
        () -> CapturedTrack.of("x", 1, TrackKind.VIDEO, "VP9", 90_000, 96, TrackRole.TEACHER, null)).code());
    assertEquals(CaptureException.BAD_TRACK, assertThrows(CaptureException.class,
        () -> CapturedTrack.of("x", 1, TrackKind.VIDEO, "VP8", 90_000, 96, TrackRole.CLASSROOM, " ")).code());
    assertEquals(CaptureException.CLOSED, assertThrows(CaptureException.class,
        () -> LessonCapture.open(dir, "rec-e", ONE_SECOND, clock)).code(), "a finished recording is not reopened");
  }

  @Test
  @DisplayName("resuming after a crash cuts the open segment at its last whole record and records the gap")
  void resumeAfterCrash() throws IOException {
    ManualClock clock = new ManualClock(T0);
    Path crashed = dir.resolve("crashed");
    try (LessonCapture c = LessonCapture.open(dir.resolve("live"), "rec-f", ONE_SECOND, clock)) {
      feed(c, clock, T0, 0, 75); // 1.5 s: one closed segment, one open
      c.housekeeping(T0.plusMillis(1490)); // hands the open segment's records to the OS
      copy(dir.resolve("live"), crashed); // what a kill at this moment leaves on disk
    }
    CaptureManifest before = CaptureManifest.read(crashed);
    Path open = crashed.resolve(CaptureManifest.SEGMENTS).resolve(before.open());
    Files.write(open, new byte[] {0, 60, 1, 2, 3}, StandardOpenOption.APPEND); // a record cut short
    clock.set(T0.plusSeconds(10));
    try (LessonCapture c = LessonCapture.open(crashed, "rec-f", ONE_SECOND, clock)) {
      feed(c, clock, T0.plusSeconds(10), 500, 10);
    }
    CaptureManifest m = CaptureManifest.read(crashed);
    assertEquals(List.of(1, 2, 3), m.segments().stream().map(Segment::index).toList());
    assertTrue(m.segments().get(1).recovered());
    assertEquals(25, m.segments().get(1).packets());
    assertEquals(List.of(new Gap(T0.plusMillis(1480), T0.plusSeconds(10), Gap.Reason.RECORDER_RESTART)), m.gaps());
    List<CapturedPacket> back = packets(crashed);
    assertEquals(85, back.size());
    assertEquals(74, Rtp.sequence(back.get(74).rtp()));
    assertEquals(500, Rtp.sequence(back.get(75).rtp()));
  }

  static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  @Test
  @DisplayName("a bad configuration value is refused with the key in the message")
  void badConfig() {
    CaptureException e = assertThrows(CaptureException.class,
        () -> new CaptureConfig(Duration.ofMillis(100), Duration.ofSeconds(2), "127.0.0.1", 1 << 20, 4));
    assertTrue(e.getMessage().contains("sanke.recorder.capture.segment"), e.getMessage());
    assertEquals(CaptureConfig.defaults(), CaptureConfig.from(com.typesafe.config.ConfigFactory.load()));
    CaptureException odd = assertThrows(CaptureException.class,
        () -> LessonCapture.open(dir, "rec-odd", ONE_SECOND, new ManualClock(T0), 40_001));
    assertEquals(CaptureException.BAD_CONFIG, odd.code());
  }
}
