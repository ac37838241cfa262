package io.sanke.recorder.jobs;

import io.sanke.recorder.api.CaptureTarget;
import io.sanke.recorder.api.Gap;
import io.sanke.recorder.api.LiveMediaSource;
import io.sanke.recorder.api.LiveTrack;
import io.sanke.recorder.api.TrackListener;
import io.sanke.recorder.capture.CaptureConfig;
import io.sanke.recorder.capture.CaptureException;
import io.sanke.recorder.capture.CaptureManifest;
import io.sanke.recorder.capture.CapturedTrack;
import io.sanke.recorder.capture.LessonCapture;
import io.sanke.recorder.capture.TrackKind;
import io.sanke.recorder.capture.TrackRole;
import io.sanke.scheduler.api.LessonEvent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link CaptureControl}: one {@link LessonCapture} (plain-RTP sink
 * writing durable segments) per recording under {@code <root>/<recordingId>}. The
 * lesson's media is connected by the {@link LiveMediaSource} (in sanke-server: the
 * lesson's SFU router, found through signaling): attached when the capture opens, it
 * adds and ends tracks and records floor changes as the lesson goes, and is detached
 * (its plain transport closed) before the capture closes. A caller may also add tracks
 * by hand through {@link #capture(String)}. A capture that received nothing answers no directory, and
 * the recording then ends FAILED "nothing was captured". Stopping again after a stop
 * whose upload failed answers the same directory (it is deleted only once uploaded).
 * Does not talk to the SFU.
 */
public final class LessonCaptureControl implements CaptureControl {
    private static final Logger LOG = LoggerFactory.getLogger(LessonCaptureControl.class);

    private final Path root;
    private final CaptureConfig config;
    private final Clock clock;
    private final LiveMediaSource source;
    private final Map<String, LessonCapture> open = new ConcurrentHashMap<>();
    private final Map<String, LiveMediaSource.Attachment> attached = new ConcurrentHashMap<>();

    /** A capture control whose tracks are added by hand ({@link #capture(String)}). */
    public LessonCaptureControl(Path root, CaptureConfig config, Clock clock) {
        this(root, config, clock, LiveMediaSource.NONE);
    }

    public LessonCaptureControl(Path root, CaptureConfig config, Clock clock, LiveMediaSource source) {
        this.root = root;
        this.config = config;
        this.clock = clock;
        this.source = source;
    }

    @Override
    public void start(String recordingId, LessonEvent lesson) {
        LessonCapture capture = open.computeIfAbsent(recordingId, id -> LessonCapture.open(root.resolve(id), id, config, clock));
        attached.computeIfAbsent(recordingId, id -> source.attach(lesson.sessionId(),
                new CaptureTarget(capture.address().getAddress().isAnyLocalAddress() ? "127.0.0.1"
                        : capture.address().getAddress().getHostAddress(), capture.port(), capture.ports().size()),
                new Tracks(capture)));
    }

    /** The open capture of a recording (its UDP address, to add tracks), or null. */
    public LessonCapture capture(String recordingId) {
        return open.get(recordingId);
    }

    @Override
    public Captured stop(String recordingId) {
        LiveMediaSource.Attachment a = attached.remove(recordingId);
        if (a != null) {
            a.close(); // no more packets nor tracks: the SFU's plain transport is gone
        }
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

    /** Tells a capture what its live source learns; a refusal is logged, never thrown back at the source. */
    private record Tracks(LessonCapture capture) implements TrackListener {
        @Override
        public void trackAdded(LiveTrack t) {
            run("add track " + t.trackId(), () -> capture.addTrack(CapturedTrack.of(t.trackId(), t.ssrc(),
                    TrackKind.valueOf(t.kind().name()), t.codec(), t.clockRate(), t.payloadType(),
                    TrackRole.valueOf(t.role().name()), t.classroomId())));
        }

        @Override
        public void trackRemoved(String trackId) {
            run("remove track " + trackId, () -> capture.removeTrack(trackId));
        }

        @Override
        public void onStage(String classroomId) {
            run("on stage " + classroomId, () -> capture.onStage(classroomId));
        }

        @Override
        public void offStage(String classroomId) {
            run("off stage " + classroomId, () -> capture.offStage(classroomId));
        }

        private void run(String what, Runnable r) {
            try {
                r.run();
            } catch (CaptureException e) {
                LOG.warn("capture refused to {} [recording:{}]: {}", what, capture.recordingId(), e.getMessage());
            }
        }
    }
}
