package io.sanke.recorder.capture;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_OPUS;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VP8;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Writes media files (WebM or Matroska with VP8 and/or Opus, as a classroom recorder
 * box or a test makes them) into a recording directory exactly as a live capture of
 * the same lesson would: the files' packets are cut into RTP, given arrival times on
 * the lesson clock (with a few milliseconds of deterministic jitter) and passed through
 * {@link LessonCapture}'s writer, so segments, manifest and timeline are the same
 * format. Used by tests and the transcoding benchmark, and to import lessons recorded
 * elsewhere. It does not decode and opens no network path besides the capture's own
 * idle socket.
 */
public final class RecordingImporter {

  /**
   * One file of the lesson.
   *
   * @param file        WebM/Matroska with a VP8 video and/or an Opus audio stream
   * @param role        whose media it is
   * @param classroomId the classroom for {@link TrackRole#CLASSROOM}
   * @param startAt     when in the lesson the file starts (a late classroom, a screen share)
   */
  public record Source(Path file, TrackRole role, String classroomId, Duration startAt) {
    public Source {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(role, "role");
      startAt = startAt == null ? Duration.ZERO : startAt;
    }
  }

  /** A classroom goes on ({@code onStage}) or off stage at {@code at} into the lesson. */
  public record StageChange(Duration at, String classroomId, boolean onStage) {}

  private RecordingImporter() {}

  /**
   * Imports the sources as recording {@code recordingId} into {@code recordingDir} (must
   * not hold a recording yet), the lesson starting at {@code lessonStart}. Each track is
   * added when its file starts and removed when it ends.
   */
  public static CaptureManifest importLesson(Path recordingDir, String recordingId, Instant lessonStart,
      List<Source> sources, List<StageChange> stage, CaptureConfig config) {
    if (Files.exists(recordingDir.resolve(CaptureManifest.FILE))) {
      throw new CaptureException(CaptureException.BAD_MANIFEST, "directory already holds a recording [dir:%s]",
          recordingDir);
    }
    if (sources.isEmpty()) {
      throw new CaptureException(CaptureException.BAD_TRACK, "nothing to import [recording:%s]", recordingId);
    }
    ManualClock clock = new ManualClock(lessonStart);
    List<FileReader> readers = new ArrayList<>();
    CaptureConfig onePort = new CaptureConfig(config.segment(), config.silenceGap(), config.bindHost(),
        config.receiveBuffer(), 1); // nothing is received: the packets come from the files
    try (LessonCapture capture = LessonCapture.open(recordingDir, recordingId, onePort, clock)) {
      int index = 0;
      for (Source s : sources) {
        readers.add(new FileReader(s, index++, lessonStart));
      }
      PriorityQueue<Item> queue = new PriorityQueue<>();
      for (FileReader r : readers) {
        queue.add(new Item(r.startMicros, r, null));
      }
      for (StageChange c : stage) {
        queue.add(new Item(micros(lessonStart.plus(c.at())), null, c));
      }
      long last = micros(lessonStart);
      while (!queue.isEmpty()) {
        Item it = queue.poll();
        last = Math.max(last, it.at);
        clock.set(instant(it.at));
        if (it.change != null) {
          if (it.change.onStage()) {
            capture.onStage(it.change.classroomId());
          } else {
            capture.offStage(it.change.classroomId());
          }
          continue;
        }
        FileReader r = it.reader;
        if (!r.started) {
          r.started = true;
          r.tracks.forEach(capture::addTrack);
        } else if (r.ready.isEmpty()) {
          r.tracks.forEach(t -> capture.removeTrack(t.trackId()));
          continue;
        } else {
          Timed p = r.ready.poll();
          capture.accept(p.rtp, 0, p.rtp.length, instant(p.arrival));
        }
        if (r.ready.isEmpty()) {
          r.fill();
        }
        queue.add(new Item(r.ready.isEmpty() ? r.endMicros : r.ready.peek().arrival, r, null));
      }
      clock.set(instant(last + 20_000)); // close() below finishes the manifest at this time
    } finally {
      readers.forEach(FileReader::close);
    }
    return CaptureManifest.read(recordingDir);
  }

  static long micros(Instant at) {
    return SegmentFormat.micros(at);
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }

  private record Item(long at, FileReader reader, StageChange change) implements Comparable<Item> {
    @Override
    public int compareTo(Item o) {
      return Long.compare(at, o.at);
    }
  }

  private record Timed(long arrival, byte[] rtp) {}

