package io.sanke.recorder.capture;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Makes the media of a synthetic participant with FFmpeg's generators: a WebM file with
 * VP8 video (a lavfi source such as {@code testsrc2} or {@code color=c=red}) and an
 * Opus tone, encoded the way a WebRTC sender would (libvpx realtime). For tests,
 * benchmarks and demos; feed the files to {@link RecordingImporter}.
 */
public final class SyntheticLesson {
  private SyntheticLesson() {}

  /**
   * Writes {@code file}.
   *
   * @param videoSource a lavfi video source with its own options, e.g. {@code "testsrc2"} or {@code "color=c=blue"}
   * @param toneHz      frequency of the participant's tone (0 for silence)
   */
  public static Path participant(Path file, String videoSource, int width, int height, int fps, double toneHz,
      Duration duration, int videoKbps) {
    double seconds = duration.toMillis() / 1000.0;
    String sep = videoSource.contains("=") ? ":" : "=";
    String graph = String.format(Locale.ROOT,
        "%s%ssize=%dx%d:rate=%d:duration=%.3f[out0];%s[out1]", videoSource, sep, width, height, fps, seconds,
        toneHz > 0
            ? String.format(Locale.ROOT, "sine=frequency=%.1f:sample_rate=48000:duration=%.3f,volume=0.3", toneHz, seconds)
            : String.format(Locale.ROOT, "anullsrc=r=48000:cl=mono,atrim=duration=%.3f", seconds));
    try (FFmpegFrameGrabber in = new FFmpegFrameGrabber(graph)) {
      in.setFormat("lavfi");
      in.start();
      try (FFmpegFrameRecorder out = new FFmpegFrameRecorder(file.toFile(), width, height, 1)) {
        out.setFormat("webm");
        out.setVideoCodecName("libvpx");
        out.setFrameRate(fps);
        out.setGopSize(fps * 3);
        out.setVideoBitrate(videoKbps * 1000);
        out.setVideoOption("deadline", "realtime");
        out.setVideoOption("cpu-used", "8");
        out.setAudioCodecName("libopus");
        out.setSampleRate(48_000);
        // mono like most WebRTC senders; JavaCV 1.5.13 garbles mono→stereo conversion in the recorder
        out.setAudioChannels(1);
        out.setAudioBitrate(32_000);
        out.start();
        Frame f;
        while ((f = in.grab()) != null) {
          out.record(f);
        }
        out.stop();
      }
      in.stop();
    } catch (FrameGrabber.Exception | FrameRecorder.Exception e) {
      throw new CaptureException(CaptureException.IO, e, "synthetic media not written [file:%s]", file);
    }
    return file;
  }
}
