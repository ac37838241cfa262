package io.sanke.load;

import io.sanke.recorder.capture.CaptureConfig;
import io.sanke.recorder.capture.CaptureManifest;
import io.sanke.recorder.capture.CapturedPacket;
import io.sanke.recorder.capture.CapturedPackets;
import io.sanke.recorder.capture.CapturedTrack;
import io.sanke.recorder.capture.LessonCapture;
import io.sanke.recorder.capture.RecordingImporter;
import io.sanke.recorder.capture.SyntheticLesson; // referenced in javadoc
import io.sanke.recorder.capture.TrackRole;
import io.sanke.recorder.transcode.LessonTranscoder;
import io.sanke.recorder.transcode.TranscodeOutput;
import io.sanke.recorder.transcode.TranscodeSettings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * {@code ./sanke bench transcode [--minutes=N] [--live-seconds=N] [--work=DIR]}: makes a
 * synthetic lesson (teacher 1280x720 testsrc2 VP8 1.5 Mbps + Opus 440 Hz, two classrooms
 * 640x360 testsrc / smptebars VP8 500 kbps + Opus; one generated minute repeated, default
 * 10 minutes), imports it as a recording (6 RTP tracks, 4 s segments), then in the same run
 * transcodes it
 * <ol>
 *   <li>through the recorder's pipeline ({@link LessonTranscoder}, default settings:
 *       720p composite, libx264 veryfast, MP4 fast start, HLS 720p/360p/180p, thumbnails), and</li>
 *   <li>through the ffmpeg command line (Debian {@code ffmpeg}) with the same layout, encoder,
 *       bitrates, GOP, HLS settings and thumbnails (one filter graph, {@code tee} for the MP4 and
 *       the 720p HLS that share one encoding, as the recorder remuxes its MP4).</li>
 * </ol>
 * Then it replays the first {@code live-seconds} of the lesson's RTP over UDP, paced as
 * it was captured, into a live {@link LessonCapture} and measures the CPU time of the
 * capture thread per second of lesson. Prints wall-clock and CPU seconds, the time
 * ratio recorder/CLI (target ≤ 1.0), × real time, the capture's share of a core
 * (target ≤ 2 %) and one line of JSON.
 */
public final class TranscodeBench {
  static final double RATIO_TARGET = 1.0;
  static final double CAPTURE_TARGET_PERCENT = 2.0;

  private TranscodeBench() {}

  public static void main(String[] args) throws Exception {
    int minutes = 10;
    int liveSeconds = 60;
    Path work = Path.of("load-tests/target/bench-transcode");
    for (String a : args) {
      if (a.startsWith("--minutes=")) {
        minutes = Integer.parseInt(a.substring(10));
      } else if (a.startsWith("--live-seconds=")) {
        liveSeconds = Integer.parseInt(a.substring(15));
      } else if (a.startsWith("--work=")) {
        work = Path.of(a.substring(7));
      } else {
        System.err.println("usage: ./sanke bench transcode [--minutes=N] [--live-seconds=N] [--work=DIR]");
        System.exit(2);
      }
    }
    if (minutes < 1 || liveSeconds < 5) {
      System.err.println("--minutes must be at least 1 and --live-seconds at least 5");
      System.exit(2);
    }
    Path ffmpeg = Path.of("/usr/bin/ffmpeg");
    if (!Files.isExecutable(ffmpeg)) {
      System.err.println("the reference needs the Debian package ffmpeg (scripts/lib.sh installs it)");
      System.exit(1);
    }
    run(minutes, Math.min(liveSeconds, minutes * 60), work, ffmpeg);
  }

  private static void run(int minutes, int liveSeconds, Path work, Path ffmpeg) throws Exception {
    System.out.printf(Locale.ROOT, "transcode benchmark: %d-minute lesson, %d cores, JDK %s, %s%n", minutes,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), version(ffmpeg));
    Path media = work.resolve("media-" + minutes + "min");
    Duration lesson = Duration.ofMinutes(minutes);
    long t = System.nanoTime();
    Path teacher = make(ffmpeg, work, "teacher.webm", "testsrc2", 1280, 720, 440, minutes, 1500);
    Path classA = make(ffmpeg, work, "class-a.webm", "testsrc", 640, 360, 660, minutes, 500);
    Path classB = make(ffmpeg, work, "class-b.webm", "smptebars", 640, 360, 880, minutes, 500);
    System.out.printf(Locale.ROOT, "media ready in %.1f s (kept in %s)%n", (System.nanoTime() - t) / 1e9, media);

