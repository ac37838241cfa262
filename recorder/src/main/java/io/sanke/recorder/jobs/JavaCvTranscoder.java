package io.sanke.recorder.jobs;

import io.sanke.recorder.transcode.LessonTranscoder;
import io.sanke.recorder.transcode.Rendition;
import io.sanke.recorder.transcode.TranscodeOutput;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;

/**
 * The production {@link Transcoder}: the JavaCV {@link LessonTranscoder} (composite,
 * H.264/AAC MP4, HLS ladder, poster, thumbnails), its output described for the catalog.
 * Does no work of its own.
 */
public final class JavaCvTranscoder implements Transcoder {
    private final LessonTranscoder transcoder;

    public JavaCvTranscoder(LessonTranscoder transcoder) {
        this.transcoder = transcoder;
    }

    @Override
    public Result transcode(Path captureDir, Path outputDir, DoubleConsumer progress) {
        TranscodeOutput out = transcoder.transcode(captureDir, outputDir, p -> progress.accept(p.percent() / 100.0));
        Path root = out.directory();
        Map<String, Rendition> ladder = new java.util.HashMap<>();
        transcoder.settings().renditions().forEach(r -> ladder.put(r.name(), r));
        List<Output> renditions = new ArrayList<>();
        out.renditions().forEach((name, playlist) -> {
            Rendition r = ladder.get(name);
            long bandwidth = r == null ? 0 : (r.videoKbps() + r.audioKbps()) * 1100L;
            renditions.add(new Output(name, r == null ? 0 : r.width(), r == null ? 0 : r.height(), bandwidth,
                    rel(root, playlist)));
        });
        return new Result(out.duration(), rel(root, out.masterPlaylist()), renditions,
                out.mp4() == null ? null : rel(root, out.mp4()), out.poster() == null ? null : rel(root, out.poster()));
    }

    private static String rel(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }
}
