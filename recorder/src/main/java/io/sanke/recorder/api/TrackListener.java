package io.sanke.recorder.api;

/**
 * What a capture learns about a live lesson from its {@link LiveMediaSource}: tracks as
 * they come and go, and which classroom holds the floor (is on stage).
 */
public interface TrackListener {

    void trackAdded(LiveTrack track);

    void trackRemoved(String trackId);

    void onStage(String classroomId);

    void offStage(String classroomId);
}
