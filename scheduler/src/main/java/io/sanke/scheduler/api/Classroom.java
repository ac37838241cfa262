package io.sanke.scheduler.api;

/**
 * A classroom and its declared network link.
 *
 * @param recordingCapable true for a recorded classroom (录播教室)
 * @param uplinkKbps       declared uplink in kbit/s
 * @param downlinkKbps     declared downlink in kbit/s
 */
public record Classroom(String id, String schoolId, String name, ClassroomKind kind,
                        boolean recordingCapable, int uplinkKbps, int downlinkKbps) {
}
