package org.crisisline.system.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.crisisline.events.AlertAckRequested;
import org.crisisline.events.AlertAcknowledged;
import org.crisisline.events.AlertEvent;
import org.crisisline.events.AlertPaged;
import org.crisisline.events.AlertRaised;
import org.crisisline.events.AlertReason;
import org.crisisline.events.AlertStepStarted;
import org.crisisline.events.AlertVia;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.DeliveryDelivered;
import org.crisisline.events.DeliveryEvent;
import org.crisisline.events.Ids;
import org.crisisline.events.Topics;
import org.crisisline.events.Urgency;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;

/**
 * The dashboard's alerts panel, live: an alert routing raises and pages shows up open, with who
 * was paged on which channel; a supervisor acknowledges it from the keyboard, which writes one
 * acknowledgement request; when routing records the acknowledgement the panel says by whom. The
 * test plays routing and the notifier on the web stack's broker (real {@code alerts} and
 * {@code deliveries} records), so it needs nothing of routing's paging. Also: who is on call now.
 */
@ExtendWith({RealKafka.class, OwnWebStack.class})
class AlertsDashboardWebTest {
  private static final Duration LAG = Duration.ofSeconds(2);
  private static WebStack stack;

  @BeforeAll
  static void browsersAndStack() {
    Chromium.requireInstalled();
    stack = WebStack.current();
  }