  /** Reads one file's packets lazily and turns them into timed RTP packets. */
  private static final class FileReader implements AutoCloseable {
    final FFmpegFrameGrabber grabber;
    final List<CapturedTrack> tracks = new ArrayList<>();
    final RtpPacketizer[] packetizers;
    final int[] clockRates;
    final AVRational[] timeBases;
    final ArrayDeque<Timed> ready = new ArrayDeque<>();
    final SplittableRandom jitter;
    final long startMicros;
    long endMicros;
    long lastArrival;
    boolean started;
    boolean eof;

    FileReader(Source s, int index, Instant lessonStart) {
      if (!Files.isRegularFile(s.file())) {
        throw new CaptureException(CaptureException.BAD_TRACK, "file to import missing [file:%s]", s.file());
      }
      startMicros = micros(lessonStart.plus(s.startAt()));
      lastArrival = startMicros;
      endMicros = startMicros;
      jitter = new SplittableRandom(index * 7919L + 17);
      grabber = new FFmpegFrameGrabber(s.file().toFile());
      try {
        grabber.start();
      } catch (FrameGrabber.Exception e) {
        throw new CaptureException(CaptureException.BAD_TRACK, e, "file not readable [file:%s]", s.file());
      }
      int n = grabber.getFormatContext().nb_streams();
      packetizers = new RtpPacketizer[n];
      clockRates = new int[n];
      timeBases = new AVRational[n];
      String base = s.role() == TrackRole.CLASSROOM ? "classroom-" + s.classroomId() : s.role().name().toLowerCase();
      for (int i = 0; i < n; i++) {
        AVStream st = grabber.getFormatContext().streams(i);
        int type = st.codecpar().codec_type();
        int codecId = st.codecpar().codec_id();
        long ssrc = 0x5A000000L + index * 16L + i;
        timeBases[i] = st.time_base();
        if (type == AVMEDIA_TYPE_VIDEO && codecId == AV_CODEC_ID_VP8) {
          clockRates[i] = 90_000;
          packetizers[i] = new RtpPacketizer("VP8", 96, ssrc, 1000 * (index + 1), 3_000_000L * (index + 1));
          tracks.add(CapturedTrack.of(base + "/video", ssrc, TrackKind.VIDEO, "VP8", 90_000, 96, s.role(),
              s.classroomId()));
        } else if (type == AVMEDIA_TYPE_AUDIO && codecId == AV_CODEC_ID_OPUS) {
          clockRates[i] = 48_000;
          packetizers[i] = new RtpPacketizer("opus", 111, ssrc, 2000 * (index + 1), 5_000_000L * (index + 1));
          tracks.add(CapturedTrack.of(base + "/audio", ssrc, TrackKind.AUDIO, "opus", 48_000, 111, s.role(),
              s.classroomId()));
        } else if (type == AVMEDIA_TYPE_VIDEO || type == AVMEDIA_TYPE_AUDIO) {
          close();
          throw new CaptureException(CaptureException.BAD_TRACK,
              "only VP8 video and Opus audio can be imported [file:%s] [stream:%d]", s.file(), i);
        }
      }
      if (tracks.isEmpty()) {
        close();
        throw new CaptureException(CaptureException.BAD_TRACK, "no VP8 or Opus stream [file:%s]", s.file());
      }
      fill();
    }

    /** Reads the next packet of the file into {@link #ready}. */
    void fill() {
      while (ready.isEmpty() && !eof) {
        AVPacket p;
        try {
          p = grabber.grabPacket();
        } catch (FrameGrabber.Exception e) {
          throw new CaptureException(CaptureException.IO, e, "file not readable while importing");
        }
        if (p == null) {
          eof = true;
          break;
        }
        int si = p.stream_index();
        if (si < 0 || si >= packetizers.length || packetizers[si] == null || p.size() <= 0) {
          continue;
        }
        AVRational tb = timeBases[si];
        long pts = p.pts() == org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE ? p.dts() : p.pts();
        long ptsMicros = pts * 1_000_000L * tb.num() / tb.den();
        long rtpTs = pts * clockRates[si] * tb.num() / tb.den();
        byte[] data = new byte[p.size()];
        p.data().get(data);
        long arrival = Math.max(lastArrival, startMicros + ptsMicros + jitter.nextInt(0, 3000));
        lastArrival = arrival;
        endMicros = Math.max(endMicros, startMicros + ptsMicros + 20_000);
        for (byte[] rtp : packetizers[si].packetize(data, rtpTs)) {
          ready.add(new Timed(arrival, rtp));
        }
      }
    }

    @Override
    public void close() {
      try {
        grabber.close();
      } catch (FrameGrabber.Exception ignored) {
        // nothing more to release
      }
    }
  }
}
