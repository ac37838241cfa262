package io.sanke.recorder.jobs;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.DoubleConsumer;

/**
 * Turns a captured lesson (a capture directory, as the capture wrote it and the
 * repository keeps it under {@code recordings/{id}/raw/}) into the library's media in a
 * local directory: an HLS master playlist with its rendition ladder, an MP4, a poster.
 * Blocking; runs inside a transcode job. {@link JavaCvTranscoder} adapts the JavaCV
 * {@code LessonTranscoder} of {@code io.sanke.recorder.transcode}.
 */
public interface Transcoder {

    /**
     * @param captureDir the captured lesson
     * @param outputDir  directory to write into (absent or empty); every file in it is
     *                   uploaded under {@code recordings/{id}/media/}
     * @param progress   called with 0..1
     */
    Result transcode(Path captureDir, Path outputDir, DoubleConsumer progress) throws IOException;

    /**
     * Paths are relative to the output directory, with {@code /}.
     *
     * @param master HLS master playlist, e.g. {@code hls/master.m3u8}
     * @param mp4    the progressive MP4, or null
     * @param poster poster image, or null
     */
    record Result(Duration duration, String master, List<Output> renditions, String mp4, String poster) {
        public Result {
            renditions = List.copyOf(renditions);
        }
    }

    /** One rendition and its media playlist, relative to the output directory. */
    record Output(String name, int width, int height, long bandwidth, String playlist) {
    }
}
