package io.sanke.recorder.transcode;

import static org.bytedeco.ffmpeg.global.avutil.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sanke.recorder.capture.CaptureManifest;
import io.sanke.recorder.capture.CapturedPacket;
import io.sanke.recorder.capture.CapturedPackets;
import io.sanke.recorder.capture.CapturedTrack;
import io.sanke.recorder.capture.Gap;
import io.sanke.recorder.capture.TimelineEvent;
import io.sanke.recorder.capture.TrackKind;
import io.sanke.recorder.capture.TrackRole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.FloatPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a captured lesson (a directory written by {@code LessonCapture}) into the MP4,
 * the HLS ladder, the poster and the timeline thumbnails. Blocking and CPU-heavy: run
 * it on a worker thread. It does not upload anything and does not touch Redis.
 *
 * <pre>
 *  pass 1: segments ─► RTP headers ─► MediaClock per track (RTP time → lesson time), first/last media
 *  pass 2: segments ─► Depacketizer ─► Decoder ─► pending frames ─┐
 *                                              └► AudioMixer ─────┤
 *          every 1/fps of lesson time (1 s behind the packets):   ▼
 *          Layout ─► Canvas ─► Encoders (MP4, HLS renditions) + Stills (poster, thumbnails)
 * </pre>
 */
public final class LessonTranscoder {
  private static final Logger LOG = LoggerFactory.getLogger(LessonTranscoder.class);
  /** Packets up to this much later than a picture's time are waited for before it is composed. */
  private static final long LEAD_MICROS = 1_000_000;

  private final TranscodeSettings settings;
  private final Clock clock;

  static {
    av_log_set_level(AV_LOG_ERROR); // FFmpeg's console chatter is not wanted in server logs
  }

