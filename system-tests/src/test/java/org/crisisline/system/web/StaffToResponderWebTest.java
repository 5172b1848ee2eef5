package org.crisisline.system.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** The whole path through the screens: staff form → responder's phone → staff sees ACCEPTED, no reload. */
@ExtendWith({RealKafka.class, WebStack.class})
class StaffToResponderWebTest {
  private static WebStack stack;

  @BeforeAll
  static void browsersAndStack() {
    Chromium.requireInstalled();
    stack = WebStack.current();
  }

  @Test
  void staff_log_an_imminent_risk_request_and_see_it_accepted_by_the_responder_without_a_reload() {
    // Given a hotline counsellor alone in their region, signed in on a phone and available
    String region = WebStack.unique("web-flow");
    String responder = stack.registerResponder(region, "HOTLINE_COUNSELLOR");
    try (Chromium browsers = new Chromium("staff-flow")) {
      WebDriver phone = browsers.phone();
      Pages.login(phone, stack, responder, "/responder");
      phone.findElement(By.id("status-AVAILABLE")).click();
      await("responder shown as available").atMost(Duration.ofSeconds(10))
          .until(() -> Pages.text(phone, "my-status").equals("Available"));

      // And staff signed in on the intake form
      WebDriver staff = browsers.desktop();
      Pages.login(staff, stack, "staff", "/");
      Pages.markPage(staff);

      // When staff fill the form from the keyboard: Alt+1 = imminent risk, then Enter logs it
      WebElement channel = staff.switchTo().activeElement();
      channel.sendKeys(Keys.chord(Keys.ALT, "1"));
      assertThat(staff.findElement(By.id("urgency-IMMINENT_RISK")).isSelected()).isTrue();
      staff.findElement(By.id("region")).sendKeys(region);
      staff.findElement(By.id("phone")).sendKeys("+15035550100");
      staff.findElement(By.id("consent")).click();
      staff.findElement(By.id("summary")).sendKeys("Caller at home, says they are not safe tonight.");
      staff.findElement(By.id("region")).sendKeys(Keys.ENTER);

      // Then the staff page follows the new request
      await("request logged").atMost(Duration.ofSeconds(10))
          .until(() -> !Pages.text(staff, "live-request-id").isBlank());

      // And the responder's phone shows the offer with its countdown
      await("offer on the responder's phone").atMost(Duration.ofSeconds(20)).ignoreExceptions()
          .until(() -> phone.findElement(By.cssSelector(".offer-card .countdown")).getText().contains("left"));
      assertThat(phone.findElement(By.cssSelector(".offer-card")).getText()).contains("Imminent risk");
      Chromium.screenshot(phone, "responder-offer");
      Axe.assertClean(phone, null, "the responder page showing an offer");

      // When the responder accepts
      phone.findElement(By.cssSelector(".offer-card .accept")).click();

      // Then the responder sees the caller's contact and notes
      await("details shown to the accepting responder").atMost(Duration.ofSeconds(20)).ignoreExceptions()
          .until(() -> phone.findElement(By.id("details-phone")).getText().contains("+15035550100"));
      assertThat(Pages.text(phone, "details-summary")).contains("not safe tonight");
      Chromium.screenshot(phone, "responder-accepted");

      // And the staff page shows ACCEPTED on the same page load
      await("staff see ACCEPTED").atMost(Duration.ofSeconds(15)).ignoreExceptions()
          .until(() -> "ACCEPTED".equals(staff.findElement(By.id("live-status")).getAttribute("data-value")));
      assertThat(Pages.stillSamePage(staff)).as("no reload of the staff page").isTrue();
      await("today's list shows it accepted").atMost(Duration.ofSeconds(10)).ignoreExceptions()
          .until(() -> staff.findElement(By.cssSelector("#today-body tr[data-region='" + region + "'] .today-status"))
              .getText().equals("Accepted"));
      Chromium.screenshot(staff, "staff-accepted");
    }
  }

  @Test
  void the_dev_outbox_shows_the_offer_email_with_its_signed_link_clickable() {
    // Given an available counsellor who is offered a request (the notifier emails the offer)
    String region = WebStack.unique("web-outbox");
    String responder = stack.registerResponder(region, "HOTLINE_COUNSELLOR");
    stack.setStatus(responder, "AVAILABLE", null);
    stack.logRequest("HIGH", region);
    try (Chromium browsers = new Chromium("dev-outbox")) {
      // When a supervisor opens the dev outbox
      WebDriver board = browsers.desktop();
      Pages.login(board, stack, "supervisor", "/dev/outbox");

      // Then the email to that responder appears by itself (auto-refresh), with the link clickable
      String row = "#outbox-body tr[data-responder-id='" + responder + "']";
      await("offer email listed").atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> board.findElement(By.cssSelector(row + " a[href*='/r/']")).isDisplayed());
      Chromium.screenshot(board, "dev-outbox");
      Axe.assertClean(board, null, "the dev outbox");

      // And following the link opens the offer page (which only shows the offer)
      WebElement link = board.findElement(By.cssSelector(row + " a[href*='/r/']"));
      board.get(link.getAttribute("href"));
      assertThat(board.getPageSource()).contains("Accept").contains("Decline");
    }
  }
}
