package io.sanke.recorder.transcode;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LessonTranscoderTest {
  @TempDir
  static Path dir;
  static Path recording;
  static TranscodeOutput output;
  static final List<TranscodeProgress> progress = new ArrayList<>();

  @BeforeAll
  static void transcodeOnce() throws Exception {
    recording = Fixtures.recording(dir);
    output = new LessonTranscoder(Fixtures.small(), Fixtures.ticking())
        .transcode(recording, dir.resolve("out"), progress::add);
  }

  @Test
  @DisplayName("the master playlist lists three renditions and FFmpeg opens each with the lesson's duration")
  void masterPlaylistListsThreeRenditions() throws Exception {
    List<String> lines = Files.readAllLines(output.masterPlaylist());
    List<String> uris = lines.stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    assertEquals(List.of("full/index.m3u8", "half/index.m3u8", "quarter/index.m3u8"), uris);
    assertEquals(3, lines.stream().filter(l -> l.startsWith("#EXT-X-STREAM-INF:")).count());
    assertTrue(lines.stream().anyMatch(l -> l.contains("RESOLUTION=160x90")), lines.toString());
    int[][] sizes = {{320, 180}, {160, 90}, {80, 44}};
    for (int i = 0; i < 3; i++) {
      MediaProbe.Info info = MediaProbe.info(output.masterPlaylist().resolveSibling(uris.get(i)));
      assertEquals(4.0, info.seconds(), 1.0, uris.get(i) + " " + info);
      assertEquals("h264", info.videoCodec(), uris.get(i));
      assertEquals("aac", info.audioCodec(), uris.get(i));
      assertEquals(sizes[i][0], info.width(), uris.get(i));
      assertEquals(sizes[i][1], info.height(), uris.get(i));
    }
  }

  @Test
  @DisplayName("the MP4 is H.264 and AAC with the moov box before the media (fast start)")
  void mp4IsFastStart() throws Exception {
    MediaProbe.Info info = MediaProbe.info(output.mp4());
    assertEquals("h264", info.videoCodec());
    assertEquals("aac", info.audioCodec());
    assertEquals(4.0, info.seconds(), 0.5);
    assertEquals(4.0, output.duration().toMillis() / 1000.0, 0.5);
    List<String> boxes = new ArrayList<>();
    try (InputStream in = Files.newInputStream(output.mp4()); DataInputStream d = new DataInputStream(in)) {
      long remaining = Files.size(output.mp4());
      while (remaining >= 8) {
        long size = d.readInt() & 0xFFFFFFFFL;
        byte[] type = new byte[4];
        d.readFully(type);
        boxes.add(new String(type, java.nio.charset.StandardCharsets.US_ASCII));
        long skip = size - 8;
        if (size == 1) {
          skip = d.readLong() - 16;
        }
        d.skipNBytes(skip);
        remaining -= skip + 8 + (size == 1 ? 8 : 0);
      }
    }
    assertTrue(boxes.indexOf("moov") >= 0 && boxes.indexOf("moov") < boxes.indexOf("mdat"), boxes.toString());
  }

  // lavfi colours: blue (0,0,255), red (255,0,0), green (0,128,0), yellow (255,255,0)
  static boolean blue(double[] c) {
    return c[2] > 180 && c[0] < 70 && c[1] < 70;
  }

  static boolean red(double[] c) {
    return c[0] > 180 && c[1] < 70 && c[2] < 70;
  }

  static boolean green(double[] c) {
    return c[1] > 90 && c[0] < 60 && c[2] < 60;
  }

  static boolean yellow(double[] c) {
    return c[0] > 180 && c[1] > 180 && c[2] < 90;
  }

  @Test
  @DisplayName("the teacher fills the stage with the classrooms in a strip below")
  void teacherLargeAndClassroomsInStrip() throws Exception {
    double[] main = MediaProbe.meanRgb(output.mp4(), 1.2, 0.4, 0.3, 0.2, 0.2);
    assertTrue(blue(main), java.util.Arrays.toString(main));
    // strip: c-a then c-b, 16:9 tiles centred in the bottom fifth
    double[] strip = MediaProbe.meanRgb(output.mp4(), 1.2, 0.25, 0.84, 0.2, 0.12);
    double[] strip2 = MediaProbe.meanRgb(output.mp4(), 1.2, 0.55, 0.84, 0.2, 0.12);
    assertTrue(red(strip), java.util.Arrays.toString(strip));
    assertTrue(yellow(strip2), java.util.Arrays.toString(strip2));
  }

  @Test
  @DisplayName("shared courseware is shown large with the teacher beside it")
  void coursewareLarge() throws Exception {
    double[] cw = MediaProbe.meanRgb(output.mp4(), 2.3, 0.2, 0.3, 0.3, 0.2);
    assertTrue(green(cw), java.util.Arrays.toString(cw));
    double[] teacher = MediaProbe.meanRgb(output.mp4(), 2.3, 0.8, 0.05, 0.15, 0.15);
    assertTrue(blue(teacher), java.util.Arrays.toString(teacher));
  }

  @Test
  @DisplayName("the classroom on stage is enlarged beside the teacher after the courseware stops")
  void onStageEnlarged() throws Exception {
    double[] left = MediaProbe.meanRgb(output.mp4(), 3.6, 0.15, 0.3, 0.2, 0.2);
    double[] right = MediaProbe.meanRgb(output.mp4(), 3.6, 0.65, 0.3, 0.2, 0.2);
    double[] strip = MediaProbe.meanRgb(output.mp4(), 3.6, 0.45, 0.84, 0.1, 0.12);
    assertTrue(blue(left), java.util.Arrays.toString(left));
    assertTrue(red(right), java.util.Arrays.toString(right));
    assertTrue(yellow(strip), java.util.Arrays.toString(strip));
  }

  @Test
  @DisplayName("the audio mixes everyone who spoke")
  void audioMixesEveryone() throws Exception {
    float[] a = MediaProbe.audio(output.mp4(), 1.0, 3.0);
    assertTrue(a.length > 48_000, "samples " + a.length);
    double t440 = MediaProbe.tone(a, 440, 48_000);
    double t660 = MediaProbe.tone(a, 660, 48_000);
    double t550 = MediaProbe.tone(a, 550, 48_000);
    assertTrue(t440 > 10 * t550, "440 Hz " + t440 + " vs noise " + t550);
    assertTrue(t660 > 10 * t550, "660 Hz " + t660 + " vs noise " + t550);
  }

  @Test
  @DisplayName("a poster and one thumbnail per interval are written at their sizes")
  void posterAndThumbnails() throws Exception {
    BufferedImage poster = ImageIO.read(output.poster().toFile());
    assertEquals(320, poster.getWidth());
    assertEquals(180, poster.getHeight());
    // one thumbnail at 0 s, 1 s, ... up to the end of the lesson
    assertEquals(Math.ceilDiv(output.duration().toMillis(), 1000), output.thumbnails().size(), output.thumbnails().toString());
    for (int i = 0; i < output.thumbnails().size(); i++) {
      Thumbnail t = output.thumbnails().get(i);
      assertEquals(i * 1000L, t.at().toMillis());
      BufferedImage img = ImageIO.read(t.file().toFile());
      assertEquals(64, img.getWidth());
      assertEquals(36, img.getHeight());
    }
    String timeline = Files.readString(output.timeline());
    assertTrue(timeline.contains("thumbs/thumb_00004.jpg"), timeline);
    assertTrue(output.files().contains(output.mp4()));
  }

  @Test
  @DisplayName("progress rises to 100 percent through the stages with an ETA on the injected clock")
  void progressRises() {
    assertFalse(progress.isEmpty());
    double last = -1;
    for (TranscodeProgress p : progress) {
      assertTrue(p.percent() >= last, progress.toString());
      last = p.percent();
    }
    assertEquals(TranscodeProgress.Stage.DONE, progress.getLast().stage());
    assertEquals(100.0, progress.getLast().percent());
    assertTrue(progress.stream().anyMatch(p -> p.stage() == TranscodeProgress.Stage.COMPOSITING && p.eta() != null
        && !p.eta().isNegative() && p.percent() > 10 && p.percent() < 100), progress.toString());
    assertEquals(4000, progress.getLast().total().toMillis(), 100);
  }

  @Test
  @DisplayName("a cancelled transcoding stops with its code")
  void cancelStops() throws Exception {
    AtomicInteger polls = new AtomicInteger();
    TranscodeException e = assertThrows(TranscodeException.class, () -> new LessonTranscoder(Fixtures.small(),
        Fixtures.ticking()).transcode(recording, dir.resolve("cancelled"), TranscodeProgress -> { },
            () -> polls.incrementAndGet() > 10));
    assertEquals(TranscodeException.CANCELLED, e.code());
  }

  @Test
  @DisplayName("an output directory that is not empty is refused and left as it was")
  void refusesNonEmptyOutput() throws Exception {
    Path busy = Files.createDirectories(dir.resolve("busy"));
    Files.writeString(busy.resolve("keep.txt"), "x");
    TranscodeException e = assertThrows(TranscodeException.class,
        () -> new LessonTranscoder(Fixtures.small(), Fixtures.ticking()).transcode(recording, busy, p -> { }));
    assertEquals(TranscodeException.IO, e.code());
    try (var s = Files.list(busy)) {
      assertEquals(List.of(busy.resolve("keep.txt")), s.toList());
    }
  }
}