  @Test
  void the_dashboard_shows_the_open_alert_who_was_paged_then_who_acknowledged_it() {
    // Given Dana on call in a schedule, with her work contact in the on-call directory
    String dana = WebStack.unique("sup-dana");
    String scheduleId = WebStack.unique("web-oncall");
    stack.saveOnCallPerson(dana, "Dana Whitfield", "+15035550131", dana + "@supervisors.example.org");
    stack.saveScheduleWith(scheduleId, dana);
    try (Chromium browsers = new Chromium("alerts"); var routing = new Writer()) {
      // And a supervisor watching the dashboard, which says who is on call
      WebDriver board = browsers.desktop();
      Pages.login(board, stack, "supervisor", "/dashboard");
      await("live").atMost(Duration.ofSeconds(10)).until(() -> Pages.text(board, "live-state").contains("Live"));
      Pages.markPage(board);
      await("on call now").atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() ->
          board.findElement(By.cssSelector("#oncall-body tr[data-schedule-id='" + scheduleId + "']")).getText()
              .contains("Dana Whitfield"));

      // When routing raises an alert for an imminent-risk request and pages Dana, and her SMS is delivered
      Raised alert = routing.raiseAndPage(dana, scheduleId, "K7Q2");
      String alertId = alert.alertId();
      String requestId = alert.requestId();
      routing.delivery(alert.pageId(), new DeliveryDelivered(Ids.newId(), Instant.now(), alert.pageId(), requestId,
          dana, DeliveryChannel.SMS, "SM-web", "sent"));

      // Then within 2 s the panel shows it open, first, with its step and who was paged how
      String item = "#alerts li[data-alert-id='" + alertId + "']";
      // (each look at the item is one script: the panel re-renders live, so an element found by one
      // WebDriver call may be gone by the next)
      await("open alert on the board").atMost(LAG).ignoreExceptions().until(() ->
          item(board, item).text().contains("Dana Whitfield by SMS (delivered)"));
      await("open alert details").atMost(LAG).untilAsserted(() -> {
        Item open = item(board, item);
        assertThat(open.state()).isEqualTo("OPEN");
        assertThat(open.text()).contains("K7Q2").contains("Imminent risk").contains("north")
            .contains("no counsellor available").contains("Step 1, pass 1");
      });
      assertThat(Pages.text(board, "alerts-open-count")).isNotEqualTo("none open");
      assertThat(Pages.text(board, "alerts-announcer")).contains("New alert K7Q2");
      Chromium.screenshot(board, "alerts-open");
      Axe.assertClean(board, null, "the dashboard with an open alert");

      // When the supervisor acknowledges it from the keyboard
      String button = "button[data-ack-for='" + alertId + "']";
      assertThat(Pages.js(board, "return document.querySelector(arguments[0]).textContent.trim();", button))
          .isEqualTo("Acknowledge alert K7Q2");
      Pages.js(board, "document.querySelector(arguments[0]).focus();", button);
      board.switchTo().activeElement().sendKeys(Keys.ENTER);

      // Then one acknowledgement request is written, as the supervisor, via the API
      await("acknowledgement requested").atMost(Duration.ofSeconds(10)).until(() -> routing.acksOf(alertId).size() == 1);
      AlertAckRequested requested = routing.acksOf(alertId).get(0);
      assertThat(requested.userId()).isEqualTo("supervisor");
      assertThat(requested.via()).isEqualTo(AlertVia.API);
      await("button says it was sent").atMost(LAG).ignoreExceptions().until(() ->
          board.findElement(By.cssSelector("button[data-ack-for='" + alertId + "']")).getText().contains("sent"));

      // When routing records the acknowledgement
      routing.alert(requestId, new AlertAcknowledged(Ids.newId(), Instant.now(), alertId, requestId, "supervisor",
          AlertVia.API));

      // Then within 2 s the panel says who acknowledged it, and offers no button any more
      await("acknowledged on the board").atMost(LAG).ignoreExceptions().until(() ->
          "ACKNOWLEDGED".equals(item(board, item).state()));
      assertThat(item(board, item).text()).contains("Acknowledged by supervisor via the dashboard at");
      assertThat(board.findElements(By.cssSelector("button[data-ack-for='" + alertId + "']"))).isEmpty();
      assertThat(Pages.stillSamePage(board)).as("no reload of the dashboard").isTrue();
      Chromium.screenshot(board, "alerts-acknowledged");
      Axe.assertClean(board, null, "the dashboard with an acknowledged alert");
      assertThat(routing.acksOf(alertId)).hasSize(1);
    }
  }

  @Test
  void the_link_in_a_page_shows_the_alert_accessibly_and_acknowledges_it_once_as_the_person_paged() {
    String ravi = WebStack.unique("sup-ravi");
    try (Chromium browsers = new Chromium("page-link"); var routing = new Writer()) {
      // Given an alert paged to Ravi, and the link in his page opened on his phone
      Raised alert = routing.raiseAndPage(ravi, "supervisors", "R4M8");
      WebDriver phone = browsers.phone();
      String link = stack.baseUrl() + stack.pageLink(alert.pageId());
      await("the page is known").atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
        phone.get(link);
        return phone.findElement(By.tagName("h1")).getText().contains("R4M8");
      });
      // Then it says what the alert is, never who called, and offers the one action
      String shown = phone.findElement(By.tagName("main")).getText();
      assertThat(shown).contains("Imminent risk").contains("north").contains("Waiting").contains("open");
      assertThat(shown).doesNotContain(alert.requestId());
      Axe.assertClean(phone, null, "the page link");
      Chromium.screenshot(phone, "page-link-open");

      // When he acknowledges it from the keyboard
      phone.findElement(By.cssSelector("form button[type=submit]")).sendKeys(Keys.ENTER);

      // Then the page thanks him, and one acknowledgement request is written as him, via the link
      await("acknowledged page").atMost(Duration.ofSeconds(10)).ignoreExceptions()
          .until(() -> phone.findElement(By.tagName("h1")).getText().equals("Acknowledged"));
      Axe.assertClean(phone, null, "the page link's answer");
      await("acknowledgement requested").atMost(Duration.ofSeconds(10)).until(() -> routing.acksOf(alert.alertId()).size() == 1);
      AlertAckRequested requested = routing.acksOf(alert.alertId()).get(0);
      assertThat(requested.userId()).isEqualTo(ravi);
      assertThat(requested.via()).isEqualTo(AlertVia.LINK);

      // And the link, used again, changes nothing
      phone.get(link);
      assertThat(phone.findElements(By.cssSelector("form button[type=submit]"))).as("still offered while routing answers")
          .hasSize(1);
      phone.findElement(By.cssSelector("form button[type=submit]")).click();
      await("refused").atMost(Duration.ofSeconds(10)).ignoreExceptions()
          .until(() -> phone.findElement(By.tagName("h1")).getText().equals("Already handled"));
      assertThat(routing.acksOf(alert.alertId())).hasSize(1);
    }
  }

  /** An alert the test raised as routing would, with its one page. */
  private record Raised(String alertId, String requestId, String pageId) {}

  /** Plays routing (alerts) and the notifier (deliveries), and reads back alert-acks. */
  private static final class Writer implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
        Map.of("bootstrap.servers", RealKafka.bootstrapServers(), "acks", "all"),
        new ByteArraySerializer(), new ByteArraySerializer());

    /** Raises an alert for an imminent-risk request in north, starts step 1 and pages {@code userId}. */
    Raised raiseAndPage(String userId, String scheduleId, String code) {
      Raised r = new Raised(Ids.newId(), UUID.randomUUID().toString(), Ids.newId());
      Instant now = Instant.now();
      alert(r.requestId(), new AlertRaised(Ids.newId(), now, r.alertId(), code, r.requestId(), "north",
          Urgency.IMMINENT_RISK, AlertReason.NO_COUNSELLOR_AVAILABLE, now.minusSeconds(6)));
      alert(r.requestId(), new AlertStepStarted(Ids.newId(), now, r.alertId(), r.requestId(), 1, 1, scheduleId,
          List.of(userId)));
      alert(r.requestId(), new AlertPaged(Ids.newId(), now, r.alertId(), r.pageId(), code, r.requestId(), "north",
          Urgency.IMMINENT_RISK, AlertReason.NO_COUNSELLOR_AVAILABLE, userId, scheduleId, 1, 1, now.minusSeconds(6)));
      return r;
    }

    void alert(String requestId, AlertEvent event) {
      send(Topics.ALERTS.name(), requestId, Topics.ALERTS.valueSerde().serializer().serialize(Topics.ALERTS.name(), event));
    }

    void delivery(String pageId, DeliveryEvent event) {
      send(Topics.DELIVERIES.name(), pageId,
          Topics.DELIVERIES.valueSerde().serializer().serialize(Topics.DELIVERIES.name(), event));
    }

    private void send(String topic, String key, byte[] value) {
      try {
        producer.send(new ProducerRecord<>(topic, key.getBytes(java.nio.charset.StandardCharsets.UTF_8), value)).get();
      } catch (Exception e) {
        throw new IllegalStateException("send to " + topic + " failed", e);
      }
    }

    /** Every acknowledgement request of the alert on alert-acks so far. */
    List<AlertAckRequested> acksOf(String alertId) {
      List<AlertAckRequested> out = new ArrayList<>();
      try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
          RealKafka.bootstrapServers(), "isolation.level", "read_committed", "enable.auto.commit", "false"),
          new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.ALERT_ACKS.name()).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            AlertAckRequested v = r.value() == null ? null
                : Topics.ALERT_ACKS.valueSerde().deserializer().deserialize(r.topic(), r.value());
            if (v != null && v.alertId().equals(alertId)) {
              out.add(v);
            }
          }
        }
      }
      return out;
    }

    @Override
    public void close() {
      producer.close();
    }
  }

  /** An alert item's state and visible text, read in one script (null text when it is not there). */
  private record Item(String state, String text) {}

  @SuppressWarnings("unchecked")
  private static Item item(WebDriver board, String selector) {
    List<Object> found = (List<Object>) Pages.js(board, "const e = document.querySelector(arguments[0]);"
        + " return e ? [e.getAttribute('data-state'), e.innerText] : [null, ''];", selector);
    return new Item((String) found.get(0), (String) found.get(1));
  }
}
