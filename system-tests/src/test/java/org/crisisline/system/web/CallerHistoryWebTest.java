package org.crisisline.system.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * The intake form's part of the contact record: before logging it tells staff how often this number
 * called in the last 90 days, and it records the C-SSRS screen when staff ask it.
 */
@ExtendWith({RealKafka.class, WebStack.class})
class CallerHistoryWebTest {
  private static WebStack stack;

  @BeforeAll
  static void browsersAndStack() {
    Chromium.requireInstalled();
    stack = WebStack.current();
  }

  @Test
  void typingAKnownNumberShowsItsEarlierContactsBeforeLogging() {
    // Given two earlier requests from one number
    String region = WebStack.unique("web-hist");
    stack.registerResponder(region, "HOTLINE_COUNSELLOR");
    String phone = "+1503555" + (1000 + ThreadLocalRandom.current().nextInt(8999));
    stack.logRequestFrom(phone, "HIGH", region);
    stack.logRequestFrom(phone, "MODERATE", region);
    try (Chromium browsers = new Chromium("caller-history")) {
      WebDriver staff = browsers.desktop();
      Pages.login(staff, stack, "staff", "/");
      // When staff type that number, spaced as a caller says it
      String digits = phone.substring(2);
      staff.findElement(By.id("phone")).sendKeys("+1 " + digits.substring(0, 3) + " " + digits.substring(3, 6) + " "
          + digits.substring(6));
      // Then the form says how many earlier contacts, before anything is logged
      await("the history hint").atMost(Duration.ofSeconds(20)).ignoreExceptions().pollInterval(Duration.ofMillis(500))
          .until(() -> {
            if (!Pages.text(staff, "caller-history").contains("2 earlier contacts")) {
              staff.findElement(By.id("phone")).sendKeys(" ");
              return false;
            }
            return true;
          });
      assertThat(Pages.text(staff, "caller-history")).contains("in the last 90 days; last ");
      // And an unknown number has none
      staff.findElement(By.id("phone")).clear();
      String other = phone.endsWith("7") ? phone.substring(0, phone.length() - 1) + "8" : phone.substring(0, phone.length() - 1) + "7";
      staff.findElement(By.id("phone")).sendKeys(other);
      await("no history").atMost(Duration.ofSeconds(10))
          .until(() -> Pages.text(staff, "caller-history").contains("No earlier contacts in the last 90 days"));
    }
  }

  @Test
  void aScreenAskedAtIntakeGivesTheRequestItsRiskLevel() {
    // Given staff on the form, for a region of its own
    String region = WebStack.unique("web-screen");
    stack.registerResponder(region, "PEER_SPECIALIST");
    try (Chromium browsers = new Chromium("intake-screen")) {
      WebDriver staff = browsers.desktop();
      Pages.login(staff, stack, "staff", "/");
      staff.findElement(By.id("urgency-MODERATE")).click();
      staff.findElement(By.id("region")).sendKeys(region);
      // When they open the screen and tick behaviour, then "within three months" (enabled only after it)
      staff.findElement(By.cssSelector("#intake-screen summary")).click();
      assertThat(staff.findElement(By.cssSelector("input[value=behaviourWithinThreeMonths]")).isEnabled()).isFalse();
      staff.findElement(By.cssSelector("input[name=intake-screen][value=behaviour]")).click();
      await("MODERATE shown").atMost(Duration.ofSeconds(5))
          .until(() -> Pages.text(staff, "intake-risk-level").contains("moderate"));
      staff.findElement(By.cssSelector("input[value=behaviourWithinThreeMonths]")).click();
      await("HIGH shown").atMost(Duration.ofSeconds(5))
          .until(() -> Pages.text(staff, "intake-risk-level").contains("high"));
      staff.findElement(By.id("submit")).click();
      // Then the logged request's view says risk HIGH
      await("risk HIGH on the request").atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> "HIGH".equals(
          ((JavascriptExecutor) staff).executeAsyncScript(
              "const done = arguments[arguments.length - 1];"
                  + "const s = JSON.parse(sessionStorage.getItem('crisisline.session'));"
                  + "const h = {Authorization: 'Bearer ' + s.token};"
                  + "fetch('/api/v1/requests?mine=today', {headers: h}).then(r => r.json())"
                  + " .then(list => list.find(r => r.region === arguments[0]))"
                  + " .then(r => r ? fetch('/api/v1/requests/' + r.requestId, {headers: h}).then(x => x.json()) : {})"
                  + " .then(v => done(v.riskLevel || 'none'), e => done('error ' + e));",
              region)));
    }
  }
}
