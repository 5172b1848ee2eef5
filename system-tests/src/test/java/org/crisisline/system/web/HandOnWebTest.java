package org.crisisline.system.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crisisline.intake.openapi.OpenApiResponses;
import org.crisisline.kafkalocal.RealKafka;
import org.crisisline.smssink.OutboxMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The responder's "Hand on" (peer support in one click, a support group in two) and the service's
 * referral answer page ({@code /s/{token}}, from the referral email): accept, then record the
 * outcome, each page axe-clean and usable without a mouse-only control; the supervisors' dashboard
 * then counts the referral accepted and connected.
 */
@ExtendWith({RealKafka.class, WebStack.class})
class HandOnWebTest {
  private static final Pattern SERVICE_LINK = Pattern.compile("http://localhost:\\d+/s/[A-Za-z0-9_.~-]+");
  private static WebStack stack;

  @BeforeAll
  static void browsersAndStack() {
    Chromium.requireInstalled();
    stack = WebStack.current();
  }

  /** A counsellor on their phone who accepted a call and sees its details. */
  private static String acceptOnPhone(WebDriver phone, String region) {
    String counsellor = stack.registerResponder(region, "HOTLINE_COUNSELLOR");
    stack.setStatus(counsellor, "AVAILABLE", null);
    Pages.login(phone, stack, counsellor, "/responder");
    String requestId = stack.logRequest("HIGH", region);
    await("offer on the phone").atMost(Duration.ofSeconds(20)).ignoreExceptions()
        .until(() -> phone.findElement(By.cssSelector(".offer-card .accept")).isDisplayed());
    phone.findElement(By.cssSelector(".offer-card .accept")).click();
    await("details shown").atMost(Duration.ofSeconds(20)).ignoreExceptions()
        .until(() -> phone.findElement(By.id("details")).isDisplayed());
    return requestId;
  }

  @Test
  void a_counsellor_hands_a_person_on_to_peer_support_in_one_click_and_a_peer_specialist_is_offered_them() {
    String region = WebStack.unique("web-handon");
    String peer = stack.registerResponder(region, "PEER_SPECIALIST");
    stack.setStatus(peer, "AVAILABLE", null);
    try (Chromium browsers = new Chromium("responder-handon")) {
      WebDriver phone = browsers.phone();
      String parent = acceptOnPhone(phone, region);
      Axe.assertClean(phone, "#accepted", "the accepted request with its Hand on control");

      // When the counsellor presses Hand on (peer support is the default choice)
      assertThat(new Select(phone.findElement(By.id("handon-to"))).getFirstSelectedOption().getAttribute("value"))
          .isEqualTo("PEER_SUPPORT");
      phone.findElement(By.id("handon-button")).click();

      // Then the page says so, naming the new request, and suggests the wrap-up
      await("handed on").atMost(Duration.ofSeconds(20))
          .until(() -> Pages.text(phone, "handon-result").startsWith("Handed on to Peer support"));
      String child = Pages.text(phone, "handon-result").replaceAll(".*new request ([0-9a-f-]+)\\..*", "$1");
      assertThat(child).isNotEqualTo(parent).hasSize(36);
      assertThat(new Select(phone.findElement(By.id("disposition"))).getFirstSelectedOption().getAttribute("value"))
          .isEqualTo("HANDED_ON");
      Chromium.screenshot(phone, "responder-handed-on");
      // And routing offers the new request to the peer specialist
      await("offered to the peer").atMost(Duration.ofSeconds(30))
          .until(() -> stack.currentOffers(peer).size() == 1);
      assertThat(stack.currentOffers(peer).get(0).path("requestId").asText()).isEqualTo(child);
    }
  }

