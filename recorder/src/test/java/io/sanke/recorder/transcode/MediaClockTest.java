package io.sanke.recorder.transcode;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MediaClockTest {
  static final long T0 = 1_800_000_000_000_000L;

  @Test
  @DisplayName("network delay is taken out: packets land where their timestamps say, on the earliest arrivals")
  void delayTakenOut() {
    MediaClock c = new MediaClock(48_000);
    for (int i = 0; i < 500; i++) {
      long delay = (i % 7) * 3_000; // 0..18 ms of jitter
      c.learn(960L * i, T0 + 20_000L * i + 5_000 + delay);
    }
    c.finish();
    assertEquals(1, c.pieces());
    assertEquals(1.0, c.firstSlope(), 0.001);
    assertEquals(T0 + 5_000, c.mediaMicros(0, 0), 200);
    assertEquals(T0 + 5_000 + 20_000L * 499, c.mediaMicros(499, 960L * 499), 200);
  }

  @Test
  @DisplayName("a sender whose clock runs 1.5 times too fast for 30 s still lasts as long as it was captured")
  void fastSenderFitted() {
    MediaClock c = new MediaClock(48_000);
    for (int i = 0; i < 2250; i++) { // 45 s of RTP time sent over 30 s
      c.learn(960L * i, T0 + Math.round(20_000L * i / 1.5));
    }
    c.finish();
    assertEquals(1.5, 1 / c.firstSlope(), 0.01);
    long span = c.mediaMicros(2249, 960L * 2249) - c.mediaMicros(0, 0);
    assertEquals(30_000_000, span, 50_000);
  }

  @Test
  @DisplayName("a sender catching up in bursts for a few seconds keeps its own clock")
  void shortBurstsKeepNominalRate() {
    MediaClock c = new MediaClock(48_000);
    for (int i = 0; i < 150; i++) { // 3 s of audio: the first second arrives in a burst
      c.learn(960L * i, T0 + (i < 50 ? 1_000L * i : 20_000L * i));
    }
    c.finish();
    assertEquals(1.0, c.firstSlope(), 1e-9);
  }

  @Test
  @DisplayName("a timestamp jump starts a new piece and wrap-around is followed")
  void jumpStartsPiece() {
    MediaClock c = new MediaClock(90_000);
    long ts = 0xFFFF_0000L;
    for (int i = 0; i < 100; i++) {
      c.learn((ts + 3000L * i) & 0xFFFF_FFFFL, T0 + 33_333L * i);
    }
    for (int i = 0; i < 100; i++) { // new sender: random timestamps, arrivals continue
      c.learn(12_345 + 3000L * i, T0 + 33_333L * (100 + i));
    }
    c.finish();
    assertEquals(2, c.pieces());
    assertEquals(T0 + 33_333L * 100, c.mediaMicros(100, 0x1_0000_0000L + 12_345), 1_000); // extended, as the learner saw it
    assertEquals(T0 + 33_333L * 99, c.mediaMicros(99, ts + 3000L * 99), 1_000);
  }
}
