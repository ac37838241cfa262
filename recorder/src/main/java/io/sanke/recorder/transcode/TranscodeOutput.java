package io.sanke.recorder.transcode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.io.IOException;
import java.nio.file.Files;

/**
 * What a transcoding wrote, all under {@link #directory()}:
 * <pre>
 *   lesson.mp4                 H.264 + AAC, moov first (fast start)
 *   hls/master.m3u8            lists the renditions
 *   hls/&lt;name&gt;/index.m3u8     one media playlist per rendition, with seg_NNNNN.ts
 *   poster.jpg                 a frame from the first minute
 *   thumbs/thumb_NNNNN.jpg     timeline thumbnails, every thumbnail-interval
 *   timeline.json              thumbnail times, gaps, duration
 * </pre>
 *
 * @param renditions rendition name → its media playlist, in ladder order
 * @param duration   duration of the lesson video (gaps included, shown as a still)
 */
public record TranscodeOutput(Path directory, Path mp4, Path masterPlaylist, Map<String, Path> renditions, Path poster,
    List<Thumbnail> thumbnails, Path timeline, Duration duration) {

  /** Every file written, for upload (relative keys are {@code directory().relativize(file)}). */
  public List<Path> files() {
    try (Stream<Path> s = Files.walk(directory)) {
      return new ArrayList<>(s.filter(Files::isRegularFile).sorted().toList());
    } catch (IOException e) {
      throw new TranscodeException(TranscodeException.IO, e, "output not listable [dir:%s]", directory);
    }
  }
}
