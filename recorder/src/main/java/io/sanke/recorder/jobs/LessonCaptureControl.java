package io.sanke.recorder.jobs;

import io.sanke.recorder.api.Gap;
import io.sanke.recorder.capture.CaptureConfig;
import io.sanke.recorder.capture.CaptureManifest;
import io.sanke.recorder.capture.LessonCapture;
import io.sanke.scheduler.api.LessonEvent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The production {@link CaptureControl}: one {@link LessonCapture} (plain-RTP sink
 * writing durable segments) per recording under {@code <root>/<recordingId>}. Whoever
 * connects the lesson's media (the media server's plain-RTP egress, set up with the
 * lesson's router) finds the capture's port and adds its tracks through
 * {@link #capture(String)}. A capture that received nothing answers no directory, and
 * the recording then ends FAILED "nothing was captured". Stopping again after a stop
 * whose upload failed answers the same directory (it is deleted only once uploaded).
 * Does not talk to the SFU.
 */
public final class LessonCaptureControl implements CaptureControl {
    private final Path root;
    private final CaptureConfig config;
    private final Clock clock;
    private final Map<String, LessonCapture> open = new ConcurrentHashMap<>();

    public LessonCaptureControl(Path root, CaptureConfig config, Clock clock) {
        this.root = root;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public void start(String recordingId, LessonEvent lesson) {
        open.computeIfAbsent(recordingId, id -> LessonCapture.open(root.resolve(id), id, config, clock));
    }

    /** The open capture of a recording (its UDP address, to add tracks), or null. */
    public LessonCapture capture(String recordingId) {
        return open.get(recordingId);
    }

    @Override
    public Captured stop(String recordingId) {
        LessonCapture c = open.remove(recordingId);
        Path dir = root.resolve(recordingId);
        if (c != null) {
            c.close();
        } else if (!Files.exists(dir.resolve(CaptureManifest.FILE))) {
            return new Captured(null, List.of());
        } // else: closed by an earlier stop whose upload failed; its directory is still here
        CaptureManifest m = CaptureManifest.read(dir);
        List<Gap> gaps = m.gaps().stream().map(g -> new Gap(Duration.between(m.startedAt(), g.from()),
                Duration.between(g.from(), g.to()))).toList();
        return new Captured(m.segments().isEmpty() ? null : dir, gaps);
    }
}
