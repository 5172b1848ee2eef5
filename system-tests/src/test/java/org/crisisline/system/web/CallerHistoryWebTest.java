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
import org.openqa.selenium.WebDriver;

/** The intake form tells staff, before they log, how often this number called in the last 90 days. */
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
}
