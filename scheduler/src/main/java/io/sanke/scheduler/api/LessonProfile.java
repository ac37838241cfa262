package io.sanke.scheduler.api;

/**
 * The media profile a lesson is delivered with, and the link it needs. A listening
 * classroom must declare at least {@link #downlinkKbps()} of downlink and the master
 * classroom at least {@link #uplinkKbps()} of uplink.
 */
public enum LessonProfile {
    /** Teacher camera 360p + voice: for the poorest rural links. */
    LOW(400, 600),
    /** Teacher camera 720p + courseware + voice. */
    STANDARD(1_200, 2_000),
    /** Teacher camera 1080p + courseware + voice. */
    HIGH(2_500, 4_000);

    private final int downlinkKbps;
    private final int uplinkKbps;

    LessonProfile(int downlinkKbps, int uplinkKbps) {
        this.downlinkKbps = downlinkKbps;
        this.uplinkKbps = uplinkKbps;
    }

    /** Downlink a listening classroom needs to receive the lesson, in kbit/s. */
    public int downlinkKbps() {
        return downlinkKbps;
    }

    /** Uplink the master classroom needs to send the lesson, in kbit/s. */
    public int uplinkKbps() {
        return uplinkKbps;
    }
}
