package org.crisisline.system.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The responder screen's Decline and Complete buttons, the status it shows on load, and the AWAY
 * routing sets after a missed offer.
 */
@ExtendWith({RealKafka.class, WebStack.class})
class ResponderActionsWebTest {
  private static WebStack stack;

  @BeforeAll
  static void browsersAndStack() {
    Chromium.requireInstalled();
    stack = WebStack.current();
  }

  @Test
  void a_declined_offer_leaves_the_responders_screen_and_goes_to_the_next_responder() {
    // Given one available counsellor signed in on their phone, who is offered a request
    String region = WebStack.unique("web-decline");
    String first = stack.registerResponder(region, "HOTLINE_COUNSELLOR");
    stack.setStatus(first, "AVAILABLE", null);
    try (Chromium browsers = new Chromium("responder-decline")) {
      WebDriver phone = browsers.phone();
      Pages.login(phone, stack, first, "/responder");
      // The status the server holds is shown on load
      await("status shown on load").atMost(Duration.ofSeconds(10))
          .until(() -> Pages.text(phone, "my-status").equals("Available"));
      String requestId = stack.logRequest("HIGH", region);
      await("offer on the phone").atMost(Duration.ofSeconds(20)).ignoreExceptions()
          .until(() -> phone.findElement(By.cssSelector(".offer-card .decline")).isDisplayed());
      // And a second counsellor becomes available while it is outstanding
      String second = stack.registerResponder(region, "HOTLINE_COUNSELLOR");
      stack.setStatus(second, "AVAILABLE", null);

      // When the first presses Decline
      phone.findElement(By.cssSelector(".offer-card .decline")).click();

      // Then the offer leaves their screen without an "expired or withdrawn" warning
      await("offer gone from the phone").atMost(Duration.ofSeconds(10))
          .until(() -> phone.findElements(By.cssSelector(".offer-card")).isEmpty()
              && phone.findElement(By.id("no-offer")).isDisplayed());
      assertThat(phone.findElement(By.id("offer-gone")).isDisplayed()).isFalse();
      Chromium.screenshot(phone, "responder-declined");
      // And routing offers the request to the other counsellor, never again to the first
      await("offered to the second").atMost(Duration.ofSeconds(20))
          .until(() -> stack.currentOffers(second).size() == 1);
      assertThat(stack.currentOffers(second).get(0).path("requestId").asText()).isEqualTo(requestId);
      assertThat(stack.currentOffers(first).size()).isZero();
    }
  }

  @Test
  void a_responder_who_misses_an_offer_is_told_routing_set_them_away_until_they_press_available() {
    // Given an available counsellor on their phone, offered an imminent-risk request (30 s to answer)
    String region = WebStack.unique("web-missed");
    String responder = stack.registerResponder(region, "HOTLINE_COUNSELLOR");
    stack.setStatus(responder, "AVAILABLE", null);
    try (Chromium browsers = new Chromium("responder-missed")) {
      WebDriver phone = browsers.phone();
      Pages.login(phone, stack, responder, "/responder");
      stack.logRequest("IMMINENT_RISK", region);
      await("offer on the phone").atMost(Duration.ofSeconds(20)).ignoreExceptions()
          .until(() -> phone.findElement(By.cssSelector(".offer-card")).isDisplayed());
      String code = stack.currentOffers(responder).get(0).path("offerCode").asText();

      // When they let it time out, Then the screen says routing set them away, naming the offer by its code
      await("away notice").atMost(Duration.ofSeconds(60)).ignoreExceptions()
          .until(() -> phone.findElement(By.id("away-notice")).isDisplayed());
      assertThat(Pages.text(phone, "away-notice"))
          .startsWith("You were set away: missed offer " + code).endsWith("press Available when ready.");
      assertThat(Pages.text(phone, "my-status")).startsWith("Away");
      Chromium.screenshot(phone, "responder-set-away");

      // When they press Available, Then the notice goes and they are available again
      phone.findElement(By.id("status-AVAILABLE")).click();
      await("available again").atMost(Duration.ofSeconds(10))
          .until(() -> Pages.text(phone, "my-status").equals("Available")
              && !phone.findElement(By.id("away-notice")).isDisplayed());
    }
  }

  @Test
  void completing_an_accepted_request_closes_it_and_clears_the_details_from_the_screen() {
    // Given a counsellor who accepted a request on their phone and sees its details
    String region = WebStack.unique("web-complete");
    String responder = stack.registerResponder(region, "HOTLINE_COUNSELLOR");
    stack.setStatus(responder, "AVAILABLE", null);
    try (Chromium browsers = new Chromium("responder-complete")) {
      WebDriver phone = browsers.phone();
      Pages.login(phone, stack, responder, "/responder");
      String requestId = stack.logRequest("HIGH", region);
      await("offer on the phone").atMost(Duration.ofSeconds(20)).ignoreExceptions()
          .until(() -> phone.findElement(By.cssSelector(".offer-card .accept")).isDisplayed());
      phone.findElement(By.cssSelector(".offer-card .accept")).click();
      await("details shown").atMost(Duration.ofSeconds(20)).ignoreExceptions()
          .until(() -> phone.findElement(By.id("details")).isDisplayed());

      // When they choose how it ended, screen the caller (thoughts with a method: MODERATE), tick the
      // safety plan, add a note and press Complete
      new Select(phone.findElement(By.id("disposition"))).selectByValue("SAFETY_PLAN_MADE");
      phone.findElement(By.cssSelector("input[name=screen][value=suicidalThoughts]")).click();
      phone.findElement(By.cssSelector("input[name=screen][value=thoughtsWithMethod]")).click();
      await("risk level shown").atMost(Duration.ofSeconds(5))
          .until(() -> Pages.text(phone, "risk-level-line").contains("MODERATE"));
      phone.findElement(By.id("safety-plan")).click();
      phone.findElement(By.id("completion-note")).sendKeys("agreed to call her sister tonight");
      phone.findElement(By.id("complete")).click();

      // Then the accepted panel, with the caller's details, leaves the screen
      await("accepted panel hidden").atMost(Duration.ofSeconds(10))
          .until(() -> !phone.findElement(By.id("accepted")).isDisplayed());
      Chromium.screenshot(phone, "responder-completed");
      // And the request is COMPLETED
      await("request completed").atMost(Duration.ofSeconds(20))
          .until(() -> stack.requestStatus(requestId).equals("COMPLETED"));
      // And its record carries the risk level the screen gives
      assertThat(stack.riskLevel(requestId)).isEqualTo("MODERATE");
    }
  }
}
