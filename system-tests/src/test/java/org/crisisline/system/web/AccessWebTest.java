package org.crisisline.system.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/** Who may see what: an offer only to its responder; the dashboard only to supervisors. */
@ExtendWith({RealKafka.class, WebStack.class})
class AccessWebTest {
  private static WebStack stack;

  @BeforeAll
  static void browsersAndStack() {
    Chromium.requireInstalled();
    stack = WebStack.current();
  }

  @Test
  void a_responder_cannot_see_or_answer_another_responders_offer() {
    // Given two available counsellors in one region, each signed in on their phone
    String region = WebStack.unique("web-access");
    String first = stack.registerResponder(region, "HOTLINE_COUNSELLOR");
    String second = stack.registerResponder(region, "HOTLINE_COUNSELLOR");
    try (Chromium browsers = new Chromium("offer-privacy")) {
      WebDriver firstPhone = browsers.phone();
      WebDriver secondPhone = browsers.phone();
      Pages.login(firstPhone, stack, first, "/responder");
      Pages.login(secondPhone, stack, second, "/responder");
      stack.setStatus(first, "AVAILABLE", null);
      stack.setStatus(second, "AVAILABLE", null);

      // When a request arrives, it is offered to exactly one of them
      stack.logRequest("HIGH", region);
      AtomicReference<String> holder = new AtomicReference<>();
      AtomicReference<String> offerId = new AtomicReference<>();
      await("offer made").atMost(Duration.ofSeconds(20)).until(() -> {
        for (String r : new String[] {first, second}) {
          var offers = stack.currentOffers(r);
          if (offers.size() > 0) {
            holder.set(r);
            offerId.set(offers.get(0).path("offerId").asText());
            return true;
          }
        }
        return false;
      });
      WebDriver holderPhone = holder.get().equals(first) ? firstPhone : secondPhone;
      WebDriver otherPhone = holder.get().equals(first) ? secondPhone : firstPhone;

      // Then the holder's phone shows it, and the other phone shows no offer, and keeps showing none
      await("offer on the holder's phone").atMost(Duration.ofSeconds(10))
          .until(() -> !holderPhone.findElements(By.cssSelector(".offer-card[data-offer-id='" + offerId.get() + "']")).isEmpty());
      await("nothing on the other phone").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
          .until(() -> otherPhone.findElements(By.cssSelector(".offer-card")).isEmpty()
              && otherPhone.findElement(By.id("no-offer")).isDisplayed());
      Chromium.screenshot(otherPhone, "access-other-responder-no-offer");

      // And the other responder's session cannot answer it either
      assertThat(Pages.fetchStatus(otherPhone, "POST", "/api/v1/offers/" + offerId.get() + "/accept")).isEqualTo(403);
      assertThat(holderPhone.findElements(By.cssSelector(".offer-card"))).hasSize(1);
    }
  }

  @Test
  void staff_cannot_open_the_dashboard() {
    try (Chromium browsers = new Chromium("staff-dashboard")) {
      // Given staff signed in
      WebDriver staff = browsers.desktop();
      Pages.login(staff, stack, "staff", "/");

      // When they open the dashboard
      staff.get(stack.baseUrl() + "/dashboard");

      // Then they are told it is for supervisors, and no queue figures are shown
      await("access denied").atMost(Duration.ofSeconds(10))
          .until(() -> staff.findElement(By.id("access-denied")).isDisplayed());
      assertThat(Pages.text(staff, "access-denied")).contains("supervisors");
      assertThat(staff.findElement(By.id("dashboard-body")).isDisplayed()).isFalse();
      Chromium.screenshot(staff, "access-staff-dashboard-denied");

      // And the server refuses them the data too: the list and the stream by header, and a session
      // token in the stream's URL is refused outright (the stream opens only with a ticket)
      assertThat(Pages.fetchStatus(staff, "GET", "/api/v1/queues")).isEqualTo(403);
      assertThat(stack.statusOf("/api/v1/queues/stream", stack.token("staff"), false)).isEqualTo(403);
      assertThat(stack.statusOf("/api/v1/queues/stream", stack.token("staff"), true)).isEqualTo(400);
    }
  }
}
