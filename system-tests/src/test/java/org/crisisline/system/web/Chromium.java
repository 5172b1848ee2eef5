package org.crisisline.system.web;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian chromium driven through Debian's chromedriver, with both paths set explicitly
 * so Selenium Manager never tries to download a browser or driver (these machines cannot).
 * Paths come from system properties {@code crisisline.chromium} / {@code crisisline.chromedriver}
 * (defaults /usr/bin/chromium, /usr/bin/chromedriver). When either is missing the test FAILS with
 * the install command: CI installs them, so a silent skip would hide a broken pipeline.
 */
final class Chromium implements AutoCloseable {
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  // Selenium warns on every start that it has no CDP binding for this chromium; we do not use CDP.
  private static final java.util.logging.Logger SELENIUM_LOG = quietSelenium();

  private final String name;
  private final List<WebDriver> drivers = new ArrayList<>();
  private final List<Path> profiles = new ArrayList<>();

  /** {@code name} prefixes the end-of-test screenshots taken of every browser on close. */
  Chromium(String name) {
    this.name = name;
  }

  private static java.util.logging.Logger quietSelenium() {
    java.util.logging.Logger log = java.util.logging.Logger.getLogger("org.openqa.selenium");
    log.setLevel(java.util.logging.Level.SEVERE);
    return log;
  }

  /** Fails the calling test unless both binaries exist and are executable. */
  static void requireInstalled() {
    for (String path : new String[] {chromium(), chromedriver()}) {
      File f = new File(path);
      if (!f.canExecute()) {
        fail("Browser tests need Debian's chromium and chromedriver, but " + path + " is missing or not executable."
            + " Install them with: apt-get install -y chromium chromium-driver"
            + " (or point -Dcrisisline.chromium / -Dcrisisline.chromedriver at them).");
      }
    }
  }

  private static String chromium() {
    return System.getProperty("crisisline.chromium", "/usr/bin/chromium");
  }

  private static String chromedriver() {
    return System.getProperty("crisisline.chromedriver", "/usr/bin/chromedriver");
  }

  /** A fresh browser (own profile, so its sessionStorage is its own) at the given window size. */
  WebDriver open(int width, int height) {
    requireInstalled();
    System.setProperty("webdriver.chrome.driver", chromedriver());
    Path profile;
    try {
      profile = Files.createTempDirectory("crisisline-chromium-");
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a browser profile directory", e);
    }
    profiles.add(profile);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(chromedriver()))
        .usingAnyFreePort()
        .build();
    WebDriver driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(new Dimension(width, height));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    drivers.add(driver);
    return driver;
  }

  /** A desktop browser at the 1366x768 the issue names. */
  WebDriver desktop() {
    return open(1366, 768);
  }

  /** A phone-sized browser, as responders use. */
  WebDriver phone() {
    return open(412, 915);
  }

  /** Saves target/screenshots/{name}.png and returns its path. */
  static Path screenshot(WebDriver driver, String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
      Path target = SCREENSHOTS.resolve(name + ".png");
      Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new IllegalStateException("cannot save screenshot " + name, e);
    }
  }

  @Override
  public void close() {
    int i = 0;
    for (WebDriver d : drivers) {
      try {
        // The last state of every browser, pass or fail: what a failing assertion could not show.
        screenshot(d, name + "-end-" + (++i));
      } catch (RuntimeException e) {
        // A browser that already died must not hide the test's own failure.
      }
      try {
        d.quit();
      } catch (RuntimeException e) {
        // A browser that already died must not hide the test's own failure.
      }
    }
    drivers.clear();
    for (Path p : profiles) {
      deleteQuietly(p);
    }
    profiles.clear();
  }

  private static void deleteQuietly(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Temp profiles are best-effort cleanup.
    }
  }
}
