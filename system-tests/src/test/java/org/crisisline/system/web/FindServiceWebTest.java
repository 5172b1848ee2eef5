package org.crisisline.system.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.RequestEvent;
import org.crisisline.events.Topics;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The staff "Find a service" panel against the real intake: it searches the directory with the
 * caller's answers from the form, filters by kind, says why each service is listed, and "Refer to
 * this service" logs a REFERRAL naming that service (checked on the help-requests topic).
 */
@ExtendWith({RealKafka.class, WebStack.class})
class FindServiceWebTest {
  private static WebStack stack;

  @BeforeAll
  static void browsersAndStack() {
    Chromium.requireInstalled();
    stack = WebStack.current();
  }

  @Test
  void staff_search_filter_and_refer_to_a_service_and_the_logged_request_names_it() {
    // Given three services open around the clock in a region of this test's own: a Spanish-speaking
    // group with places, a full English-only group, and a faith community
    String region = WebStack.unique("web-find");
    String tag = region.substring(region.lastIndexOf('-') + 1);
    String harbour = region + "-harbour";
    String quayside = region + "-quayside";
    String anchor = region + "-anchor";
    stack.putService(harbour, service("Harbour Lights " + tag, List.of("SUPPORT_GROUP", "ONLINE_COMMUNITY"), region,
        List.of("en", "es"), 6));
    stack.putService(quayside, service("Quayside Circle " + tag, List.of("SUPPORT_GROUP"), region, List.of("en"), 0));
    stack.putService(anchor, service("Anchor Table " + tag, List.of("FAITH_BASED"), region, List.of("en"), 3));
    try (Chromium browsers = new Chromium("find-service")) {
      WebDriver staff = browsers.desktop();
      Pages.login(staff, stack, "staff", "/");
      // And the caller's region and language in the form
      staff.findElement(By.id("region")).sendKeys(region);
      staff.findElement(By.id("language")).clear();
      staff.findElement(By.id("language")).sendKeys("es");
      await("the panel says what it narrows by").atMost(Duration.ofSeconds(5))
          .until(() -> Pages.text(staff, "find-uses").contains("region " + region));

      // When staff jump to the panel with Alt+F, type the words and press Enter
      staff.findElement(By.id("language")).sendKeys(Keys.chord(Keys.ALT, "f"));
      assertThat(staff.switchTo().activeElement().getAttribute("id")).isEqualTo("find-q");
      staff.switchTo().activeElement().sendKeys(tag, Keys.ENTER);

      // Then the three are listed, the one meeting every filter first, each with a visible why
      await("three results").atMost(Duration.ofSeconds(10)).ignoreExceptions()
          .until(() -> results(staff).size() == 3);
      assertThat(results(staff).get(0)).isEqualTo(harbour);
      assertThat(Pages.text(staff, "find-status")).startsWith("1 meets every filter");
      assertThat(whyOf(staff, harbour)).contains("Why: Meets: serves " + region, "speaks es", "open now", "6 places free");
      assertThat(whyOf(staff, quayside)).contains("Relaxed:", "no es (speaks en)", "no places free");
      assertThat(item(staff, harbour).getText()).contains("Open now", "6 of 20 places", "Free", "intake@");

      // When they filter by kind (support groups only) and search again
      new Select(staff.findElement(By.id("find-kind"))).selectByValue("SUPPORT_GROUP");
      staff.findElement(By.id("find-submit")).click();
      // Then the faith community is gone
      await("two results").atMost(Duration.ofSeconds(10)).ignoreExceptions()
          .until(() -> results(staff).equals(List.of(harbour, quayside)));
      Chromium.screenshot(staff, "find-service-results");
      Axe.assertClean(staff, null, "the intake page with services found");

      // When they refer the caller to the first, from the keyboard
      WebElement refer = item(staff, harbour).findElement(By.cssSelector("button.refer"));
      assertThat(refer.getAttribute("aria-label")).isEqualTo("Refer to Harbour Lights " + tag);
      refer.sendKeys(Keys.ENTER);
      // Then the form is a REFERRAL of that kind naming the service, and focus is on the urgency
      assertThat(new Select(staff.findElement(By.id("need"))).getFirstSelectedOption().getAttribute("value"))
          .isEqualTo("REFERRAL");
      assertThat(new Select(staff.findElement(By.id("referralKind"))).getFirstSelectedOption().getAttribute("value"))
          .isEqualTo("SUPPORT_GROUP");
      assertThat(Pages.text(staff, "service-chosen")).isEqualTo("Harbour Lights " + tag);
      assertThat(staff.switchTo().activeElement().getAttribute("name")).isEqualTo("urgency");

      // When they pick an urgency and log it
      staff.findElement(By.id("urgency-LOW")).click();
      staff.findElement(By.id("submit")).click();

      // Then the request logged on help-requests names the service
      await("the referral is logged with its service").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
          .until(() -> loggedIn(region).size() == 1);
      HelpRequestLogged logged = loggedIn(region).get(0);
      assertThat(logged.serviceId()).isEqualTo(harbour);
      assertThat(logged.referralKind()).hasToString("SUPPORT_GROUP");
      assertThat(logged.language()).isEqualTo("es");
      // And the form is clear for the next caller, no service chosen
      assertThat(staff.findElement(By.id("service-field")).isDisplayed()).isFalse();
      Axe.assertClean(staff, null, "the intake page after a referral to a named service");
    }
  }

  private static Map<String, Object> service(String name, List<String> kinds, String region, List<String> languages,
      int places) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("organization", "Web test community");
    body.put("name", name);
    body.put("description", "A group for the web test");
    body.put("kinds", kinds);
    body.put("status", "ACTIVE");
    body.put("serviceArea", Map.of("regions", List.of(region), "postalPrefixes", List.of()));
    body.put("languages", languages);
    body.put("eligibility", Map.of("description", "Everyone"));
    List<Map<String, String>> week = new ArrayList<>();
    for (String d : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")) {
      week.add(Map.of("day", d, "opens", "00:00", "closes", "00:00"));
    }
    body.put("schedule", week);
    body.put("timeZone", "UTC");
    body.put("capacity", Map.of("available", places, "maximum", 20));
    body.put("intakeContact", Map.of("email", "intake@" + name.split(" ")[0].toLowerCase() + ".example.org"));
    body.put("cost", "Free");
    body.put("accessibility", "Online");
    return body;
  }

  private static List<String> results(WebDriver staff) {
    return staff.findElements(By.cssSelector("#find-results > li")).stream()
        .map(li -> li.getAttribute("data-service-id")).toList();
  }

  private static WebElement item(WebDriver staff, String serviceId) {
    return staff.findElement(By.cssSelector("#find-results > li[data-service-id='" + serviceId + "']"));
  }

  private static String whyOf(WebDriver staff, String serviceId) {
    return item(staff, serviceId).findElement(By.cssSelector(".why")).getText();
  }

  /** Every request logged in the region, as committed on help-requests. */
  private static List<HelpRequestLogged> loggedIn(String region) {
    List<HelpRequestLogged> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
        RealKafka.bootstrapServers(), "isolation.level", "read_committed", "enable.auto.commit", "false"),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.HELP_REQUESTS.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() == null) {
            continue;
          }
          RequestEvent v;
          try {
            v = Topics.HELP_REQUESTS.valueSerde().deserializer().deserialize(r.topic(), r.value());
          } catch (SerializationException e) {
            continue; // other test classes on the shared broker put garbage here on purpose (dead-letter tests)
          }
          if (v instanceof HelpRequestLogged l && region.equals(l.region())) {
            out.add(l);
          }
        }
      }
    }
    return out;
  }
}
