package io.sanke.recorder.transcode;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/**
 * The encoders and muxers of one transcoding: {@code lesson.mp4} (H.264 + AAC, fast
 * start) and one HLS media playlist per rendition. A rendition of the canvas size and
 * the MP4's bitrates is not encoded twice: it is remuxed from the MP4 at the end. Each
 * smaller rendition scales the canvas itself (swscale, bilinear) and encodes. Writes
 * the master playlist from the sizes and durations actually written.
 *
 * <p>Each output encodes on its own thread: {@link #submit} copies the composite and its
 * audio into a pooled slot and queues it to every output, so compositing the next
 * picture overlaps with encoding (the FFmpeg command line does the same with its
 * per-output threads). A failure of an output is rethrown on the next submit or at finish.
 */
final class Encoders implements AutoCloseable {
  private final TranscodeSettings s;
  private final Path out;
  private final FFmpegFrameRecorder mp4;
  private final Map<Rendition, FFmpegFrameRecorder> encoded = new LinkedHashMap<>();
  private final List<Rendition> remuxed = new ArrayList<>();
  private final List<Output> outputs = new ArrayList<>();
  private final BlockingQueue<Slot> pool;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  Encoders(TranscodeSettings s, Path out) {
    this.s = s;
    this.out = out;
    try {
      mp4 = recorder(out.resolve("lesson.mp4"), s.width(), s.height(), s.mp4VideoKbps(), s.audioKbps(), "mp4");
      mp4.setOption("movflags", "+faststart");
      for (Rendition r : s.renditions()) {
        Path dir = out.resolve("hls").resolve(r.name());
        Files.createDirectories(dir);
        if (r.width() == s.width() && r.height() == s.height() && r.videoKbps() == s.mp4VideoKbps()
            && r.audioKbps() == s.audioKbps()) {
          remuxed.add(r);
        } else {
          FFmpegFrameRecorder rec = recorder(dir.resolve("index.m3u8"), r.width(), r.height(), r.videoKbps(),
              r.audioKbps(), "hls");
          hlsOptions(rec, dir);
          encoded.put(r, rec);
        }
      }
      mp4.start();
      for (FFmpegFrameRecorder rec : encoded.values()) {
        rec.start();
      }
      int samplesPerFrame = AudioMixer.RATE / s.fps() + 2;
      pool = new ArrayBlockingQueue<>(SLOTS);
      for (int i = 0; i < SLOTS; i++) {
        pool.add(new Slot((long) s.width() * s.height() * 3 / 2, samplesPerFrame * AudioMixer.CHANNELS));
      }
      outputs.add(new Output("mp4", mp4));
      encoded.forEach((r, rec) -> outputs.add(new Output(r.name(), rec)));
      outputs.forEach(o -> o.thread.start());
    } catch (IOException e) {
      close();
      throw new TranscodeException(TranscodeException.CODEC, e, "encoders not started [dir:%s]", out);
    }
  }

  private static final int SLOTS = 6;
  private static final Slot END = new Slot(1, 2);

  /** One composite picture and its audio, shared by the outputs until all have encoded it. */
  private static final class Slot {
    final BytePointer picture;
    final ByteBuffer pictureView;
    final FloatBuffer samples;
    final AtomicInteger pending = new AtomicInteger();
    int count;