  public LessonTranscoder(TranscodeSettings settings, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public TranscodeSettings settings() {
    return settings;
  }

  /** As {@link #transcode(Path, Path, ProgressListener, BooleanSupplier)}, never cancelled. */
  public TranscodeOutput transcode(Path captureDir, Path outputDir, ProgressListener progress) {
    return transcode(captureDir, outputDir, progress, () -> false);
  }

  /**
   * Transcodes {@code captureDir} into {@code outputDir} (created; must be absent or empty).
   * Reads only the closed segments, so it also works on a lesson still being captured
   * (it then covers the lesson so far).
   *
   * @param progress  told at each stage and once per second of lesson time (percent, ETA on the clock)
   * @param cancelled polled once per picture; when true the job stops with {@link TranscodeException#CANCELLED}
   */
  public TranscodeOutput transcode(Path captureDir, Path outputDir, ProgressListener progress,
      BooleanSupplier cancelled) {
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(cancelled, "cancelled");
    CaptureManifest manifest = CaptureManifest.read(captureDir);
    prepare(outputDir);
    return new Job(manifest, captureDir, outputDir, progress, cancelled).run();
  }

  private static void prepare(Path outputDir) {
    try {
      if (Files.exists(outputDir)) {
        try (Stream<Path> s = Files.list(outputDir)) {
          if (s.findAny().isPresent()) {
            throw new TranscodeException(TranscodeException.IO, "output directory not empty [dir:%s]", outputDir);
          }
        }
      }
      Files.createDirectories(outputDir.resolve("thumbs"));
    } catch (IOException e) {
      throw new TranscodeException(TranscodeException.IO, e, "output directory not created [dir:%s]", outputDir);
    }
  }

  static long micros(Instant at) {
    return at.getEpochSecond() * 1_000_000L + at.getNano() / 1000;
  }

  /** One track during a job. */
  private static final class Track {
    final CapturedTrack info;
    final MediaClock clock;
    final Unwrapper ts = new Unwrapper(32);
    final Unwrapper seq = new Unwrapper(16);
    Depacketizer depacketizer;
    Decoder decoder;
    long ordinal;
    long packets;
    final ArrayDeque<Pending> pending = new ArrayDeque<>();
    AVFrame shown;
    final long removedAt;

    Track(CapturedTrack info) {
      this.info = info;
      this.clock = new MediaClock(info.clockRate());
      this.removedAt = info.removedAt() == null ? Long.MAX_VALUE : micros(info.removedAt());
    }
  }

  private record Pending(long pts, AVFrame frame) {}

  /** The state of one transcoding run. */
  private final class Job {
    final CaptureManifest manifest;
    final Path captureDir;
    final Path out;
    final ProgressListener progress;
    final BooleanSupplier cancelled;
    final Map<Long, Track> bySsrc = new LinkedHashMap<>();
    final Instant startedAt = clock.instant();
    final TranscodeSettings s = settings;
    long t0;
    long frames;
    long next;
    AudioMixer mixer;
    Canvas canvas;
    Encoders encoders;
    Stills stills;
    float[] samples;
    float[] left = new float[8192];
    float[] right = new float[8192];
    long posterFrame;
    long thumbEvery;
    final List<Thumbnail> thumbnails = new ArrayList<>();
    Path poster;
    final List<TimelineEvent> stageEvents;

    Job(CaptureManifest manifest, Path captureDir, Path out, ProgressListener progress, BooleanSupplier cancelled) {
      this.manifest = manifest;
      this.captureDir = captureDir;
      this.out = out;
      this.progress = progress;
      this.cancelled = cancelled;
      for (CapturedTrack t : manifest.tracks()) {
        bySsrc.put(t.ssrc(), new Track(t)); // a reused SSRC: the later track wins
      }

      stageEvents = manifest.events().stream()
          .filter(e -> e.type() == TimelineEvent.Type.ON_STAGE || e.type() == TimelineEvent.Type.OFF_STAGE).toList();
    }

    RtpView accept(Track t, CapturedPacket p) {
      RtpView v = RtpView.parse(p.rtp());
      return v == null || (t.info.payloadType() >= 0 && v.payloadType() != t.info.payloadType()) ? null : v;
    }

    TranscodeOutput run() {
      report(TranscodeProgress.Stage.READING, 0, 0);
      learn();
      try {
        setUp();
        report(TranscodeProgress.Stage.COMPOSITING, 0, 2);
        CapturedPackets.forEach(captureDir, manifest, this::decode);
        while (next < frames) {
          emit(next++);
        }
        report(TranscodeProgress.Stage.PACKAGING, frames, 92);
        Path master = encoders.finish();
        Map<String, Path> renditions = new LinkedHashMap<>();
        for (Rendition r : s.renditions()) {
          renditions.put(r.name(), out.resolve("hls").resolve(r.name()).resolve("index.m3u8"));
        }
        Duration duration = Duration.ofNanos(frames * 1_000_000_000L / s.fps());
        Path timeline = writeTimeline(duration);
        report(TranscodeProgress.Stage.DONE, frames, 100);
        logCounters();
        return new TranscodeOutput(out, out.resolve("lesson.mp4"), master, renditions, poster, List.copyOf(thumbnails),
            timeline, duration);
      } finally {
        tearDown();
      }
    }

    /**
     * Pass 1: RTP time → lesson time per track. The lesson lasts from the first to the
     * last packet captured (arrival times): media mapped outside is clipped.
     */
    void learn() {
      long[] span = {Long.MAX_VALUE, Long.MIN_VALUE};
      CapturedPackets.forEach(captureDir, manifest, p -> {
        Track t = bySsrc.get(p.ssrc());
        if (t == null) {
          return;
        }
        RtpView v = accept(t, p);
        if (v == null) {
          return;
        }
        long arrival = micros(p.arrival());
        t.clock.learn(v.timestamp(), arrival);
        t.packets++;
        span[0] = Math.min(span[0], arrival);
        span[1] = Math.max(span[1], arrival);
      });
      if (span[0] == Long.MAX_VALUE) {
        throw new TranscodeException(TranscodeException.NO_MEDIA, "recording holds no media of a known track [recording:%s]",
            manifest.recordingId());
      }
      for (Track t : bySsrc.values()) {
        if (t.packets > 0) {
          t.clock.finish();
        }
      }
      t0 = span[0];
      long frameMicros = 1_000_000L / s.fps();
      frames = Math.max(1, Math.ceilDiv((span[1] - span[0] + frameMicros) * s.fps(), 1_000_000L));
    }

    void setUp() {
      for (Track t : bySsrc.values()) {
        if (t.packets > 0) {
          t.depacketizer = Depacketizer.forCodec(t.info.codec());
          t.decoder = new Decoder(t.info.codec());
        }
      }
      mixer = new AudioMixer(4);
      canvas = new Canvas(s.width(), s.height());
      stills = new Stills();
      samples = new float[(AudioMixer.RATE / s.fps() + 2) * AudioMixer.CHANNELS];
      posterFrame = Math.min(frames / 2, 10L * s.fps());
      thumbEvery = Math.max(1, s.thumbnailInterval().toMillis() * s.fps() / 1000);
      encoders = new Encoders(s, out);
    }

    void decode(CapturedPacket p) {
      Track t = bySsrc.get(p.ssrc());
      if (t == null || t.decoder == null) {
        return;
      }
      RtpView v = accept(t, p);
      if (v == null) {
        return;
      }
      long arrival = micros(p.arrival());
      while (next < frames && frameTime(next) + LEAD_MICROS < arrival) {
        emit(next++);
      }
      long ext = t.ts.unwrap(v.timestamp());
      long seq = t.seq.unwrap(v.sequence());
      long ordinal = t.ordinal++;
      t.depacketizer.push(v, p.rtp(), ext, seq,
          f -> t.decoder.decode(f, t.clock.mediaMicros(ordinal, f.timestamp()), frame -> decoded(t, frame)));
    }

    void decoded(Track t, AVFrame frame) {
      if (t.info.kind() == TrackKind.VIDEO) {
        t.pending.add(new Pending(frame.pts(), av_frame_clone(frame)));
        return;
      }
      int n = frame.nb_samples();
      if (n <= 0) {
        return;
      }
      if (left.length < n) {
        left = new float[n];
        right = new float[n];
      }
      int channels = frame.ch_layout().nb_channels();
      int format = frame.format();
      if (format == AV_SAMPLE_FMT_FLTP) {
        new FloatPointer(frame.data(0)).get(left, 0, n);
        new FloatPointer(channels > 1 ? frame.data(1) : frame.data(0)).get(right, 0, n);
      } else if (format == AV_SAMPLE_FMT_FLT) {
        FloatPointer fp = new FloatPointer(frame.data(0));
        for (int i = 0; i < n; i++) {
          left[i] = fp.get((long) i * channels);
          right[i] = fp.get((long) i * channels + (channels > 1 ? 1 : 0));
        }
      } else {
        return; // Opus decodes to float; anything else is not expected
      }
      long pos = Math.floorDiv((frame.pts() - t0) * AudioMixer.RATE, 1_000_000L);
      mixer.add(pos, left, right, n);
    }

    long frameTime(long n) {
      return t0 + n * 1_000_000L / s.fps();
    }

    void emit(long n) {
      if (cancelled.getAsBoolean()) {
        throw new TranscodeException(TranscodeException.CANCELLED, "transcoding cancelled [recording:%s]",
            manifest.recordingId());
      }
      long t = frameTime(n);
      for (Track tr : bySsrc.values()) {
        while (!tr.pending.isEmpty() && tr.pending.peekFirst().pts() <= t) {
          Pending p = tr.pending.pollFirst();
          if (tr.shown != null) {
            av_frame_free(tr.shown);
          }
          tr.shown = p.frame();
        }
      }
      canvas.clear();
      for (Layout.Tile tile : Layout.place(scene(t), s.width(), s.height())) {
        AVFrame f = bySsrc.get(Long.parseLong(tile.trackId())).shown; // tiles are keyed by SSRC
        canvas.draw(tile.trackId(), f, Layout.fit(tile, f.width(), f.height()));
      }
      int count = (int) ((n + 1) * AudioMixer.RATE / s.fps() - n * AudioMixer.RATE / s.fps());
      mixer.take(count, samples);
      encoders.submit(canvas, samples, count);
      if (n == posterFrame) {
        poster = out.resolve("poster.jpg");
        stills.write(canvas, s.width(), s.height(), poster);
      }
      if (n % thumbEvery == 0) {
        int tw = s.thumbnailWidth();
        int th = Layout.even(tw * s.height() / s.width());
        Path file = out.resolve("thumbs").resolve(String.format("thumb_%05d.jpg", thumbnails.size() + 1));
        stills.write(canvas, tw, th, file);
        thumbnails.add(new Thumbnail(Duration.ofMillis(n * 1000 / s.fps()), file));
      }
      if (n % s.fps() == 0 && n > 0) {
        report(TranscodeProgress.Stage.COMPOSITING, n, 2 + 90.0 * n / frames);
      }
    }

    /** Who is on screen at lesson time {@code t}. */
    Layout.Scene scene(long t) {
      String teacher = null;
      String courseware = null;
      Map<String, String> classrooms = new java.util.TreeMap<>(); // classroom id → its newest video track
      for (Track tr : bySsrc.values()) {
        if (tr.info.kind() != TrackKind.VIDEO || tr.shown == null || t >= tr.removedAt) {
          continue;
        }
        String key = Long.toString(tr.info.ssrc()); // a track id may come back with a new SSRC (screen share again)
        switch (tr.info.role()) {
          case TEACHER -> teacher = key;
          case COURSEWARE -> courseware = key;
          case CLASSROOM -> classrooms.put(tr.info.classroomId(), key);
        }
      }
      Set<String> onStage = new LinkedHashSet<>();
      for (TimelineEvent e : stageEvents) {
        if (micros(e.at()) > t) {
          break;
        }
        if (e.type() == TimelineEvent.Type.ON_STAGE) {
          onStage.add(e.subject());
        } else {
          onStage.remove(e.subject());
        }
      }
      List<String> stage = new ArrayList<>();
      List<String> strip = new ArrayList<>();
      classrooms.forEach((room, track) -> (onStage.contains(room) ? stage : strip).add(track));
      return new Layout.Scene(teacher, courseware, stage, strip);
    }

    void report(TranscodeProgress.Stage stage, long done, double percent) {
      Duration elapsed = Duration.between(startedAt, clock.instant());
      Duration eta = percent >= 100 ? Duration.ZERO
          : percent > 2.5 ? Duration.ofMillis((long) (elapsed.toMillis() * (100 - percent) / percent)) : null;
      Duration total = Duration.ofMillis(frames * 1000 / s.fps());
      progress.onProgress(new TranscodeProgress(stage, Math.min(100, percent), eta,
          Duration.ofMillis(done * 1000 / s.fps()), total));
    }

    Path writeTimeline(Duration duration) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("recordingId", manifest.recordingId());
      json.put("start", Instant.ofEpochSecond(0, t0 * 1000).toString());
      json.put("durationSeconds", duration.toMillis() / 1000.0);
      List<Map<String, Object>> thumbs = new ArrayList<>();
      for (Thumbnail th : thumbnails) {
        thumbs.add(Map.of("atSeconds", th.at().toMillis() / 1000.0, "file", out.relativize(th.file()).toString()));
      }
      json.put("thumbnails", thumbs);
      List<Map<String, Object>> gaps = new ArrayList<>();
      for (Gap g : manifest.gaps()) {
        gaps.add(Map.of("fromSeconds", Math.max(0, micros(g.from()) - t0) / 1e6, "toSeconds",
            Math.max(0, micros(g.to()) - t0) / 1e6, "reason", g.reason().name()));
      }
      json.put("gaps", gaps);
      Path file = out.resolve("timeline.json");
      try {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
      } catch (IOException e) {
        throw new TranscodeException(TranscodeException.IO, e, "timeline not written [file:%s]", file);
      }
      return file;
    }

    void logCounters() {
      for (Track t : bySsrc.values()) {
        if (t.decoder != null) {
          LOG.info("transcoded track [recording:{}] [track:{}] [packets:{}] [dropped-frames:{}] [decode-errors:{}] [pieces:{}] [clock-rate:{}]",
              manifest.recordingId(), t.info.trackId(), t.packets, t.depacketizer.droppedFrames(), t.decoder.errors(),
              t.clock.pieces(), String.format(java.util.Locale.ROOT, "%.3f", t.clock.firstSlope()));
        }
      }
      if (mixer.lateSamples() > 0 || mixer.overflowSamples() > 0) {
        LOG.info("audio mix [recording:{}] [late-samples:{}] [overflow-samples:{}]", manifest.recordingId(),
            mixer.lateSamples(), mixer.overflowSamples());
      }
    }

    void tearDown() {
      for (Track t : bySsrc.values()) {
        for (Pending p : t.pending) {
          av_frame_free(p.frame());
        }
        t.pending.clear();
        if (t.shown != null) {
          av_frame_free(t.shown);
          t.shown = null;
        }
        if (t.decoder != null) {
          t.decoder.close();
        }
      }
      if (encoders != null) {
        encoders.close();
      }
      if (stills != null) {
        stills.close();
      }
      if (canvas != null) {
        canvas.close();
      }
    }
  }
}
