package org.crisisline.system.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.crisisline.intake.IntakeApp;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * Sessions on an intake whose tokens live 8 seconds: an open screen renews its token and stays
 * signed in; once the token can no longer be renewed, the screen goes to the login page.
 */
@ExtendWith({RealKafka.class, WebStack.class})
class SessionExpiryWebTest {
  private static WebStack stack;
  private static IntakeApp shortLived;

  @BeforeAll
  static void browsersAndStack() {
    Chromium.requireInstalled();
    stack = WebStack.current();
    shortLived = stack.extraIntake(Map.of("CRISISLINE_JWT_TTL_SECONDS", "8"));
  }

  @AfterAll
  static void stopShortLivedIntake() {
    if (shortLived != null) {
      shortLived.close();
    }
  }

  private static String base() {
    return "http://localhost:" + shortLived.port();
  }

  private static void login(WebDriver driver, String username, String landing) {
    driver.get(base() + "/login?next=" + landing);
    driver.findElement(By.id("username")).sendKeys(username);
    driver.findElement(By.id("password")).sendKeys(WebStack.PASSWORD);
    driver.findElement(By.id("login-submit")).click();
    await("signed in as " + username).atMost(Duration.ofSeconds(15)).ignoreExceptions()
        .until(() -> driver.findElement(By.id("signed-in-as")).getText().contains(username));
  }

  private static String token(WebDriver driver) {
    Object t = Pages.js(driver, "const s = JSON.parse(sessionStorage.getItem('crisisline.session') || 'null');"
        + " return s ? s.token : null;");
    return t == null ? null : t.toString();
  }

  @Test
  void a_dashboard_left_open_past_its_tokens_lifetime_stays_signed_in() {
    try (Chromium browsers = new Chromium("session-renewed")) {
      // Given a supervisor on the dashboard with an 8-second token
      WebDriver board = browsers.desktop();
      login(board, "supervisor", "/dashboard");
      Pages.markPage(board);
      Set<String> tokens = new HashSet<>();
      tokens.add(token(board));

      // When three token lifetimes pass with the page open
      await("token renewed twice").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
          .until(() -> {
            tokens.add(token(board));
            return tokens.size() >= 3;
          });

      // Then it is the same page, still signed in, and its current token is accepted
      assertThat(board.getCurrentUrl()).endsWith("/dashboard");
      assertThat(Pages.stillSamePage(board)).isTrue();
      assertThat(Pages.text(board, "signed-in-as")).contains("supervisor");
      assertThat(Pages.fetchStatus(board, "GET", "/api/v1/queues")).isEqualTo(200);
      Chromium.screenshot(board, "session-renewed-dashboard");
    }
  }

  @Test
  void a_session_that_can_no_longer_be_renewed_ends_on_the_login_page() {
    // Given a responder signed in on their phone with an 8-second token
    String region = WebStack.unique("web-expiry");
    String responder = stack.registerResponder(region, "HOTLINE_COUNSELLOR");
    try (Chromium browsers = new Chromium("session-expired")) {
      WebDriver phone = browsers.phone();
      login(phone, responder, "/responder");

      // When an admin deactivates them, so the next renewal is refused
      stack.deactivate(responder, region);

      // Then within a token lifetime the screen goes to the login page, saying the session expired
      await("back at the login page").atMost(Duration.ofSeconds(20))
          .until(() -> phone.getCurrentUrl().contains("/login"));
      assertThat(phone.getCurrentUrl()).contains("reason=expired").contains("next=%2Fresponder");
      assertThat(token(phone)).isNull();
      Chromium.screenshot(phone, "session-expired-login");
    }
  }
}
