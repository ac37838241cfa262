package io.sanke.recorder.jobs;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.DoubleConsumer;

/**
 * Turns captured segments into the library's media, in a local directory: an HLS
 * master playlist with its rendition ladder, optional MP4s, a poster. Blocking; runs
 * inside a transcode job. The JavaCV implementation lives in {@code io.sanke.recorder.transcode}.
 */
public interface Transcoder {

    /**
     * @param inputs    captured segments in capture order
     * @param outputDir empty directory to write into; every file in it is uploaded under
     *                  {@code recordings/{id}/media/}
     * @param progress  called with 0..1
     */
    Result transcode(List<Path> inputs, Path outputDir, DoubleConsumer progress) throws IOException;

    /**
     * Paths are relative to the output directory, with {@code /}.
     *
     * @param master HLS master playlist, e.g. {@code master.m3u8}
     * @param poster poster image, or null
     */
    record Result(Duration duration, String master, List<Output> renditions, String poster) {
        public Result {
            renditions = List.copyOf(renditions);
        }
    }

    /** One rendition: its media playlist and (optional) MP4, relative to the output directory. */
    record Output(String name, int width, int height, long bandwidth, String playlist, String mp4) {
    }
}
