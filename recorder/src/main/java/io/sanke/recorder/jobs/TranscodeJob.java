package io.sanke.recorder.jobs;

import io.sanke.recorder.api.Recording;
import io.sanke.recorder.api.RecordingMetadata;
import io.sanke.recorder.api.RecordingState;
import io.sanke.recorder.api.Rendition;
import io.sanke.recorder.catalog.Catalog;
import io.sanke.recorder.repository.Keys;
import io.sanke.recorder.repository.S3Repository;
import io.sanke.recorder.repository.UploadListener;
import io.sanke.scheduler.api.RecordingEvent;
import io.sanke.recorder.review.RecordingEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.DoubleConsumer;
import java.util.stream.Stream;

/**
 * The {@code transcode} job: downloads a recording's raw capture from the repository
 * into a fresh work directory, runs the {@link Transcoder}, uploads the output under
 * {@code recordings/{id}/media/} (objects already there are not sent again), writes
 * {@code metadata.json} beside it, and moves the recording to PENDING_REVIEW. Every
 * step can be repeated, so a try that dies anywhere is simply run again. Does not
 * decide retries (the {@link JobWorker} does).
 */
public final class TranscodeJob implements JobHandler {
    private static final Logger LOG = LoggerFactory.getLogger(TranscodeJob.class);

    private final Catalog catalog;
    private final S3Repository repository;
    private final Transcoder transcoder;
    private final Path workRoot;

    public TranscodeJob(Catalog catalog, S3Repository repository, Transcoder transcoder, Path workRoot) {
        this.catalog = catalog;
        this.repository = repository;
        this.transcoder = transcoder;
        this.workRoot = workRoot;
    }

    @Override
    public void run(Job job, DoubleConsumer progress) throws Exception {
        String id = job.recordingId();
        Recording r = catalog.get(id).await();
        if (r == null) {
            LOG.warn("transcode: recording vanished, nothing to do [id:{}]", id);
            return;
        }
        if (r.state() != RecordingState.RECORDED && r.state() != RecordingState.PROCESSING) {
            LOG.info("transcode: recording already {} [id:{}]", r.state(), id);
            return;
        }
        catalog.update(id, x -> x.state() == RecordingState.RECORDED
                ? x.withState(RecordingState.PROCESSING, null, catalog.now()) : x, (b, a) -> List.of()).await();
        Path work = workRoot.resolve(Keys.checked(job.id()));
        deleteTree(work);
        Path raw = Files.createDirectories(work.resolve("raw"));
        Path out = work.resolve("out");
        try {
            if (repository.downloadTree(Keys.raw(id), raw).isEmpty()) {
                throw new IllegalStateException("no captured media in the repository [id:" + id + "]");
            }
            progress.accept(0.05);
            Transcoder.Result t = transcoder.transcode(raw, out, p -> progress.accept(0.05 + 0.8 * p));
            long total = sizeOf(out);
            long[] sent = {0};
            String prefix = Keys.media(id);
            repository.uploadTree(prefix, out, new UploadListener() {
                @Override
                public void uploaded(String key, long bytes) {
                    sent[0] += bytes;
                    progress.accept(0.85 + 0.14 * sent[0] / Math.max(1, total));
                }
            });
            List<Rendition> ladder = t.renditions().stream().map(o -> new Rendition(o.name(), o.width(), o.height(),
                    o.bandwidth(), prefix + o.playlist())).toList();
            RecordingMetadata m = r.metadata().transcoded(t.duration(), ladder, prefix + t.master(),
                    t.mp4() == null ? null : prefix + t.mp4(), t.poster() == null ? null : prefix + t.poster());
            repository.putString(Keys.metadata(id), io.sanke.recorder.catalog.RecorderJson.write(
                    new MetadataFile(id, r.sessionId(), m)), "application/json");
            catalog.update(id, x -> x.withMetadata(m, catalog.now())
                            .withState(RecordingState.PENDING_REVIEW, null, catalog.now()),
                    (before, after) -> List.of(
                            Catalog.auditOp(catalog.audit("system", "system", "recording.transcoded", id,
                                    before.state(), after.state(), null)),
                            RecordingEvents.of(RecordingEvent.Type.COMPLETED, after, catalog.now()))).await();
            progress.accept(1.0);
        } finally {
            deleteTree(work);
        }
    }

    /** The JSON stored beside the media as {@code metadata.json}. */
    public record MetadataFile(String id, String sessionId, RecordingMetadata metadata) {
    }

    private static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
