package io.sanke.recorder.api;

/**
 * Where a recording's live media comes from: whoever knows which SFU router holds a
 * lesson (signaling, composed in infra) connects that router's plain-RTP egress to a
 * capture and keeps it following the lesson. The recorder calls {@link #attach} when a
 * recording of a live lesson starts and closes the answer when it stops; it never
 * imports signaling or the SFU.
 */
public interface LiveMediaSource {

    /**
     * Starts sending the lesson's tracks to {@code target}: every producer present now
     * and every one published later gets an SFU consumer and a {@link TrackListener#trackAdded};
     * a closed producer ends its track; floor changes are told too. Returns at once; the
     * work happens on the source's own thread, and {@code listener} is called from it,
     * one call at a time. A lesson whose room has no SFU router yet (nobody joined) is
     * attached as soon as one appears.
     *
     * @return closing it removes the SFU's plain transport (and so every consumer) and
     *         tells the listener nothing more; blocking, idempotent
     */
    Attachment attach(String sessionId, CaptureTarget target, TrackListener listener);

    /** A live connection between a lesson's router and a capture. */
    interface Attachment extends AutoCloseable {
        @Override
        void close();
    }

    /** A source that sends nothing (recorder without a live SFU, tests of the library side). */
    LiveMediaSource NONE = (sessionId, target, listener) -> () -> { };
}
