package io.sanke.recorder.capture;

/**
 * What a track shows in the lesson, which decides its place in the composite.
 * A {@link #CLASSROOM} track names its classroom in {@link CapturedTrack#classroomId()}.
 */
public enum TrackRole {
  /** The master teacher's camera and microphone (shown large). */
  TEACHER,
  /** Shared courseware (screen share); present only while shared. */
  COURSEWARE,
  /** A remote classroom's camera and sound (shown in the strip, enlarged when on stage). */
  CLASSROOM
}