  @Test
  void a_service_answers_a_hand_on_to_a_support_group_from_its_link_accepts_and_records_the_outcome() throws Exception {
    String region = WebStack.unique("web-group");
    String service = registerOpenGroup(region);
    try (Chromium browsers = new Chromium("service-link")) {
      WebDriver phone = browsers.phone();
      acceptOnPhone(phone, region);
      // When the counsellor chooses "Support group" and presses Hand on: two actions
      new Select(phone.findElement(By.id("handon-to"))).selectByValue("REFERRAL:SUPPORT_GROUP");
      phone.findElement(By.id("handon-button")).click();
      await("handed on").atMost(Duration.ofSeconds(20))
          .until(() -> Pages.text(phone, "handon-result").startsWith("Handed on to Support group"));

      // Then the group's intake contact gets a referral email with its signed answer link
      String[] link = new String[1];
      await("referral email").atMost(Duration.ofSeconds(60)).until(() -> {
        for (OutboxMessage m : stack.mailSent()) {
          Matcher found = SERVICE_LINK.matcher(m.body());
          if (service.equals(m.responderId()) && found.find()) {
            link[0] = found.group();
            return true;
          }
        }
        return false;
      });
      WebDriver desk = browsers.desktop();
      desk.get(link[0]);
      await("referral page").atMost(Duration.ofSeconds(20)).ignoreExceptions()
          .until(() -> desk.findElement(By.id("accept")).isDisplayed());
      assertThat(Pages.text(desk, "referral-state")).isEqualTo("waiting for your answer");
      assertThat(desk.getPageSource()).doesNotContain("+1503");
      Axe.assertClean(desk, null, "the service's referral page");

      // When the service accepts, Then the page thanks it and is axe-clean
      desk.findElement(By.id("accept")).click();
      await("accepted").atMost(Duration.ofSeconds(10)).until(() -> desk.getTitle().startsWith("Referral accepted"));
      Axe.assertClean(desk, null, "the referral accepted page");

      // And back on the referral, the outcome is recorded with the keyboard-reachable radios
      desk.get(link[0]);
      await("outcome form").atMost(Duration.ofSeconds(10)).ignoreExceptions()
          .until(() -> desk.findElement(By.id("record-outcome")).isDisplayed());
      Axe.assertClean(desk, null, "the accepted referral with its outcome form");
      desk.findElement(By.id("outcome-connected")).click();
      desk.findElement(By.id("record-outcome")).click();
      await("outcome recorded").atMost(Duration.ofSeconds(10)).until(() -> desk.getTitle().startsWith("Outcome recorded"));
      Chromium.screenshot(desk, "service-outcome-recorded");
      desk.get(link[0]);
      assertThat(Pages.text(desk, "referral-state")).isEqualTo("accepted; outcome: Connected");

      // And a supervisor's dashboard counts referrals accepted and connected, in words, axe-clean
      WebDriver supervisor = browsers.desktop();
      Pages.login(supervisor, stack, "supervisor", "/dashboard");
      await("referrals panel").atMost(Duration.ofSeconds(20))
          .until(() -> Pages.text(supervisor, "referrals-summary").contains("reported connected"));
      assertThat(Pages.text(supervisor, "referrals-summary")).contains("Accepted by a service");
      Axe.assertClean(supervisor, "#referrals-panel", "the dashboard's referrals panel");
    }
  }

  /** A support group in the region, open round the clock, with room, reached by email. */
  private static String registerOpenGroup(String region) throws Exception {
    String id = WebStack.unique("svc");
    List<Map<String, Object>> always = new ArrayList<>();
    for (DayOfWeek d : DayOfWeek.values()) {
      always.add(Map.of("day", d.name(), "opens", "00:00", "closes", "23:59:59"));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("organization", "Web Trust");
    body.put("name", "Web support group");
    body.put("kinds", List.of("SUPPORT_GROUP"));
    body.put("status", "ACTIVE");
    body.put("serviceArea", Map.of("regions", List.of(region)));
    body.put("languages", List.of("en"));
    body.put("schedule", always);
    body.put("timeZone", "UTC");
    body.put("capacity", Map.of("available", 5, "maximum", 10));
    body.put("intakeContact", Map.of("email", id + "@services.example.org"));
    HttpRequest put = HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/api/v1/directory/" + id))
        .header("Authorization", "Bearer " + stack.token("admin")).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(org.crisisline.events.JsonSerde.MAPPER.writeValueAsString(body)))
        .build();
    HttpResponse<String> r = OpenApiResponses.check(HttpClient.newHttpClient().send(put, HttpResponse.BodyHandlers.ofString()));
    assertThat(r.statusCode()).as(r.body()).isLessThan(300);
    return id;
  }
}
