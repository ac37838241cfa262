package io.sanke.recorder.flow;

import io.sanke.recorder.api.Caller;
import io.sanke.recorder.api.Recording;
import io.sanke.recorder.api.RecordingState;
import io.sanke.recorder.server.Recorder;
import io.sanke.recorder.testing.Eventually;
import io.sanke.recorder.testing.Ffmpeg;
import io.sanke.recorder.testing.FfmpegTranscoder;
import io.sanke.recorder.testing.FileCapture;
import io.sanke.recorder.testing.Harness;
import io.sanke.recorder.testing.Lessons;
import io.sanke.recorder.testing.TestS3;
import io.sanke.scheduler.server.TokenIssuer;
import io.sanke.scheduler.testing.Fixtures;
import io.sanke.scheduler.testing.RedisProcess;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library page in a real browser (Debian chromium + chromedriver): a viewer finds
 * the published lesson, hls.js plays it from presigned S3 URLs (CORS), the quality menu
 * lists the three renditions and switching to one makes hls.js load it.
 */
class BrowserPlaybackTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @Test
    @DisplayName("a viewer plays a published lesson in the browser and switches renditions")
    void playsAndSwitchesRenditions() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            throw new IllegalStateException("this test needs a real browser: apt-get install chromium chromium-driver");
        }
        Path work = Files.createTempDirectory("sanke-browser-");
        Vertx vertx = Vertx.vertx();
        Recorder recorder = null;
        WebDriver browser = null;
        try (RedisProcess redis = RedisProcess.start(); TestS3 s3 = TestS3.start()) {
            Path clip = Ffmpeg.clip(work.resolve("lesson.mp4"), 20);
            recorder = Recorder.start(vertx, Harness.config(redis, work.resolve("jobs"), 1, "browser", Map.of()),
                    s3.repository(Clock.systemUTC()), new FfmpegTranscoder(false), new FileCapture(clip),
                    Clock.systemUTC(), false);
            recorder.control().start(Lessons.started("e1@2026-09-07", LocalDate.of(2026, 9, 7), Instant.now(), true),
                    "auto", Caller.SYSTEM).await(30, TimeUnit.SECONDS);
            Recording r = recorder.control().stop("e1@2026-09-07", Caller.SYSTEM).await(60, TimeUnit.SECONDS);
            Recorder rec = recorder;
            Eventually.until("pending review", Duration.ofMinutes(3),
                    () -> rec.catalog().get(r.id()).await().state() == RecordingState.PENDING_REVIEW);
            recorder.review().publish(r.id(), new Caller("u-review", Caller.REVIEWER, null)).await(30, TimeUnit.SECONDS);
            String viewer = new TokenIssuer(vertx, Fixtures.SECRET, Clock.systemUTC(), Duration.ofHours(1))
                    .viewer("u-viewer", "家长");

            ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                    .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--mute-audio",
                            "--autoplay-policy=no-user-gesture-required", "--window-size=1200,900");
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                    .withLogFile(new File(work.resolve("chromedriver.log").toString())).build();
            browser = new ChromeDriver(service, options);
            browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(20));
            browser.get("http://127.0.0.1:" + recorder.httpPort() + "/library/?token=" + viewer);
            WebDriver page = browser;
            String count = Eventually.until("the search answered", Duration.ofSeconds(30), () -> {
                String text = page.findElement(By.id("count")).getText();
                return text.isEmpty() ? null : text;
            });
            assertEquals("共 1 节课", count, "zh-CN first");
            browser.findElement(By.cssSelector("#results .card button")).click();

            JavascriptExecutor js = (JavascriptExecutor) browser;
            WebDriver b = browser;
            Eventually.until("the video plays", Duration.ofSeconds(60), () ->
                    ((Number) ((JavascriptExecutor) b).executeScript("return document.getElementById('video').currentTime")).doubleValue() > 1.0);
            assertEquals(4L, js.executeScript("return document.querySelectorAll('#quality option').length"),
                    "auto + three renditions");
            int smallest = ((Number) js.executeScript("return Library.hls.levels.findIndex(l => l.height === 144)")).intValue();
            assertTrue(smallest >= 0, "the 144p rendition is offered");
            js.executeScript("const q = document.getElementById('quality'); q.value = arguments[0]; q.dispatchEvent(new Event('change'));",
                    String.valueOf(smallest));
            Eventually.until("hls.js switched to the 144p rendition", Duration.ofSeconds(60), () ->
                    ((Number) ((JavascriptExecutor) b).executeScript("return Library.hls.currentLevel")).intValue() == smallest);
            assertEquals(144L, js.executeScript("return Library.hls.levels[Library.hls.currentLevel].height"));
            double t = ((Number) js.executeScript("return document.getElementById('video').currentTime")).doubleValue();
            Eventually.until("the video keeps playing after the switch", Duration.ofSeconds(60), () ->
                    ((Number) ((JavascriptExecutor) b).executeScript("return document.getElementById('video').currentTime")).doubleValue() > t + 1.0);
        } finally {
            if (browser != null) {
                browser.quit();
            }
            if (recorder != null) {
                recorder.stop();
            }
            vertx.close().await(30, TimeUnit.SECONDS);
            RedisProcess.deleteTree(work);
        }
    }
}
