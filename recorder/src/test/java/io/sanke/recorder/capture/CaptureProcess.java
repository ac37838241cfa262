package io.sanke.recorder.capture;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * A recorder in its own JVM, for the kill test: opens (or resumes) a capture, prints
 * {@code READY <port>} and records until its standard input closes (then closes the
 * capture normally) or until it is killed.
 */
public final class CaptureProcess {
  private CaptureProcess() {}

  public static void main(String[] args) throws Exception {
    CaptureConfig cfg = new CaptureConfig(Duration.ofSeconds(1), Duration.ofSeconds(5), "127.0.0.1", 1 << 20, 16);
    LessonCapture c = LessonCapture.open(Path.of(args[0]), args[1], cfg, Clock.systemUTC(), Integer.parseInt(args[2]));
    if (c.manifest().tracks().isEmpty()) {
      c.addTrack(CapturedTrack.of("teacher/audio", Long.parseLong(args[3]), TrackKind.AUDIO, "opus", 48_000, 111,
          TrackRole.TEACHER, null));
    }
    System.out.println("READY " + c.port());
    System.out.flush();
    while (System.in.read() >= 0) {
      // wait for end of input
    }
    c.close();
    System.out.println("CLOSED " + c.stats().packets());
  }
}
