package org.crisisline.system.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.crisisline.events.Event;
import org.crisisline.events.FollowUpDone;
import org.crisisline.events.FollowUpDue;
import org.crisisline.events.FollowUpOrigin;
import org.crisisline.events.FollowUpOutcome;
import org.crisisline.events.FollowUpScheduled;
import org.crisisline.events.Ids;
import org.crisisline.events.Need;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Topic;
import org.crisisline.events.Topics;
import org.crisisline.events.Urgency;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Caring contacts on the pages: the peer specialist's follow-ups due today on the responder screen,
 * with the outcome recorded by keyboard-reachable native controls, and the dashboard's per-region
 * counts of follow-ups due, done and overdue, each axe-clean. Routing's {@code follow-ups} records
 * (scheduled, due, done) and its acceptance of the follow-up are written to the topics as routing
 * writes them, for a region of this test's own.
 */
@ExtendWith({RealKafka.class, WebStack.class})
class FollowUpsWebTest {
  private static WebStack stack;

  @BeforeAll
  static void browsersAndStack() {
    Chromium.requireInstalled();
    stack = WebStack.current();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void write(Topic topic, String key, Event value) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealKafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic.name(), key.getBytes(StandardCharsets.UTF_8),
          topic.valueSerde().serializer().serialize(topic.name(), value)));
      producer.flush();
    }
  }

  /** Due a minute ago, and still today (UTC) whenever the test runs. */
  private static Instant dueToday() {
    Instant now = Instant.now();
    Instant minuteAgo = now.minus(Duration.ofMinutes(1));
    return minuteAgo.isBefore(now.truncatedTo(ChronoUnit.DAYS)) ? now : minuteAgo;
  }

  private static List<String> row(WebDriver driver, String region) {
    WebElement tr = driver.findElement(By.cssSelector("#followups-body tr[data-region='" + region + "']"));
    return tr.findElements(By.cssSelector("th, td")).stream().map(WebElement::getText).toList();
  }

  @Test
  void a_peer_specialist_sees_todays_follow_up_records_how_it_went_and_the_dashboard_counts_it() {
    // Given a follow-up due today in a region of its own, offered and accepted by a peer specialist
    String region = WebStack.unique("web-followup");
    String peer = stack.registerResponder(region, "PEER_SPECIALIST");
    String followed = "web-followed-" + UUID.randomUUID();
    String followUpId = UUID.randomUUID().toString();
    Instant due = dueToday();
    write(Topics.FOLLOW_UPS, followed, new FollowUpScheduled(Ids.newId(), Instant.now(), followed, followUpId, 1, 1, due,
        region, "es", FollowUpOrigin.PLAN, null, null));
    write(Topics.FOLLOW_UPS, followed, new FollowUpDue(Ids.newId(), Instant.now(), followed, followUpId, 1, 1, region,
        "es", null, false));
    write(Topics.REQUEST_STATUS, followUpId, new RequestStatusChanged(Ids.newId(), Instant.now(), followUpId,
        RequestStatus.ACCEPTED, "accepted", Ids.newId(), peer, null, region, Urgency.MODERATE, Need.PEER_SUPPORT,
        StatusKind.TRANSITION, null, null));
    try (Chromium browsers = new Chromium("followups")) {
      // When the peer specialist opens their screen
      WebDriver phone = browsers.phone();
      Pages.login(phone, stack, peer, "/responder");
      String select = "outcome-" + followUpId;
      await("today's follow-up listed").atMost(Duration.ofSeconds(20)).ignoreExceptions()
          .until(() -> phone.findElement(By.id(select)).isDisplayed());
      // Then it is listed as theirs, with a labelled outcome control, and the section is axe-clean
      assertThat(Pages.text(phone, "followups-body")).contains(region).contains("Accepted by you");
      Axe.assertClean(phone, "#followups", "the responder's follow-ups due today");
      // And recording an outcome without one chosen says what to do; with one, it is recorded
      WebElement record = phone.findElement(By.cssSelector("tr[data-follow-up-id='" + followUpId + "'] button"));
      record.click();
      assertThat(Pages.text(phone, "followups-result")).contains("Choose how the follow-up went");
      new Select(phone.findElement(By.id(select))).selectByValue("NO_ANSWER");
      phone.findElement(By.cssSelector("tr[data-follow-up-id='" + followUpId + "'] button")).click();
      await("outcome recorded").atMost(Duration.ofSeconds(10))
          .until(() -> Pages.text(phone, "followups-result").startsWith("Recorded"));
      Chromium.screenshot(phone, "responder-followups");

      // And a supervisor's dashboard counts it due today and overdue in its region, in a table, axe-clean
      WebDriver desk = browsers.desktop();
      Pages.login(desk, stack, "supervisor", "/dashboard");
      await("counts row").atMost(Duration.ofSeconds(20)).ignoreExceptions()
          .until(() -> row(desk, region).size() == 4);
      assertThat(row(desk, region)).containsExactly(region, "1", "0", "1");
      assertThat(Pages.text(desk, "followups-summary")).contains("due").contains("overdue");
      Axe.assertClean(desk, "#followups-panel", "the dashboard's follow-ups table");

      // When routing says the follow-up is done, Then the dashboard counts it done and no longer overdue
      write(Topics.FOLLOW_UPS, followed, new FollowUpDone(Ids.newId(), Instant.now(), followed, followUpId, 1, 1,
          FollowUpOutcome.NO_ANSWER, peer, null));
      await("counted done").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
        desk.navigate().refresh();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> row(desk, region).size() == 4);
        return row(desk, region).equals(List.of(region, "1", "1", "0"));
      });
      Chromium.screenshot(desk, "dashboard-followups");
    }
  }
}
