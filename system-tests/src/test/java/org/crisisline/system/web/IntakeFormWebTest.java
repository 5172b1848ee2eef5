package org.crisisline.system.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.interactions.Actions;

/** The staff form against the real intake: the server's field errors land next to their fields; one log per fill. */
@ExtendWith({RealKafka.class, WebStack.class})
class IntakeFormWebTest {
  private static WebStack stack;

  @BeforeAll
  static void browsersAndStack() {
    Chromium.requireInstalled();
    stack = WebStack.current();
  }

  @Test
  void the_servers_field_errors_are_shown_next_to_their_fields() {
    try (Chromium browsers = new Chromium("form-errors")) {
      // Given staff on the intake form
      WebDriver staff = browsers.desktop();
      Pages.login(staff, stack, "staff", "/");

      // When they submit without an urgency, with an unknown region, a bad language and a bad phone
      staff.findElement(By.id("language")).clear();
      staff.findElement(By.id("language")).sendKeys("english");
      staff.findElement(By.id("region")).sendKeys("nowhere-at-all");
      staff.findElement(By.id("phone")).sendKeys("12345");
      staff.findElement(By.id("region")).sendKeys(Keys.ENTER);

      // Then each message from the server's problem+json sits under its own field, marked invalid
      await("field errors shown").atMost(Duration.ofSeconds(10))
          .until(() -> staff.findElement(By.id("error-summary")).isDisplayed());
      Map<String, String> fieldToControl = Map.of(
          "urgency", "[data-field='urgency']",
          "region", "#region",
          "language", "#language",
          "callerContact.phone", "#phone");
      fieldToControl.forEach((field, control) -> {
        assertThat(staff.findElement(By.id("err-" + field)).getText()).as("error under " + field).isNotBlank();
        assertThat(staff.findElement(By.cssSelector(control)).getAttribute("aria-invalid")).as(field).isEqualTo("true");
      });
      assertThat(Pages.text(staff, "err-region")).contains("unknown region");
      assertThat(Pages.text(staff, "err-callerContact.phone")).contains("E.164");
      // And focus moved to the first field at fault, so the keyboard user can fix it at once
      assertThat(staff.switchTo().activeElement().getAttribute("name")).isEqualTo("urgency");
      assertThat(Pages.text(staff, "today-body")).doesNotContain("nowhere-at-all");
      Chromium.screenshot(staff, "intake-field-errors");
      Axe.assertClean(staff, null, "the intake form showing field errors");
    }
  }

  @Test
  void a_double_submit_logs_one_request() {
    // Given a region of its own (nobody available, so the request stays put) and staff on the form
    String region = WebStack.unique("web-form");
    stack.registerResponder(region, "PEER_SPECIALIST");
    try (Chromium browsers = new Chromium("double-submit")) {
      WebDriver staff = browsers.desktop();
      Pages.login(staff, stack, "staff", "/");
      staff.findElement(By.id("urgency-MODERATE")).click();
      staff.findElement(By.id("region")).sendKeys(region);

      // When the submit button is double-clicked and Enter pressed straight after
      new Actions(staff).doubleClick(staff.findElement(By.id("submit"))).perform();
      ((JavascriptExecutor) staff).executeScript(
          "const f = document.getElementById('intake-form'); f.requestSubmit(); f.requestSubmit();");

      // Then exactly one request is logged, in the page's list and on the server, and it stays one
      await("one row today").atMost(Duration.ofSeconds(10)).ignoreExceptions()
          .until(() -> rowsFor(staff, region) == 1);
      await("still one").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
          .until(() -> stack.staffRequestsToday(region) == 1 && rowsFor(staff, region) == 1);
      Chromium.screenshot(staff, "intake-double-submit");

      // And the same Idempotency-Key sent twice at once, then once more as a retry, logs once:
      // the concurrent twin is either refused as in progress (409) or answered with the same id
      @SuppressWarnings("unchecked")
      List<Object> answers = (List<Object>) ((JavascriptExecutor) staff).executeAsyncScript(
          "const done = arguments[arguments.length - 1];"
              + "const s = JSON.parse(sessionStorage.getItem('crisisline.session'));"
              + "const key = crypto.randomUUID();"
              + "const body = JSON.stringify({channel:'PHONE', urgency:'LOW', need:'CRISIS_COUNSELLING',"
              + " language:'en', region: arguments[0]});"
              + "const post = () => fetch('/api/v1/requests', {method:'POST', body, headers:{"
              + " Authorization:'Bearer ' + s.token, 'Content-Type':'application/json', 'Idempotency-Key': key}})"
              + " .then(async r => r.status === 409 ? 'in progress' : (r.ok ? '' : 'HTTP ' + r.status + ' ') + (await r.json()).requestId);"
              + "Promise.all([post(), post()])"
              + " .then(twins => post().then(retry => done([...twins, retry])), e => done(['error', String(e)]));",
          region);
      // The twins race: either may reach intake first, so the winner is whichever got an id
      List<Object> twins = answers.subList(0, 2);
      String winner = (String) (twins.get(0).equals("in progress") ? twins.get(1) : twins.get(0));
      assertThat(winner).doesNotStartWith("HTTP").isNotEqualTo("in progress").isNotEqualTo("undefined");
      assertThat(twins).allSatisfy(twin -> assertThat(twin).isIn(winner, "in progress"));
      assertThat((String) answers.get(2)).isEqualTo(winner);
      await("two in total").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
          .until(() -> stack.staffRequestsToday(region) == 2);
    }
  }

  private static int rowsFor(WebDriver staff, String region) {
    return staff.findElements(By.cssSelector("#today-body tr[data-region='" + region + "']")).size();
  }
}
