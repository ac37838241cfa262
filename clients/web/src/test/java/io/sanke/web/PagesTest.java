package io.sanke.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The page framework in headless Chromium against a scripted signaling stand-in (no
 * media server: offers stay unanswered): language, the connection banner and resume,
 * chat escaping, the missing-token notice, and the teacher's hand queue.
 */
class PagesTest {
  private static final Path ARTIFACTS = Path.of("target", "screenshots");
  private static FakeSignaling signaling;
  private static Chromium chromium;

  @BeforeAll
  static void start() throws Exception {
    signaling = new FakeSignaling();
    chromium = Chromium.launch();
  }

  @AfterAll
  static void stop() throws Exception {
    if (chromium != null) {
      chromium.close();
    }
    if (signaling != null) {
      signaling.close();
    }
  }

  @BeforeEach
  void reset() {
    signaling.hands();
    signaling.refuse = false;
    signaling.role = "classroom";
    signaling.me = "cr-v1";
    signaling.participants = new JsonArray()
        .add(person("tch-u1-1", "陈静", "master-teacher"))
        .add(person("cr-v1", "李家村教学点 教室", "classroom"))
        .add(person("cr-v2", "王家村教学点 教室", "classroom"));
    signaling.requests.clear();
  }

  private static JsonObject person(String id, String name, String role) {
    return new JsonObject().put("id", id).put("name", name).put("role", role).put("classroomId", id)
        .put("hand", false).put("onStage", false).put("muted", new JsonObject().put("audio", false).put("video", false))
        .put("connected", true).put("tracks", new JsonArray());
  }