    Slot(long pictureBytes, int floats) {
      picture = new BytePointer(pictureBytes);
      pictureView = picture.asByteBuffer();
      samples = ByteBuffer.allocateDirect(floats * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
  }

  /** One muxer fed by its own thread. */
  private final class Output implements Runnable {
    final String name;
    final FFmpegFrameRecorder recorder;
    final BlockingQueue<Slot> queue = new ArrayBlockingQueue<>(SLOTS + 1);
    final Thread thread;

    Output(String name, FFmpegFrameRecorder recorder) {
      this.name = name;
      this.recorder = recorder;
      this.thread = Thread.ofPlatform().name("encode-" + name).daemon(true).unstarted(this);
    }

    @Override
    public void run() {
      try {
        for (Slot slot = queue.take(); slot != END; slot = queue.take()) {
          try {
            if (failure.get() == null) {
              slot.pictureView.clear();
              recorder.recordImage(s.width(), s.height(), Frame.DEPTH_UBYTE, 1, s.width(), AV_PIX_FMT_YUV420P,
                  slot.pictureView);
              FloatBuffer audio = slot.samples.duplicate();
              audio.position(0).limit(slot.count * AudioMixer.CHANNELS);
              recorder.recordSamples(AudioMixer.RATE, AudioMixer.CHANNELS, audio);
            }
          } finally {
            if (slot.pending.decrementAndGet() == 0) {
              pool.add(slot);
            }
          }
        }
      } catch (Throwable e) {
        failure.compareAndSet(null, new TranscodeException(TranscodeException.CODEC, e, "not encoded [output:%s]", name));
      }
    }
  }

  private FFmpegFrameRecorder recorder(Path file, int w, int h, int videoKbps, int audioKbps, String format) {
    FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toString(), w, h, AudioMixer.CHANNELS);
    r.setFormat(format);
    r.setVideoCodecName(s.videoEncoder());
    r.setPixelFormat(AV_PIX_FMT_YUV420P);
    r.setFrameRate(s.fps());
    int gop = (int) Math.max(1, s.keyframeInterval().toMillis() * s.fps() / 1000);
    r.setGopSize(gop);
    r.setVideoBitrate(videoKbps * 1000);
    r.setVideoOption("keyint_min", Integer.toString(gop));
    r.setVideoOption("sc_threshold", "0");
    r.setVideoOption("threads", s.threads() == 0 ? "auto" : Integer.toString(s.threads()));
    if (s.videoEncoder().equals("libx264")) {
      r.setVideoOption("preset", s.preset());
      r.setVideoOption("profile", "high");
      r.setVideoOption("level", "3.1");
    }
    r.setAudioCodecName("aac");
    r.setSampleRate(AudioMixer.RATE);
    r.setAudioChannels(AudioMixer.CHANNELS);
    r.setAudioBitrate(audioKbps * 1000);
    return r;
  }

  private void hlsOptions(FFmpegFrameRecorder r, Path dir) {
    r.setOption("hls_time", Long.toString(Math.max(1, s.hlsSegment().toSeconds())));
    r.setOption("hls_playlist_type", "vod");
    r.setOption("hls_flags", "independent_segments");
    r.setOption("hls_segment_filename", dir.resolve("seg_%05d.ts").toString());
  }

  /** Queues one composite picture and its {@code n} interleaved stereo sample frames to every output. */
  void submit(Canvas canvas, float[] interleaved, int n) {
    rethrow();
    Slot slot;
    try {
      slot = pool.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TranscodeException(TranscodeException.CANCELLED, "interrupted while encoding [dir:%s]", out);
    }
    Pointer.memcpy(slot.picture, canvas.pointer(), slot.picture.capacity());
    slot.samples.clear();
    slot.samples.put(interleaved, 0, n * AudioMixer.CHANNELS);
    slot.count = n;
    slot.pending.set(outputs.size());
    for (Output o : outputs) {
      o.queue.add(slot);
    }
  }

  private void rethrow() {
    Throwable t = failure.get();
    if (t instanceof TranscodeException te) {
      throw te;
    }
    if (t != null) {
      throw new TranscodeException(TranscodeException.CODEC, t, "encoding failed [dir:%s]", out);
    }
  }

  private void drain() {
    for (Output o : outputs) {
      o.queue.add(END);
    }
    for (Output o : outputs) {
      try {
        o.thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TranscodeException(TranscodeException.CANCELLED, "interrupted while finishing [dir:%s]", out);
      }
    }
    outputs.clear();
    rethrow();
  }

