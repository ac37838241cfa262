package io.sanke.web;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium (Debian {@code chromium} + {@code chromium-driver}) driven through
 * Selenium for the page tests: one browser with a fresh profile directory, fake camera
 * and microphone, one window per page. Fails loudly when the packages are missing.
 * Test code only; it does not start any server.
 */
public final class Chromium implements AutoCloseable {
  public static final Path BROWSER = Path.of("/usr/bin/chromium");
  public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private final ChromeDriver driver;
  private final ChromeDriverService service;
  private final Path profile;
  private final List<Page> pages = new ArrayList<>();
  private final String home;

  private Chromium(ChromeDriver driver, ChromeDriverService service, Path profile) {
    this.driver = driver;
    this.service = service;
    this.profile = profile;
    this.home = driver.getWindowHandle();
  }

  /**
   * Starts the browser; {@code zh-CN} as its language. Pages may use the camera only in
   * a secure context: {@code trustedOrigins} (for example {@code http://198.18.0.1:8090}
   * inside the test network namespace) are treated as secure; loopback always is.
   */
  public static Chromium launch(String... trustedOrigins) throws IOException {
    if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
      fail("headless page tests need the Debian packages chromium and chromium-driver (" + BROWSER + ", " + DRIVER
          + "); scripts/lib.sh installs them: run ./sanke test, or apt-get install chromium chromium-driver");
    }
    Path profile = Files.createTempDirectory("sanke-chromium-");
    ChromeOptions o = new ChromeOptions();
    o.setBinary(BROWSER.toFile());
    o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile,
        "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
        "--autoplay-policy=no-user-gesture-required", "--disable-dev-shm-usage",
        "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
        "--disable-backgrounding-occluded-windows", "--window-size=1440,900", "--lang=zh-CN");
    if (trustedOrigins.length > 0) {
      o.addArguments("--unsafely-treat-insecure-origin-as-secure=" + String.join(",", trustedOrigins));
    }
    o.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort().build();
    try {
      return new Chromium(new ChromeDriver(service, o), service, profile);
    } catch (WebDriverException e) {
      service.stop();
      deleteTree(profile);
      throw e;
    }
  }

  /** Opens {@code url} in a new window (the browser's first window stays blank, keeping the session alive). */
  public synchronized Page open(String url) {
    driver.switchTo().window(home);
    driver.switchTo().newWindow(WindowType.WINDOW);
    Page p = new Page(driver.getWindowHandle());
    pages.add(p);
    driver.get(url);
    return p;
  }

  @Override
  public synchronized void close() {
    try {
      driver.quit();
    } catch (WebDriverException e) {
      // the browser is gone already
    } finally {
      service.stop();
      deleteTree(profile);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp directory left behind is harmless
    }
  }

  /** One page in its own window. Every call switches the driver to that window first. */
  public final class Page {
    private final String handle;

    private Page(String handle) {
      this.handle = handle;
    }

    private ChromeDriver focus() {
      driver.switchTo().window(handle);
      return driver;
    }

    public Object script(String js, Object... args) {
      synchronized (Chromium.this) {
        return ((JavascriptExecutor) focus()).executeScript(js, args);
      }
    }

    /** Runs {@code js} whose last argument ({@code arguments[arguments.length-1]}) is the callback. */
    public Object asyncScript(String js, Object... args) {
      synchronized (Chromium.this) {
        return ((JavascriptExecutor) focus()).executeAsyncScript(js, args);
      }
    }

    /** Awaits the promise that expression {@code js} evaluates to and returns its value. */
    public Object await(String js) {
      return asyncScript("const done = arguments[arguments.length - 1];"
          + "Promise.resolve(" + js + ").then(v => done(v), e => done({error: String(e)}));");
    }

    /** The browser console lines logged since the last call (for failure messages). */
    public String console() {
      synchronized (Chromium.this) {
        StringBuilder out = new StringBuilder();
        focus().manage().logs().get("browser").forEach(e -> out.append(e.getLevel()).append(' ').append(e.getMessage()).append('\n'));
        return out.toString();
      }
    }

    public String text(String css) {
      synchronized (Chromium.this) {
        return focus().findElement(By.cssSelector(css)).getText();
      }
    }

    public boolean displayed(String css) {
      synchronized (Chromium.this) {
        return focus().findElements(By.cssSelector(css)).stream().anyMatch(e -> e.isDisplayed());
      }
    }

    /** Clicks the element; finds it again if the page re-rendered it meanwhile. */
    public void click(String css) {
      synchronized (Chromium.this) {
        for (int attempt = 0; ; attempt++) {
          try {
            focus().findElement(By.cssSelector(css)).click();
            return;
          } catch (org.openqa.selenium.StaleElementReferenceException e) {
            if (attempt == 4) {
              throw e;
            }
          }
        }
      }
    }

    public void type(String css, String text) {
      synchronized (Chromium.this) {
        focus().findElement(By.cssSelector(css)).sendKeys(text);
      }
    }

    /** Closes the page's window (its page leaves by unloading). */
    public void close() {
      synchronized (Chromium.this) {
        focus().close();
        pages.remove(this);
        driver.switchTo().window(home);
      }
    }

    public void reload() {
      synchronized (Chromium.this) {
        focus().navigate().refresh();
      }
    }

    /** Saves a PNG of the page's viewport to {@code file} (directories created). */
    public Path screenshot(Path file) throws IOException {
      byte[] png;
      synchronized (Chromium.this) {
        png = ((TakesScreenshot) focus()).getScreenshotAs(OutputType.BYTES);
      }
      Files.createDirectories(file.getParent());
      return Files.write(file, png);
    }

    /** Polls until {@code condition} holds; fails with what was seen last. */
    public void waitUntil(Duration limit, BooleanSupplier condition, Supplier<String> seen) {
      long end = System.nanoTime() + limit.toNanos();
      while (!condition.getAsBoolean()) {
        if (System.nanoTime() > end) {
          fail("page condition not met within " + limit + ": " + seen.get());
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          fail("interrupted");
        }
      }
    }
  }
}