    Path runDir = work.resolve("run-" + System.currentTimeMillis());
    Files.createDirectories(runDir);
    Instant start = Instant.parse("2026-11-20T01:00:00Z");
    t = System.nanoTime();
    CaptureManifest manifest = RecordingImporter.importLesson(runDir.resolve("recording"), "bench", start, List.of(
        new RecordingImporter.Source(teacher, TrackRole.TEACHER, null, Duration.ZERO),
        new RecordingImporter.Source(classA, TrackRole.CLASSROOM, "a", Duration.ZERO),
        new RecordingImporter.Source(classB, TrackRole.CLASSROOM, "b", Duration.ZERO)), List.of(),
        CaptureConfig.defaults());
    System.out.printf(Locale.ROOT, "imported as a recording in %.1f s: %d segments, %d tracks%n",
        (System.nanoTime() - t) / 1e9, manifest.segments().size(), manifest.tracks().size());

    // 1. the recorder's pipeline
    TranscodeSettings settings = TranscodeSettings.defaults();
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    t = System.nanoTime();
    TranscodeOutput out = new LessonTranscoder(settings, Clock.systemUTC()).transcode(runDir.resolve("recording"),
        runDir.resolve("recorder-out"), p -> {
          if (p.stage() == io.sanke.recorder.transcode.TranscodeProgress.Stage.COMPOSITING
              && p.processed().toSeconds() % 60 == 0 && p.processed().toSeconds() > 0) {
            System.out.printf(Locale.ROOT, "  recorder: %.0f %% (ETA %s)%n", p.percent(), p.eta());
          }
        });
    double javaSeconds = (System.nanoTime() - t) / 1e9;
    double javaCpu = (os.getProcessCpuTime() - cpu0) / 1e9;
    double javaDuration = seconds(out.mp4());
    System.out.printf(Locale.ROOT, "recorder pipeline: %.1f s wall, %.1f s CPU, lesson.mp4 %.2f s, %d thumbnails%n",
        javaSeconds, javaCpu, javaDuration, out.thumbnails().size());

    // 2. the ffmpeg command line with the same settings
    Path cliOut = runDir.resolve("cli-out");
    List<String> cmd = cli(ffmpeg, settings, teacher, classA, classB, cliOut);
    Files.writeString(runDir.resolve("cli-command.txt"), String.join(" ", cmd));
    t = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(runDir.resolve("cli.log").toFile())
        .start();
    if (!p.waitFor(2, TimeUnit.HOURS) || p.exitValue() != 0) {
      System.err.println("ffmpeg failed; see " + runDir.resolve("cli.log"));
      System.exit(1);
    }
    double cliSeconds = (System.nanoTime() - t) / 1e9;
    double cliCpu = cliCpu(Files.readString(runDir.resolve("cli.log")));
    double cliDuration = seconds(cliOut.resolve("lesson.mp4"));
    System.out.printf(Locale.ROOT, "ffmpeg command line: %.1f s wall, %.1f s CPU, lesson.mp4 %.2f s (command in %s)%n",
        cliSeconds, cliCpu, cliDuration, runDir.resolve("cli-command.txt"));

    // 3. capture while live
    double capturePercent = captureCpu(runDir, start, liveSeconds);