  /** Flushes the encoders, remuxes the MP4 into the HLS renditions that share its encoding, writes the master playlist. */
  Path finish() {
    drain();
    try {
      mp4.stop();
      mp4.release();
      for (FFmpegFrameRecorder r : encoded.values()) {
        r.stop();
        r.release();
      }
      for (Rendition r : remuxed) {
        remux(out.resolve("lesson.mp4"), out.resolve("hls").resolve(r.name()));
      }
      return writeMaster();
    } catch (IOException e) {
      throw new TranscodeException(TranscodeException.IO, e, "outputs not finished [dir:%s]", out);
    }
  }

  private void remux(Path mp4File, Path dir) throws IOException {
    try (FFmpegFrameGrabber in = new FFmpegFrameGrabber(mp4File.toFile())) {
      in.start();
      FFmpegFrameRecorder hls = new FFmpegFrameRecorder(dir.resolve("index.m3u8").toString(), in.getImageWidth(),
          in.getImageHeight(), in.getAudioChannels());
      hls.setFormat("hls");
      hlsOptions(hls, dir);
      hls.start(in.getFormatContext());
      AVPacket p;
      while ((p = in.grabPacket()) != null) {
        hls.recordPacket(p);
      }
      hls.stop();
      hls.release();
      in.stop();
    }
  }

  private Path writeMaster() throws IOException {
    StringBuilder m = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n");
    String codecs = s.videoEncoder().equals("libx264") ? "avc1.64001f,mp4a.40.2" : "avc1.42e01f,mp4a.40.2";
    for (Rendition r : s.renditions()) {
      Path dir = out.resolve("hls").resolve(r.name());
      long[] bw = bandwidth(dir);
      m.append(String.format(java.util.Locale.ROOT,
          "#EXT-X-STREAM-INF:BANDWIDTH=%d,AVERAGE-BANDWIDTH=%d,RESOLUTION=%dx%d,FRAME-RATE=%d.000,CODECS=\"%s\"\n%s/index.m3u8\n",
          bw[0], bw[1], r.width(), r.height(), s.fps(), codecs, r.name()));
    }
    Path master = out.resolve("hls").resolve("master.m3u8");
    Files.writeString(master, m.toString());
    return master;
  }

  /** {peak, average} bits per second of a media playlist's segments. */
  static long[] bandwidth(Path dir) throws IOException {
    List<String> lines = Files.readAllLines(dir.resolve("index.m3u8"));
    double seconds = 0;
    long bytes = 0;
    double peak = 0;
    double pending = 0;
    for (String line : lines) {
      if (line.startsWith("#EXTINF:")) {
        pending = Double.parseDouble(line.substring(8, line.indexOf(',') < 0 ? line.length() : line.indexOf(',')));
      } else if (!line.isBlank() && !line.startsWith("#")) {
        long size = Files.size(dir.resolve(line.trim()));
        bytes += size;
        seconds += pending;
        if (pending > 0.5) {
          peak = Math.max(peak, size * 8 / pending);
        }
      }
    }
    long avg = seconds > 0 ? Math.round(bytes * 8 / seconds) : 0;
    return new long[] {Math.max(Math.round(peak), avg), avg};
  }

  @Override
  public void close() {
    failure.compareAndSet(null, new TranscodeException(TranscodeException.CANCELLED, "closed"));
    for (Output o : outputs) {
      o.queue.clear();
      o.queue.add(END);
    }
    for (Output o : outputs) {
      try {
        o.thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    outputs.clear();
    if (pool != null) {
      pool.forEach(slot -> slot.picture.close());
    }
    for (FFmpegFrameRecorder r : encoded.values()) {
      try {
        r.release();
      } catch (FrameRecorder.Exception ignored) {
        // already failing
      }
    }
    if (mp4 != null) {
      try {
        mp4.release();
      } catch (FrameRecorder.Exception ignored) {
        // already failing
      }
    }
  }
}
