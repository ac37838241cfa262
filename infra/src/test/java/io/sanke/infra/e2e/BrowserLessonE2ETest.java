package io.sanke.infra.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sanke.web.Chromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The demo maths lesson in headless Chromium with fake camera and microphone: the master
 * teacher's console, two teaching points' classroom terminals and an observer.
 * Screenshots of the pages are kept under target/e2e-screenshots.
 */
@Tag("netns")
class BrowserLessonE2ETest {
  private static final Path SHOTS = Path.of("target", "e2e-screenshots");

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> stats(Chromium.Page p) {
    Object r = p.await("window.sanke ? window.sanke.stats() : []");
    return r instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> state(Chromium.Page p) {
    return (Map<String, Object>) p.script("return window.sanke.state()");
  }

  private static Map<String, Object> inbound(Chromium.Page p, String participant, String source) {
    return stats(p).stream().filter(s -> participant.equals(s.get("participantId")) && source.equals(s.get("source")))
        .findFirst().orElse(Map.of());
  }

  /** The page's outbound camera layers (rid, frameWidth, bytesSent, qualityLimitationReason), in SDP order. */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> layers(Chromium.Page p) {
    Object r = p.await("window.sanke.lesson.pc.getStats().then(r => {"
        + " const all = [...r.values()].filter(s => s.type === 'outbound-rtp' && s.kind === 'video' && s.rid);"
        + " const order = ['q', 'h', 'f'];"
        + " return all.sort((a, b) => order.indexOf(a.rid) - order.indexOf(b.rid)).map(s => ({rid: s.rid,"
        + " frameWidth: s.frameWidth || 0, bytesSent: s.bytesSent, qualityLimitationReason: s.qualityLimitationReason}));"
        + " })");
    return r instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
  }

  private static String sent(Chromium.Page p) {
    return layers(p).toString();
  }

  /** Width of the largest layer the page is encoding now. */
  private static double largestSent(Chromium.Page p) {
    return layers(p).stream().mapToDouble(l -> num(l, "frameWidth")).max().orElse(0);
  }

  private static double width(Chromium.Page p, String participant) {
    return num(inbound(p, participant, "camera"), "frameWidth");
  }

  private static double num(Map<String, Object> m, String key) {
    return m.get(key) instanceof Number n ? n.doubleValue() : 0;
  }

  /** framesDecoded of participant's camera grows by 15 and the decoded size is known. */
  private static void awaitDecoding(Chromium.Page p, String who, String participant) {
    p.waitUntil(Duration.ofSeconds(40), () -> num(inbound(p, participant, "camera"), "framesDecoded") > 0,
        () -> who + " decodes nothing of " + participant + ": " + stats(p) + " " + p.script("return JSON.stringify(window.sanke && window.sanke.state())")
            + "\npage: " + p.script("return document.body.innerText.slice(0, 400)") + "\nconsole:\n" + p.console());
    double first = num(inbound(p, participant, "camera"), "framesDecoded");
    p.waitUntil(Duration.ofSeconds(20), () -> num(inbound(p, participant, "camera"), "framesDecoded") > first + 15,
        () -> who + " stopped decoding " + participant + ": " + inbound(p, participant, "camera"));
    Map<String, Object> s = inbound(p, participant, "camera");
    assertTrue(num(s, "frameWidth") > 0 && num(s, "frameHeight") > 0, who + " frame size of " + participant + ": " + s);
  }

  @Test
  @DisplayName("a teacher page and two classroom pages hold a lesson: each decodes the others, a granted classroom is heard by the other")
  void browsersHoldALesson() throws Exception {
    try (LessonStack stack = LessonStack.start(); Chromium chromium = Chromium.launch(stack.origin())) {
      Chromium.Page teacher = chromium.open(stack.pageUrl("teacher.html", LessonStack.TEACHER));
      Chromium.Page v1 = chromium.open(stack.pageUrl("classroom.html", "cr-v1"));
      Chromium.Page v2 = chromium.open(stack.pageUrl("classroom.html", "cr-v2"));

      awaitDecoding(v1, "李家村", LessonStack.TEACHER);
      awaitDecoding(v2, "王家村", LessonStack.TEACHER);
      awaitDecoding(teacher, "teacher", "cr-v1");
      awaitDecoding(teacher, "teacher", "cr-v2");
      // the cameras are simulcast by rid, lowest first; the teacher gets a classroom's smallest layer
      assertEquals(List.of("q", "h", "f"), layers(v1).stream().map(l -> l.get("rid")).toList(), "李家村 sends " + sent(v1));
      teacher.waitUntil(Duration.ofSeconds(20), () -> width(teacher, "cr-v1") > 0 && width(teacher, "cr-v1") <= 160,
          () -> "the teacher decodes 李家村's camera at " + inbound(teacher, "cr-v1", "camera") + "; 李家村 sends " + sent(v1));

      v1.click("#hand");
      teacher.waitUntil(Duration.ofSeconds(10), () -> teacher.text("#hand-queue").contains(stack.name("cr-v1")),
          () -> "queue: " + teacher.text("#hand-queue") + "; teacher knows "
              + teacher.script("return JSON.stringify([...window.sanke.lesson.participants.values()])") + "\nconsole:\n" + teacher.console());
      teacher.click("#hand-queue li:first-child .btn.primary");
      v1.waitUntil(Duration.ofSeconds(10), () -> v1.text("#hand-status").contains("您正在发言"), () -> v1.text("#hand-status"));

      v2.waitUntil(Duration.ofSeconds(30), () -> num(inbound(v2, "cr-v1", "microphone"), "totalSamplesReceived") > 48_000,
          () -> "王家村 hears nothing of 李家村: " + stats(v2));
      double energy = num(inbound(v2, "cr-v1", "microphone"), "totalAudioEnergy");
      v2.waitUntil(Duration.ofSeconds(10), () -> num(inbound(v2, "cr-v1", "microphone"), "totalAudioEnergy") > energy,
          () -> "the on-stage classroom's audio is silent at 王家村: " + inbound(v2, "cr-v1", "microphone"));
      v2.waitUntil(Duration.ofSeconds(10), () -> v2.text("#hand-status").contains(stack.name("cr-v1")), () -> v2.text("#hand-status"));
      awaitDecoding(v2, "王家村 (stage)", "cr-v1");
      // on stage the teacher wants its largest layer: the SFU switches up to the largest one
      // 李家村 sends (Chrome sends h of a 640x360 camera when its estimate allows, never f)
      teacher.waitUntil(Duration.ofSeconds(20), () -> width(teacher, "cr-v1") >= largestSent(v1),
          () -> "the teacher decodes 李家村 on stage at " + inbound(teacher, "cr-v1", "camera") + "; 李家村 sends " + sent(v1));

      // an observer (巡课) sees the lesson and is seen by nobody
      io.vertx.core.json.JsonObject observerToken = stack.observer();
      Chromium.Page observer = chromium.open(stack.pageUrlWithToken("observer.html", observerToken.getString("token")));
      awaitDecoding(observer, "observer", LessonStack.TEACHER);
      Object seen = teacher.script("return [...window.sanke.lesson.participants.keys()]");
      assertTrue(!String.valueOf(seen).contains("observer"), "the teacher does not see the observer: " + seen);

      // 王家村's socket drops: the page says so, resumes by itself, and the picture never stops
      double before = num(inbound(v2, LessonStack.TEACHER, "camera"), "framesDecoded");
      v2.script("window.sanke.drop()");
      v2.waitUntil(Duration.ofSeconds(15), () -> ((Number) state(v2).get("resumes")).intValue() == 1,
          () -> "王家村 did not resume: " + state(v2));
      assertEquals(0, ((Number) state(v2).get("rejoins")).intValue(), "resumed, not joined again");
      assertEquals("connected", state(v2).get("media"));
      v2.waitUntil(Duration.ofSeconds(5), () -> num(inbound(v2, LessonStack.TEACHER, "camera"), "framesDecoded") > before + 15,
          () -> "frames after the drop: " + inbound(v2, LessonStack.TEACHER, "camera"));

      // the teacher shares courseware: the classrooms show it beside the teacher
      teacher.click("#screen-toggle");
      {
        v2.waitUntil(Duration.ofSeconds(30), () -> num(inbound(v2, LessonStack.TEACHER, "screen"), "framesDecoded") > 3,
            () -> "王家村 got no courseware: " + stats(v2) + "\nteacher console:\n" + teacher.console());
      }
      v2.waitUntil(Duration.ofSeconds(10), () -> v2.displayed(".tile.courseware"), () -> "courseware tile hidden");

      teacher.screenshot(SHOTS.resolve("teacher.png"));
      observer.screenshot(SHOTS.resolve("observer.png"));
      v1.screenshot(SHOTS.resolve("classroom-li-jia-cun-on-stage.png"));
      v2.screenshot(SHOTS.resolve("classroom-wang-jia-cun-courseware.png"));
      assertTrue(Files.size(SHOTS.resolve("teacher.png")) > 20_000);
    }
  }
}
