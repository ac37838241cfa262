package io.sanke.recorder.capture;

import java.time.Instant;

/**
 * A change of the lesson that moves the composite: a track comes or goes, a classroom
 * goes on or off stage (the floor).
 *
 * @param subject the track id (TRACK_*) or the classroom id (ON_STAGE / OFF_STAGE)
 */
public record TimelineEvent(Instant at, Type type, String subject) {
  public enum Type { TRACK_ADDED, TRACK_REMOVED, ON_STAGE, OFF_STAGE }
}
