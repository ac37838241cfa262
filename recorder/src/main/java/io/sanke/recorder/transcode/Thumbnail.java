package io.sanke.recorder.transcode;

import java.nio.file.Path;
import java.time.Duration;

/** A timeline thumbnail: a small JPEG of the composite at {@code at} from the start. */
public record Thumbnail(Duration at, Path file) {}
