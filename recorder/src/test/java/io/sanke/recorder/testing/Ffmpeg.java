package io.sanke.recorder.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The FFmpeg command line tools (Debian package {@code ffmpeg}) for tests: make clips, probe media. Fails loudly when missing. */
public final class Ffmpeg {
    public static final Path FFMPEG = Path.of("/usr/bin/ffmpeg");
    public static final Path FFPROBE = Path.of("/usr/bin/ffprobe");

    private Ffmpeg() {
    }

    static void require() {
        if (!Files.isExecutable(FFMPEG) || !Files.isExecutable(FFPROBE)) {
            throw new IllegalStateException("tests need FFmpeg: " + FFMPEG + " or " + FFPROBE
                    + " is missing (apt-get install ffmpeg)");
        }
    }

    /** A test clip (moving test pattern, a tone) of {@code seconds}, 640x360 H.264/AAC MP4. */
    public static Path clip(Path file, int seconds) {
        require();
        run(List.of(FFMPEG.toString(), "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", Integer.toString(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-b:a", "64k", "-shortest", file.toString()));
        return file;
    }

    /** Duration in seconds of what ffprobe opens at {@code input} (file or URL). */
    public static double duration(String input) {
        require();
        String out = run(List.of(FFPROBE.toString(), "-v", "error", "-show_entries", "format=duration",
                "-of", "default=noprint_wrappers=1:nokey=1", input)).strip();
        return Double.parseDouble(out.lines().reduce((a, b) -> b).orElseThrow());
    }

    /** Width x height of the first video stream. */
    public static String size(String input) {
        return run(List.of(FFPROBE.toString(), "-v", "error", "-select_streams", "v:0", "-show_entries",
                "stream=width,height", "-of", "csv=s=x:p=0", input)).strip().lines().findFirst().orElse("").replaceAll("x$", "");
    }

    static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("command failed: " + String.join(" ", cmd) + "\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