  private static String lessonUrl(String page) {
    return signaling.url(page) + "?session=e-math-1%402026-11-21&token=t0k3n";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> state(Chromium.Page p) {
    return (Map<String, Object>) p.script("return window.sanke ? window.sanke.state() : {}");
  }

  @Test
  @DisplayName("a classroom page speaks Chinese first, switches to English and remembers the choice")
  void languageSwitchIsRemembered() throws Exception {
    Chromium.Page p = chromium.open(lessonUrl("classroom.html"));
    p.waitUntil(Duration.ofSeconds(10), () -> "cr-v1".equals(state(p).get("me")), () -> state(p).toString());
    assertEquals("zh-CN", p.script("return document.documentElement.lang"));
    assertTrue(p.text("#hand").contains("举手发言"), p.text("#hand"));
    assertEquals("English", p.text("#lang-switch"));
    p.click("#lang-switch");
    assertTrue(p.text("#hand").contains("Raise hand"), p.text("#hand"));
    assertEquals("Volume", p.text(".volume span"));
    p.reload();
    p.waitUntil(Duration.ofSeconds(10), () -> "cr-v1".equals(state(p).get("me")), () -> state(p).toString());
    assertTrue(p.text("#hand").contains("Raise hand"), "still English after a reload: " + p.text("#hand"));
    assertEquals("中文", p.text("#lang-switch"));
    p.click("#lang-switch");
    assertTrue(p.text("#hand").contains("举手发言"));
    p.close();
  }

  @Test
  @DisplayName("a page that loses its connection says so, keeps trying, and resumes by itself")
  void lostConnectionIsShownAndRecovers() throws Exception {
    Chromium.Page p = chromium.open(lessonUrl("classroom.html"));
    p.waitUntil(Duration.ofSeconds(10), () -> "open".equals(state(p).get("signaling")) && state(p).get("me") != null,
        () -> state(p).toString());
    signaling.next("join");
    signaling.refuse = true;
    signaling.dropAll();
    p.waitUntil(Duration.ofSeconds(10), () -> p.displayed("#conn-banner") && p.text("#conn-banner").contains("网络连接已断开"),
        () -> state(p).toString());
    assertTrue(p.script("return document.querySelector('#conn-dot').className").toString().contains("reconnecting"));
    p.screenshot(ARTIFACTS.resolve("classroom-reconnecting.png"));
    signaling.refuse = false;
    JsonObject resume = signaling.next("resume");
    assertTrue(resume.getString("resumeToken").startsWith("r-"), resume.encode());
    p.waitUntil(Duration.ofSeconds(10), () -> ((Number) state(p).get("resumes")).intValue() == 1
        && p.text("#conn-banner").contains("已重新连接"), () -> state(p).toString());
    assertEquals("open", state(p).get("signaling"));
    assertTrue(signaling.requests.stream().noneMatch(m -> "join".equals(m.getString("type"))),
        "resumed, not joined again");
    p.close();
  }

  @Test
  @DisplayName("a classroom with a poor link says so clearly and asks for the teacher's smallest layer, then restores it")
  void poorLinkIsShownAndLowersTheLayer() throws Exception {
    Chromium.Page p = chromium.open(lessonUrl("classroom.html"));
    p.waitUntil(Duration.ofSeconds(10), () -> state(p).get("me") != null, () -> state(p).toString());
    assertFalse(p.displayed("#poor-link"));
    String poor = "window.sanke.lesson.emit('quality', new Map([['tch-u1-1', '%s']]))";
    p.script(String.format(poor, "poor"));
    p.script(String.format(poor, "poor"));
    p.waitUntil(Duration.ofSeconds(5), () -> p.displayed("#poor-link"), () -> "no notice");
    assertTrue(p.text("#poor-link").contains("网络较差"), p.text("#poor-link"));
    JsonObject lower = signaling.next("subscribe");
    assertEquals("tch-u1-1", lower.getString("participantId"));
    assertEquals("camera", lower.getString("source"));
    assertEquals(0, lower.getInteger("spatialLayer"));
    p.screenshot(ARTIFACTS.resolve("classroom-poor-link.png"));
    for (int i = 0; i < 5; i++) {
      p.script(String.format(poor, "good"));
    }
    p.waitUntil(Duration.ofSeconds(5), () -> !p.displayed("#poor-link"), () -> "notice still shown");
    assertEquals(2, signaling.next("subscribe").getInteger("spatialLayer"));
    p.close();
  }

  @Test
  @DisplayName("chat text is shown as text, never as markup")
  void chatIsEscaped() throws Exception {
    Chromium.Page p = chromium.open(lessonUrl("classroom.html"));
    p.waitUntil(Duration.ofSeconds(10), () -> state(p).get("me") != null, () -> state(p).toString());
    String evil = "<img src=x onerror=\"window.pwned=1\"> 老师好 & 'hi'";
    p.type("#chat-input", evil + "\n");
    p.waitUntil(Duration.ofSeconds(10), () -> p.text("#chat-log").contains("老师好"), () -> p.text("#chat-log"));
    assertTrue(p.text("#chat-log .text").contains(evil), p.text("#chat-log"));
    assertEquals(0L, p.script("return document.querySelectorAll('#chat-log img').length"));
    assertEquals(null, p.script("return window.pwned || null"));
    assertEquals(evil, signaling.requests.stream().filter(m -> "chat".equals(m.getString("type"))).findFirst()
        .orElseThrow().getString("text"));
    p.close();
  }

  @Test
  @DisplayName("a page opened without a lesson token explains how to get in and connects nowhere")
  void missingTokenIsExplained() throws Exception {
    Chromium.Page p = chromium.open(signaling.url("classroom.html"));
    p.waitUntil(Duration.ofSeconds(10), () -> p.displayed(".fatal"), () -> "no notice");
    assertTrue(p.text(".fatal").contains("链接缺少课节编号或令牌"), p.text(".fatal"));
    assertTrue(signaling.sockets.isEmpty() || signaling.requests.stream().noneMatch(m -> "join".equals(m.getString("type"))));
    p.close();
  }

  @Test
  @DisplayName("the teacher console lists raised hands in order and gives the floor from the queue")
  void teacherGrantsTheFloorFromTheQueue() throws Exception {
    signaling.role = "master-teacher";
    signaling.me = "tch-u1-1";
    Chromium.Page p = chromium.open(lessonUrl("teacher.html"));
    p.waitUntil(Duration.ofSeconds(10), () -> "master-teacher".equals(state(p).get("role")), () -> state(p).toString());
    p.waitUntil(Duration.ofSeconds(10), () -> ((Number) p.script("return document.querySelectorAll('#classroom-grid .tile').length")).intValue() == 2,
        () -> "grid: " + p.text("#classroom-grid"));
    assertTrue(p.displayed("#hands-empty"));
    signaling.hands("cr-v2", "cr-v1");
    p.waitUntil(Duration.ofSeconds(10), () -> p.text("#hand-queue").contains("王家村"), () -> p.text("#hand-queue"));
    String queue = p.text("#hand-queue");
    assertTrue(queue.indexOf("王家村") < queue.indexOf("李家村"), "oldest hand first: " + queue);
    assertFalse(p.displayed("#hands-empty"));
    p.click("#hand-queue li:first-child .btn.primary");
    JsonObject grant = signaling.next("grant-floor");
    assertEquals("cr-v2", grant.getString("participantId"));
    p.waitUntil(Duration.ofSeconds(10), () -> p.text("#floor-holder").contains("王家村"), () -> p.text("#floor-holder"));
    assertTrue(p.text("#hand-queue").contains("李家村") && !p.text("#hand-queue").contains("王家村"));
    p.screenshot(ARTIFACTS.resolve("teacher-hand-queue.png"));
    assertTrue(Files.size(ARTIFACTS.resolve("teacher-hand-queue.png")) > 10_000);
    p.click("#lang-switch");
    assertTrue(p.text("#floor-holder").startsWith("Speaking:"), p.text("#floor-holder"));
    assertTrue(p.text("#hand-queue").contains("Give floor"), p.text("#hand-queue"));
    assertTrue(p.text(".toolbar").contains("Mute all"), p.text(".toolbar"));
    p.screenshot(ARTIFACTS.resolve("teacher-hand-queue-en.png"));
    p.click("#lang-switch");
    p.close();
  }
}
