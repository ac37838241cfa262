package io.sanke.recorder.capture;

import java.time.Instant;
import java.util.Objects;

/**
 * One track of the lesson as the SFU forwards it to the recorder.
 *
 * @param trackId     the caller's id of the track (e.g. the SFU producer id)
 * @param ssrc        the SSRC the SFU's plain egress uses for it (from {@code ConsumerCreated})
 * @param kind        audio or video
 * @param codec       {@code "VP8"}, {@code "H264"} or {@code "opus"}
 * @param clockRate   RTP clock rate (90000 for video, 48000 for Opus)
 * @param payloadType RTP payload type the egress uses, or -1 to take whatever this SSRC carries
 *                    (the SFU's control API does not tell the plain egress's payload types yet)
 * @param role        teacher, courseware or classroom
 * @param classroomId the classroom of a {@link TrackRole#CLASSROOM} track, else null
 * @param addedAt     when capture started expecting it (filled in by {@link LessonCapture#addTrack})
 * @param removedAt   when it went away, null while present
 */
public record CapturedTrack(String trackId, long ssrc, TrackKind kind, String codec, int clockRate, int payloadType,
    TrackRole role, String classroomId, Instant addedAt, Instant removedAt) {

  public CapturedTrack {
    if (trackId == null || trackId.isBlank()) {
      throw new CaptureException(CaptureException.BAD_TRACK, "track id missing");
    }
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(role, "role");
    if (ssrc < 0 || ssrc > 0xFFFF_FFFFL) {
      throw new CaptureException(CaptureException.BAD_TRACK, "ssrc out of range [track:%s] [ssrc:%d]", trackId, ssrc);
    }
    if (codec == null || !(codec.equals("VP8") || codec.equals("H264") || codec.equals("opus"))) {
      throw new CaptureException(CaptureException.BAD_TRACK, "codec not supported [track:%s] [codec:%s]", trackId, codec);
    }
    if (clockRate <= 0 || payloadType < -1 || payloadType > 127) {
      throw new CaptureException(CaptureException.BAD_TRACK,
          "clock rate or payload type invalid [track:%s] [clock:%d] [pt:%d]", trackId, clockRate, payloadType);
    }
    if (role == TrackRole.CLASSROOM && (classroomId == null || classroomId.isBlank())) {
      throw new CaptureException(CaptureException.BAD_TRACK, "classroom track without classroom id [track:%s]", trackId);
    }
  }

  /** A track description before capture adds it (no times yet). */
  public static CapturedTrack of(String trackId, long ssrc, TrackKind kind, String codec, int clockRate,
      int payloadType, TrackRole role, String classroomId) {
    return new CapturedTrack(trackId, ssrc, kind, codec, clockRate, payloadType, role, classroomId, null, null);
  }

  CapturedTrack addedAt(Instant at) {
    return new CapturedTrack(trackId, ssrc, kind, codec, clockRate, payloadType, role, classroomId, at, null);
  }

  CapturedTrack removedAt(Instant at) {
    return new CapturedTrack(trackId, ssrc, kind, codec, clockRate, payloadType, role, classroomId, addedAt, at);
  }
}
