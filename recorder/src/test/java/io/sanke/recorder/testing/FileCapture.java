package io.sanke.recorder.testing;

import io.sanke.recorder.api.Gap;
import io.sanke.recorder.jobs.CaptureControl;
import io.sanke.scheduler.api.LessonEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for the plain-RTP capture in tests of the library side: "captures" a
 * prepared clip or capture directory into a fresh directory per recording, remembering
 * which lessons it was asked to record.
 */
public final class FileCapture implements CaptureControl {
    private final Path source;
    public final Map<String, String> started = new ConcurrentHashMap<>();

    /** @param source a clip file, or a capture directory (copied whole) */
    public FileCapture(Path source) {
        this.source = source;
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
        try {
            Path dir = Files.createTempDirectory("sanke-capture-");
            if (Files.isDirectory(source)) {
                try (var files = Files.walk(source)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        Path target = dir.resolve(source.relativize(f).toString());
                        Files.createDirectories(target.getParent());
                        Files.copy(f, target);
                    }
                }
            } else {
                Files.copy(source, dir.resolve(source.getFileName()));
            }
            return new Captured(dir, List.<Gap>of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
