package io.sanke.recorder.jobs;

import io.sanke.recorder.api.Gap;
import io.sanke.scheduler.api.LessonEvent;

import java.nio.file.Path;
import java.util.List;

/**
 * Starts and stops the capture of one lesson's media into a local capture directory
 * (plain RTP from the media server, written by {@code io.sanke.recorder.capture}).
 * Blocking; called off the event loop.
 */
public interface CaptureControl {

    void start(String recordingId, LessonEvent lesson) throws Exception;

    /** Ends the capture; answers its directory (uploaded whole to {@code raw/}) and the gaps. */
    Captured stop(String recordingId) throws Exception;

    /** @param directory the capture directory, or null when nothing was captured */
    record Captured(Path directory, List<Gap> gaps) {
        public Captured {
            gaps = List.copyOf(gaps);
        }
    }
}
