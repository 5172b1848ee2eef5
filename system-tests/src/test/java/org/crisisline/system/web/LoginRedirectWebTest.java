package org.crisisline.system.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/** After sign-in the page goes back to ?next= only if that is one of the app's own screens. */
@ExtendWith({RealKafka.class, WebStack.class})
class LoginRedirectWebTest {
  private static WebStack stack;

  @BeforeAll
  static void browsersAndStack() {
    Chromium.requireInstalled();
    stack = WebStack.current();
  }

  private static String landingAfterSignIn(WebDriver driver, String next) {
    driver.get(stack.baseUrl() + "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
    driver.findElement(By.id("username")).sendKeys("staff");
    driver.findElement(By.id("password")).sendKeys(WebStack.password("staff"));
    driver.findElement(By.id("login-submit")).click();
    await("left the login page for " + next).atMost(Duration.ofSeconds(15))
        .until(() -> !driver.getCurrentUrl().contains("/login"));
    String landed = driver.getCurrentUrl();
    driver.manage().deleteAllCookies();
    ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("sessionStorage.clear();");
    return landed;
  }

  @Test
  void openRedirectToProtocolRelativeUrlIsRefused() {
    try (Chromium browsers = new Chromium("login-redirect")) {
      WebDriver driver = browsers.desktop();
      // Given a sign-in link whose next= leads off-site, in every spelling browsers read as "//host"
      for (String next : new String[] {"//evil.example/", "/\\evil.example", "/%09/evil.example", "/\t/evil.example",
          "/\\/evil.example", "https://evil.example/", "/%5Cevil.example", "/ /evil.example"}) {
        // Then signing in lands on the staff home screen of this site
        assertThat(landingAfterSignIn(driver, next)).as(next).isEqualTo(stack.baseUrl() + "/");
      }
      // While a genuine screen of the app is honoured
      assertThat(landingAfterSignIn(driver, "/?from=link")).isEqualTo(stack.baseUrl() + "/?from=link");
    }
  }
}
