package io.sanke.recorder.testing;

import io.sanke.recorder.api.Gap;
import io.sanke.recorder.jobs.CaptureControl;
import io.sanke.scheduler.api.LessonEvent;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for the plain-RTP capture in tests of the library side: "captures" a
 * prepared clip, remembering which lessons it was asked to record.
 */
public final class FileCapture implements CaptureControl {
    private final Path clip;
    public final Map<String, String> started = new ConcurrentHashMap<>();

    public FileCapture(Path clip) {
        this.clip = clip;
    }

    @Override
    public void start(String recordingId, LessonEvent lesson) {
        started.put(recordingId, lesson.sessionId());
    }

    @Override
    public Captured stop(String recordingId) {
        if (started.remove(recordingId) == null) {
            throw new IllegalStateException("not capturing [id:" + recordingId + "]");
        }
        return new Captured(List.of(clip), List.<Gap>of());
    }
}
