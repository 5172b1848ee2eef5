package org.crisisline.system.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

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
          .until(() -> cell(board, region, "away").contains("on a break"));
      assertThat(waiting(board, region)).isZero();

      // When a HIGH request arrives
      stack.logRequest("HIGH", region);

      // Then within 2 s the board shows it waiting, with a longest wait against its target
      await("waiting 1 within 2 s, with a longest wait against its target").atMost(LAG).ignoreExceptions()
          .until(() -> waiting(board, region) == 1 && longestWait(board, region).contains("target"));
      Chromium.screenshot(board, "dashboard-waiting");
      Axe.assertClean(board, null, "the dashboard with a request waiting");

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

  private static int waiting(WebDriver board, String region) {
    return Integer.parseInt(cell(board, region, "waiting-total"));
  }

  private static String longestWait(WebDriver board, String region) {
    return cell(board, region, "longest-wait");
  }

  /**
   * One cell's text, read in a single script: the board re-renders its rows every second, so a row
   * found by one call and read by the next can already be gone (a stale element).
   */
  private static String cell(WebDriver board, String region, String cellClass) {
    Object text = Pages.js(board,
        "const row = [...document.querySelectorAll('#pools-body tr')].find(r =>"
            + " r.dataset.region === arguments[0] && r.dataset.pool === 'HOTLINE_COUNSELLOR');"
            + "const cell = row && row.querySelector('.' + arguments[1]);"
            + "return cell ? cell.innerText.trim() : null;",
        region, cellClass);
    if (text == null) {
      throw new IllegalStateException("no " + cellClass + " cell yet for " + region);
    }
    return (String) text;
  }
}
