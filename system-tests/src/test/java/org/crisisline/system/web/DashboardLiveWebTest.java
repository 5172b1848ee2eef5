package org.crisisline.system.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.crisisline.system.RealKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** The supervisor dashboard over SSE: under 2 s behind the queue, and it survives an intake restart. */
@ExtendWith({RealKafka.class, WebStack.class})
class DashboardLiveWebTest {
  private static final Duration LAG = Duration.ofSeconds(2);
  private static WebStack stack;

  @BeforeAll
  static void browsersAndStack() {
    Chromium.requireInstalled();
    stack = WebStack.current();
  }

  @Test
  void dashboard_follows_arrivals_and_acceptance_within_two_seconds_and_recovers_after_an_intake_restart() {
    // Given a region whose only counsellor is away, and a supervisor watching the dashboard
    String region = WebStack.unique("web-dash");
    String responder = stack.registerResponder(region, "HOTLINE_COUNSELLOR");
    stack.setStatus(responder, "AWAY", "on a break");
    try (Chromium browsers = new Chromium("dashboard")) {
      WebDriver board = browsers.desktop();
      Pages.login(board, stack, "supervisor", "/dashboard");
      await("live").atMost(Duration.ofSeconds(10)).until(() -> Pages.text(board, "live-state").contains("Live"));
      Pages.markPage(board);
      await("the region's pool is on the board").atMost(Duration.ofSeconds(20)).ignoreExceptions()
          .until(() -> row(board, region).findElement(By.cssSelector(".away")).getText().contains("on a break"));
      assertThat(waiting(board, region)).isZero();

      // When a HIGH request arrives
      stack.logRequest("HIGH", region);

      // Then within 2 s the board shows it waiting, with a longest wait against its target
      await("waiting 1 within 2 s").atMost(LAG).ignoreExceptions()
          .until(() -> waiting(board, region) == 1 && !longestWait(board, region).startsWith("—"));
      assertThat(longestWait(board, region)).contains("target");
      Chromium.screenshot(board, "dashboard-waiting");

      // When the counsellor comes back and accepts the offer
      stack.setStatus(responder, "AVAILABLE", null);
      AtomicReference<String> offerId = new AtomicReference<>();
      await("offer made").atMost(Duration.ofSeconds(15)).until(() -> {
        JsonNode offers = stack.currentOffers(responder);
        offerId.set(offers.size() == 0 ? null : offers.get(0).path("offerId").asText());
        return offerId.get() != null;
      });
      stack.accept(responder, offerId.get());

      // Then within 2 s nobody is waiting any more
      await("waiting 0 within 2 s").atMost(LAG).ignoreExceptions()
          .until(() -> waiting(board, region) == 0 && longestWait(board, region).startsWith("—"));

      // When intake goes down, the board says it is reconnecting
      stack.stopIntake();
      await("reconnecting banner").atMost(Duration.ofSeconds(10))
          .until(() -> board.findElement(By.id("conn")).isDisplayed());
      Chromium.screenshot(board, "dashboard-reconnecting");

      // And when intake is back on the same port, the board reconnects by itself
      stack.startIntake();
      await("reconnected").atMost(Duration.ofSeconds(20))
          .until(() -> !board.findElement(By.id("conn")).isDisplayed());

      // And it is live again: a new arrival shows up, on the same page load
      stack.setStatus(responder, "AWAY", "after the restart");
      stack.logRequest("MODERATE", region);
      await("live after restart").atMost(Duration.ofSeconds(5)).ignoreExceptions()
          .until(() -> waiting(board, region) == 1);
      assertThat(Pages.stillSamePage(board)).as("no reload of the dashboard").isTrue();
      Chromium.screenshot(board, "dashboard-recovered");
    }
  }

  private static WebElement row(WebDriver board, String region) {
    List<WebElement> rows = board.findElements(
        By.cssSelector("#pools-body tr[data-region='" + region + "'][data-pool='HOTLINE_COUNSELLOR']"));
    if (rows.isEmpty()) {
      throw new IllegalStateException("no row yet for " + region);
    }
    return rows.get(0);
  }

  private static int waiting(WebDriver board, String region) {
    return Integer.parseInt(row(board, region).findElement(By.cssSelector(".waiting-total")).getText().trim());
  }

  private static String longestWait(WebDriver board, String region) {
    return row(board, region).findElement(By.cssSelector(".longest-wait")).getText().trim();
  }
}
