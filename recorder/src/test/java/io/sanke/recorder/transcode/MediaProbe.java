package io.sanke.recorder.transcode;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/** Opens output files with FFmpeg (JavaCV) and looks at what is in them, for assertions. */
final class MediaProbe {
  private MediaProbe() {}

  record Info(double seconds, String videoCodec, String audioCodec, int width, int height) {}

  static Info info(Path file) throws Exception {
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
      g.start();
      double seconds = g.getLengthInTime() / 1e6;
      if (seconds <= 0 || file.toString().endsWith(".m3u8")) {
        // count decoded video time when the container does not say
        long last = 0;
        Frame f;
        while ((f = g.grabImage()) != null) {
          last = f.timestamp;
        }
        seconds = Math.max(seconds, (last - Math.max(0, g.getFormatContext().start_time())) / 1e6 + 1.0 / g.getFrameRate());
      }
      Info i = new Info(seconds, g.getVideoCodecName(), g.getAudioCodecName(), g.getImageWidth(), g.getImageHeight());
      g.stop();
      return i;
    }
  }

  /** Mean R, G, B of a box (fractions of the picture) of the first picture at or after {@code atSeconds}. */
  static double[] meanRgb(Path file, double atSeconds, double fx, double fy, double fw, double fh) throws Exception {
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
      g.start();
      Frame f;
      Frame pick = null;
      while ((f = g.grabImage()) != null) {
        if (f.timestamp >= atSeconds * 1e6) {
          pick = f;
          break;
        }
      }
      if (pick == null) {
        throw new AssertionError("no picture at " + atSeconds + " s in " + file);
      }
      int w = pick.imageWidth;
      int h = pick.imageHeight;
      ByteBuffer b = (ByteBuffer) pick.image[0];
      int stride = pick.imageStride;
      double[] sum = new double[3];
      int n = 0;
      for (int y = (int) (fy * h); y < (int) ((fy + fh) * h); y++) {
        for (int x = (int) (fx * w); x < (int) ((fx + fw) * w); x++) {
          int i = y * stride + x * 3;
          sum[2] += b.get(i) & 0xFF; // BGR
          sum[1] += b.get(i + 1) & 0xFF;
          sum[0] += b.get(i + 2) & 0xFF;
          n++;
        }
      }
      g.stop();
      return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
    }
  }

  /** Mono samples (mean of channels) of the audio between two times, at the file's rate. */
  static float[] audio(Path file, double from, double to) throws Exception {
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
      g.setSampleFormat(org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT);
      g.start();
      int channels = g.getAudioChannels();
      List<Float> out = new ArrayList<>();
      Frame f;
      while ((f = g.grabSamples()) != null) {
        double t = f.timestamp / 1e6;
        if (t < from) {
          continue;
        }
        if (t > to) {
          break;
        }
        FloatBuffer fb = (FloatBuffer) f.samples[0];
        for (int i = 0; i + channels <= fb.limit(); i += channels) {
          float s = 0;
          for (int c = 0; c < channels; c++) {
            s += fb.get(i + c);
          }
          out.add(s / channels);
        }
      }
      g.stop();
      float[] a = new float[out.size()];
      for (int i = 0; i < a.length; i++) {
        a[i] = out.get(i);
      }
      return a;
    }
  }

  /** Relative power of one frequency (Goertzel), 0..~0.5 for a full-scale tone. */
  static double tone(float[] x, double hz, int rate) {
    double w = 2 * Math.PI * hz / rate;
    double c = 2 * Math.cos(w);
    double s1 = 0;
    double s2 = 0;
    for (float v : x) {
      double s = v + c * s1 - s2;
      s2 = s1;
      s1 = s;
    }
    double power = s1 * s1 + s2 * s2 - c * s1 * s2;
    return Math.sqrt(power) / x.length;
  }

}
