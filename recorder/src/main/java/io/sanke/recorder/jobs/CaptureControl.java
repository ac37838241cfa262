package io.sanke.recorder.jobs;

import io.sanke.recorder.api.Gap;
import io.sanke.scheduler.api.LessonEvent;

import java.nio.file.Path;
import java.util.List;

/**
 * Starts and stops the capture of one lesson's media to local segment files (plain
 * RTP from the media server; implemented in {@code io.sanke.recorder.capture}).
 * Blocking; called off the event loop.
 */
public interface CaptureControl {

    void start(String recordingId, LessonEvent lesson) throws Exception;

    /** Ends the capture; answers the segments written (capture order) and the gaps. */
    Captured stop(String recordingId) throws Exception;

    record Captured(List<Path> segments, List<Gap> gaps) {
        public Captured {
            segments = List.copyOf(segments);
            gaps = List.copyOf(gaps);
        }
    }
}
