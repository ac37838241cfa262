package io.sanke.recorder.capture;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The description of one recording, kept as {@code manifest.json} beside its
 * {@code segments/} directory and rewritten atomically (write, fsync, rename) whenever
 * a segment closes or the lesson changes. It is what the transcoder reads first.
 *
 * @param version     format version ({@value #VERSION})
 * @param recordingId the recording
 * @param startedAt   when capture first opened
 * @param endedAt     when capture closed normally; null while live or after a crash
 * @param open        file name of the segment being written (null when closed); after a crash it names the segment to recover
 * @param port        the UDP port the capture listened on (taken again on resume when free)
 * @param tracks      every track seen, with the times it came and went
 * @param segments    closed segments in order
 * @param gaps        spans without media
 * @param events      floor and track changes in time order
 */
public record CaptureManifest(int version, String recordingId, Instant startedAt, Instant endedAt, String open,
    int port, List<CapturedTrack> tracks, List<Segment> segments, List<Gap> gaps, List<TimelineEvent> events) {

  public static final int VERSION = 1;
  public static final String FILE = "manifest.json";
  public static final String SEGMENTS = "segments";

  static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(SerializationFeature.INDENT_OUTPUT);

  public CaptureManifest {
    tracks = List.copyOf(tracks == null ? List.of() : tracks);
    segments = List.copyOf(segments == null ? List.of() : segments);
    gaps = List.copyOf(gaps == null ? List.of() : gaps);
    events = List.copyOf(events == null ? List.of() : events);
  }

  /** Reads the manifest of a recording directory. */
  public static CaptureManifest read(Path recordingDir) {
    Path file = recordingDir.resolve(FILE);
    try {
      CaptureManifest m = JSON.readValue(file.toFile(), CaptureManifest.class);
      if (m.version() != VERSION) {
        throw new CaptureException(CaptureException.BAD_MANIFEST, "manifest version not supported [file:%s] [version:%d]",
            file, m.version());
      }
      return m;
    } catch (IOException e) {
      throw new CaptureException(CaptureException.BAD_MANIFEST, e, "manifest unreadable [file:%s]", file);
    }
  }

  /** Writes atomically: a temporary file, fsync, rename over the old one. */
  void write(Path recordingDir) {
    Path tmp = recordingDir.resolve(FILE + ".tmp");
    try {
      Files.write(tmp, JSON.writeValueAsBytes(this));
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      try {
        Files.move(tmp, recordingDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, recordingDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new CaptureException(CaptureException.IO, e, "manifest not written [dir:%s]", recordingDir);
    }
  }

  /** The track with this SSRC, or null. A later track wins when an SSRC was reused. */
  public CapturedTrack trackBySsrc(long ssrc) {
    CapturedTrack found = null;
    for (CapturedTrack t : tracks) {
      if (t.ssrc() == ssrc) {
        found = t;
      }
    }
    return found;
  }

  /** From the start of capture to its end (or the end of the last segment). */
  public Duration span() {
    Instant end = endedAt;
    if (!segments.isEmpty() && (end == null || segments.getLast().to().isAfter(end))) {
      end = segments.getLast().to();
    }
    return end == null ? Duration.ZERO : Duration.between(startedAt, end);
  }

  /** Total duration of the gaps. */
  public Duration gapTotal() {
    return gaps.stream().map(g -> Duration.between(g.from(), g.to())).reduce(Duration.ZERO, Duration::plus);
  }
}
