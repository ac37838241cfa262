package io.sanke.recorder.capture;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real recorder process is killed (SIGKILL) in the middle of a lesson and started
 * again: what it had written survives, at most one segment's worth is missing, and the
 * hole is a RECORDER_RESTART gap. The sender is paced like a live Opus track (50 pps);
 * assertions are on packets and the manifest, never on timings.
 */
class RecorderKilledTest {
  static final long SSRC = 0xCAFE_0001L;
  static final int PER_SEGMENT = 50; // 1 s segments at 50 packets per second

  @TempDir
  Path dir;

  private Process start(int port) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CaptureProcess.class.getName(),
        dir.toString(), "rec-kill", Integer.toString(port), Long.toString(SSRC))
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    return p;
  }

  private static int awaitReady(Process p) throws Exception {
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    do { // log lines may come first
      line = r.readLine();
      assertNotNull(line, "recorder process ended before it was ready");
    } while (!line.startsWith("READY "));
    return Integer.parseInt(line.substring(6).trim());
  }

  private static void send(DatagramSocket s, int port, int from, int count, List<Integer> log) throws Exception {
    for (int i = from; i < from + count; i++) {
      byte[] p = Rtp.packet(SSRC, 111, i, 960L * i, 80);
      s.send(new DatagramPacket(p, p.length, new InetSocketAddress("127.0.0.1", port)));
      log.add(i);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  @Test
  @DisplayName("a recorder killed mid-capture loses at most one segment and the hole is marked as a gap")
  void killedRecorderLosesAtMostOneSegment() throws Exception {
    List<Integer> sent = new ArrayList<>();
    Process first = start(0);
    Process second = null;
    try (DatagramSocket s = new DatagramSocket()) {
      int port = awaitReady(first);
      send(s, port, 0, 130, sent); // 2.6 s: two closed segments and one being written
      first.destroyForcibly().waitFor();
      send(s, port, 130, 20, sent); // nobody listens
      second = start(0);
      assertEquals(port, awaitReady(second), "the resumed recorder takes the same port again");
      send(s, port, 150, 60, sent);
      second.getOutputStream().close();
      assertTrue(second.waitFor(30, TimeUnit.SECONDS), "recorder did not stop");
    } finally {
      first.destroyForcibly();
      if (second != null) {
        second.destroyForcibly();
      }
    }
    CaptureManifest m = CaptureManifest.read(dir);
    assertNotNull(m.endedAt());
    Set<Integer> recorded = new TreeSet<>();
    CapturedPackets.forEach(dir, m, p -> recorded.add(Rtp.sequence(p.rtp())));
    List<Integer> lostBeforeKill = sent.stream().filter(i -> i < 130 && !recorded.contains(i)).toList();
    System.out.println("lost before the kill: " + lostBeforeKill.size() + " of 130 packets; gaps " + m.gaps());
    assertTrue(lostBeforeKill.size() <= PER_SEGMENT, "lost " + lostBeforeKill);
    if (!lostBeforeKill.isEmpty()) {
      assertEquals(130 - lostBeforeKill.size(), lostBeforeKill.getFirst(), "only the tail is lost: " + lostBeforeKill);
    }
    for (int i = 0; i < 130 - PER_SEGMENT; i++) {
      assertTrue(recorded.contains(i), "closed segments keep packet " + i);
    }
    for (int i = 150; i < 210; i++) {
      assertTrue(recorded.contains(i), "after the restart packet " + i + " is recorded");
    }
    List<Gap> restarts = m.gaps().stream().filter(g -> g.reason() == Gap.Reason.RECORDER_RESTART).toList();
    assertEquals(1, restarts.size(), m.gaps().toString());
    Gap g = restarts.getFirst();
    assertTrue(g.to().isAfter(g.from()));
    // the gap covers what was not recorded: from the last packet before the kill to the restart
    assertTrue(m.segments().stream().anyMatch(seg -> seg.to().equals(g.from())), m.toString());
    assertTrue(m.segments().stream().allMatch(seg -> !seg.from().isBefore(g.to()) || !seg.to().isAfter(g.from())),
        "no segment overlaps the gap");
  }
}