    double lessonSeconds = lesson.toSeconds();
    double ratio = javaSeconds / cliSeconds;
    boolean met = ratio <= RATIO_TARGET && capturePercent <= CAPTURE_TARGET_PERCENT;
    System.out.printf(Locale.ROOT, "%n%-28s %10s %10s%n", "", "recorder", "ffmpeg CLI");
    System.out.printf(Locale.ROOT, "%-28s %10.1f %10.1f%n", "wall-clock s", javaSeconds, cliSeconds);
    System.out.printf(Locale.ROOT, "%-28s %10.1f %10.1f%n", "CPU s", javaCpu, cliCpu);
    System.out.printf(Locale.ROOT, "%-28s %10.2f %10.2f%n", "× real time", lessonSeconds / javaSeconds,
        lessonSeconds / cliSeconds);
    System.out.printf(Locale.ROOT, "time ratio recorder/CLI %.2f (target ≤ %.1f); capture %.3f %% of a core (target ≤ %.0f %%)%n",
        ratio, RATIO_TARGET, capturePercent, CAPTURE_TARGET_PERCENT);
    System.out.printf(Locale.ROOT,
        "{\"bench\":\"transcode\",\"lessonSeconds\":%.0f,\"tracks\":%d,\"encoder\":\"%s\",\"recorderSeconds\":%.1f,"
            + "\"cliSeconds\":%.1f,\"ratio\":%.3f,\"ratioTarget\":%.1f,\"recorderXRealtime\":%.2f,\"cliXRealtime\":%.2f,"
            + "\"recorderCpuSeconds\":%.1f,\"cliCpuSeconds\":%.1f,\"recorderMp4Seconds\":%.2f,\"cliMp4Seconds\":%.2f,"
            + "\"captureLiveSeconds\":%d,\"captureCpuPercentOfCore\":%.3f,\"captureTargetPercent\":%.1f,"
            + "\"cores\":%d,\"targetsMet\":%s}%n",
        lessonSeconds, manifest.tracks().size(), settings.videoEncoder(), javaSeconds, cliSeconds, ratio, RATIO_TARGET,
        lessonSeconds / javaSeconds, lessonSeconds / cliSeconds, javaCpu, cliCpu, javaDuration, cliDuration,
        liveSeconds, capturePercent, CAPTURE_TARGET_PERCENT, Runtime.getRuntime().availableProcessors(), met);
    deleteTree(runDir);
  }

  /**
   * Makes one participant's WebM (VP8 realtime + mono Opus tone), as
   * {@link SyntheticLesson} does but with the command line: one minute is encoded
   * ({@code media-1min/}), a longer lesson repeats that minute ({@code -stream_loop},
   * no re-encoding). Not part of what is measured; kept between runs.
   */
  private static Path make(Path ffmpeg, Path work, String name, String source, int w, int h, double hz, int minutes,
      int kbps) throws IOException, InterruptedException {
    Path base = work.resolve("media-1min").resolve(name);
    if (!Files.isRegularFile(base)) {
      run(ffmpeg, base, "-f", "lavfi", "-i", source + "=size=" + w + "x" + h + ":rate=25:duration=60",
          "-f", "lavfi", "-i", "sine=frequency=" + hz + ":sample_rate=48000:duration=60,volume=0.3",
          "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", kbps + "k", "-g", "75",
          "-c:a", "libopus", "-ac", "1", "-b:a", "32k");
    }
    if (minutes == 1) {
      return base;
    }
    Path file = work.resolve("media-" + minutes + "min").resolve(name);
    if (!Files.isRegularFile(file)) {
      run(ffmpeg, file, "-stream_loop", Integer.toString(minutes - 1), "-i", base.toString(), "-c", "copy",
          "-t", Integer.toString(minutes * 60));
    }
    return file;
  }

  private static void run(Path ffmpeg, Path file, String... args) throws IOException, InterruptedException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".part.webm");
    List<String> cmd = new ArrayList<>(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "error", "-y"));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("-f", "webm", tmp.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (p.waitFor() != 0) {
      throw new IOException("ffmpeg could not make " + file);
    }
    Files.move(tmp, file);
  }

  /**
   * The reference: the recorder's layout (teacher letterboxed in the top 1280x576, the two
   * classrooms as 256x144 tiles centred in the strip), the audio mix, and the recorder's
   * encoder settings for every output.
   */
  static List<String> cli(Path ffmpeg, TranscodeSettings s, Path teacher, Path a, Path b, Path out) throws IOException {
    for (String r : List.of("720p", "360p", "180p", "thumbs")) {
      Files.createDirectories(out.resolve(r));
    }
    int gop = (int) (s.keyframeInterval().toMillis() * s.fps() / 1000);
    String graph = "color=c=black:s=1280x720:r=25[bg];"
        + "[0:v]scale=1024:576:flags=bilinear[t];[1:v]scale=256:144:flags=bilinear[ca];[2:v]scale=256:144:flags=bilinear[cb];"
        + "[bg][t]overlay=128:0:shortest=1[x1];[x1][ca]overlay=384:576[x2];[x2][cb]overlay=640:576,format=yuv420p,"
        + "split=4[v720][v360i][v180i][vth];"
        + "[v360i]scale=640:360:flags=bilinear[v360];[v180i]scale=320:180:flags=bilinear[v180];"
        + "[vth]fps=1/" + s.thumbnailInterval().toSeconds() + ",scale=160:90:flags=bicubic[th];"
        + "[0:a][1:a][2:a]amix=inputs=3:normalize=0,aresample=48000,asplit=3[a720][a360][a180]";
    List<String> c = new ArrayList<>(List.of(ffmpeg.toString(), "-hide_banner", "-nostats", "-benchmark", "-y",
        "-i", teacher.toString(), "-i", a.toString(), "-i", b.toString(), "-filter_complex", graph));
    String hls = "hls_time=" + s.hlsSegment().toSeconds() + ":hls_playlist_type=vod:hls_flags=independent_segments";
    c.addAll(List.of("-map", "[v720]", "-map", "[a720]"));
    c.addAll(encoder(s, gop, s.mp4VideoKbps(), s.audioKbps()));
    c.addAll(List.of("-flags", "+global_header", "-f", "tee",
        "[f=mp4:movflags=+faststart]" + out.resolve("lesson.mp4") + "|[f=hls:" + hls + ":hls_segment_filename="
            + out.resolve("720p/seg_%05d.ts") + "]" + out.resolve("720p/index.m3u8")));
    c.addAll(List.of("-map", "[v360]", "-map", "[a360]"));
    c.addAll(encoder(s, gop, 800, 96));
    c.addAll(List.of("-f", "hls", "-hls_time", Long.toString(s.hlsSegment().toSeconds()), "-hls_playlist_type", "vod",
        "-hls_flags", "independent_segments", "-hls_segment_filename", out.resolve("360p/seg_%05d.ts").toString(),
        out.resolve("360p/index.m3u8").toString()));
    c.addAll(List.of("-map", "[v180]", "-map", "[a180]"));
    c.addAll(encoder(s, gop, 250, 64));
    c.addAll(List.of("-f", "hls", "-hls_time", Long.toString(s.hlsSegment().toSeconds()), "-hls_playlist_type", "vod",
        "-hls_flags", "independent_segments", "-hls_segment_filename", out.resolve("180p/seg_%05d.ts").toString(),
        out.resolve("180p/index.m3u8").toString()));
    c.addAll(List.of("-map", "[th]", out.resolve("thumbs/thumb_%05d.jpg").toString()));
    return c;
  }

  private static List<String> encoder(TranscodeSettings s, int gop, int videoKbps, int audioKbps) {
    return List.of("-c:v", s.videoEncoder(), "-preset", s.preset(), "-profile:v", "high", "-level", "3.1",
        "-b:v", videoKbps + "k", "-g", Integer.toString(gop), "-keyint_min", Integer.toString(gop), "-sc_threshold", "0",
        "-pix_fmt", "yuv420p", "-r", Integer.toString(s.fps()), "-c:a", "aac", "-b:a", audioKbps + "k", "-ar", "48000",
        "-ac", "2");
  }

  private static double cliCpu(String log) {
    Matcher m = Pattern.compile("bench: utime=([0-9.]+)s stime=([0-9.]+)s").matcher(log);
    return m.find() ? Double.parseDouble(m.group(1)) + Double.parseDouble(m.group(2)) : Double.NaN;
  }

  private static String version(Path ffmpeg) {
    try {
      Process p = new ProcessBuilder(ffmpeg.toString(), "-version").redirectErrorStream(true).start();
      String first = new String(p.getInputStream().readAllBytes()).lines().findFirst().orElse("?");
      p.waitFor();
      return first.replaceAll(" Copyright.*", "");
    } catch (IOException | InterruptedException e) {
      return "ffmpeg ?";
    }
  }

  private static double seconds(Path file) throws Exception {
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
      g.start();
      double s = g.getLengthInTime() / 1e6;
      g.stop();
      return s;
    }
  }

  private static final class Enough extends RuntimeException {
    Enough() {
      super(null, null, false, false);
    }
  }

  /** Replays the first seconds of the recording's RTP over UDP, paced, into a live capture; CPU % of a core. */
  private static double captureCpu(Path runDir, Instant start, int liveSeconds) throws Exception {
    Path rec = runDir.resolve("recording");
    CaptureManifest m = CaptureManifest.read(rec);
    List<CapturedPacket> packets = new ArrayList<>();
    Instant end = start.plusSeconds(liveSeconds);
    try {
      CapturedPackets.forEach(rec, m, p -> {
        if (p.arrival().isAfter(end)) {
          throw new Enough();
        }
        packets.add(p);
      });
    } catch (Enough e) {
      // read what the replay needs
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Path live = runDir.resolve("live");
    long cpu;
    long wall;
    try (LessonCapture c = LessonCapture.open(live, "bench-live", CaptureConfig.defaults(), Clock.systemUTC());
        DatagramSocket s = new DatagramSocket()) {
      for (CapturedTrack t : m.tracks()) {
        c.addTrack(CapturedTrack.of(t.trackId(), t.ssrc(), t.kind(), t.codec(), t.clockRate(), t.payloadType(), t.role(),
            t.classroomId()));
      }
      long id = Thread.getAllStackTraces().keySet().stream().filter(th -> th.getName().equals("capture-bench-live"))
          .findFirst().orElseThrow().threadId();
      long cpu0 = threads.getThreadCpuTime(id);
      long t0 = System.nanoTime();
      Instant first = packets.getFirst().arrival();
      for (CapturedPacket p : packets) {
        long due = t0 + Duration.between(first, p.arrival()).toNanos();
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        s.send(new DatagramPacket(p.rtp(), p.rtp().length, c.address()));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (c.stats().packets() < packets.size() && System.nanoTime() < deadline) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      }
      cpu = threads.getThreadCpuTime(id) - cpu0;
      wall = System.nanoTime() - t0;
      System.out.printf(Locale.ROOT, "capture while live: %d packets over %.1f s, %d written, %d segments, %.3f s CPU%n",
          packets.size(), wall / 1e9, c.stats().packets(), c.stats().segments(), cpu / 1e9);
    }
    return 100.0 * cpu / wall;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
