package io.sanke.recorder.capture;

import java.time.Instant;

/** A span of the lesson with no media in the recording, and why. */
public record Gap(Instant from, Instant to, Reason reason) {
  public enum Reason {
    /** The recorder stopped (crash or kill) and resumed the recording later. */
    RECORDER_RESTART,
    /** No packet of any track arrived for longer than {@code silence-gap} (the SFU went away, the network broke). */
    NO_MEDIA
  }
}
