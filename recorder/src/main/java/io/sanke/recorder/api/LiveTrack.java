package io.sanke.recorder.api;

/**
 * One track of a live lesson as the SFU's plain egress sends it to a capture.
 *
 * @param trackId     stable name in the manifest, e.g. {@code teacher-1/camera}
 * @param ssrc        the SSRC of the plain consumer (how the capture tells tracks apart)
 * @param codec       {@code VP8}, {@code H264} or {@code opus}
 * @param payloadType the payload type the egress uses, or -1 when the source cannot tell
 * @param classroomId the classroom of a {@link Role#CLASSROOM} track, else null
 */
public record LiveTrack(String trackId, long ssrc, Kind kind, String codec, int payloadType, int clockRate,
                        Role role, String classroomId) {

    public enum Kind { AUDIO, VIDEO }

    /** What the track shows: the teacher, the shared courseware (screen), or a classroom. */
    public enum Role { TEACHER, COURSEWARE, CLASSROOM }

    public LiveTrack {
        if (trackId == null || trackId.isBlank() || kind == null || role == null || codec == null || clockRate <= 0) {
            throw RecorderException.invalid("bad live track [track:" + trackId + "]");
        }
        if (role == Role.CLASSROOM && (classroomId == null || classroomId.isBlank())) {
            throw RecorderException.invalid("classroom track without classroom id [track:" + trackId + "]");
        }
    }
}
