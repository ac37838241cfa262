package io.sanke.recorder.capture;

import static org.junit.jupiter.api.Assertions.*;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureUdpTest {
  @TempDir
  Path dir;

  /** Waits for a condition that another thread makes true (bounded; not a timing assertion). */
  static void await(java.util.function.BooleanSupplier done, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("gave up waiting for " + what);
      }
      Thread.sleep(5);
    }
  }

  @Test
  @DisplayName("RTP sent over UDP to any port of the capture's block is written with every byte")
  void writesWhatArrives() throws Exception {
    List<byte[]> sent = new ArrayList<>();
    try (LessonCapture c = LessonCapture.open(dir, "rec-udp", CaptureConfig.defaults(), Clock.systemUTC());
        DatagramSocket s = new DatagramSocket()) {
      c.addTrack(CapturedTrack.of("t/v", 7, TrackKind.VIDEO, "VP8", 90_000, 96, TrackRole.TEACHER, null));
      for (int i = 0; i < 200; i++) {
        byte[] p = Rtp.packet(7, 96, i, 3000L * i, 200 + i);
        sent.add(p);
        // the SFU sends consumer n to base + 2n: spread the packets over the block
        s.send(new DatagramPacket(p, p.length, c.address().getAddress(), c.ports().get(i % c.ports().size())));
        if (i % 50 == 49) {
          await(() -> c.stats().packets() >= sent.size(), "packets to arrive");
        }
      }
      await(() -> c.stats().packets() == 200, "200 packets");
      assertEquals(16, c.ports().size());
      assertEquals(0, c.port() % 2, "the base port is even");
      assertEquals(0, c.stats().unknownSsrc());
    }
    List<CapturedPacket> back = new ArrayList<>();
    CapturedPackets.forEach(dir, CaptureManifest.read(dir), back::add);
    assertEquals(200, back.size());
    java.util.Set<String> got = new java.util.HashSet<>();
    back.forEach(p -> got.add(java.util.Arrays.toString(p.rtp())));
    for (byte[] p : sent) {
      assertTrue(got.contains(java.util.Arrays.toString(p)), "packet written byte for byte");
    }
  }
}
