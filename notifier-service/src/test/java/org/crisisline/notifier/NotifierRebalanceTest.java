package org.crisisline.notifier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.ResponderProfile;
import org.crisisline.events.Topics;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two notifiers in one group: partitions move mid-batch, and still every page goes out once. */
@ExtendWith(RealKafka.class)
class NotifierRebalanceTest {
  private static final int OFFERS = 30;
  private NotifierFixture fx;
  private NotifierApp second;

  @BeforeEach
  void setUp() {
    fx = new NotifierFixture();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (second != null) {
      second.close();
    }
    fx.close();
  }

  @Test
  void aSecondNotifierJoiningMidBatchAndTheFirstLeavingNeitherLoseNorRepeatAMessage() {
    // Given one notifier sending a batch of 30 offers slowly (8 messages a second, slow SMS API)
    fx.smsAnswers(aResponse().withStatus(201).withFixedDelay(200)
        .withBody("{\"sid\":\"SM-rebalance\",\"status\":\"queued\"}"));
    NotifierConfig config = fx.config(Map.of("CRISISLINE_NOTIFIER_RATE_GLOBAL", "8"));
    List<ResponderProfile> responders = new ArrayList<>();
    for (int i = 0; i < OFFERS; i++) {
      responders.add(fx.responder(DeliveryChannel.SMS, DeliveryChannel.EMAIL));
    }
    fx.start(config);
    responders.stream().map(r -> fx.offer(r, Duration.ofMinutes(3)))
        .forEach(o -> fx.produce(Topics.OFFERS, o.requestId(), o));
    await().atMost(Duration.ofSeconds(20)).until(() -> sent(responders) >= 8);
    // When a second notifier joins the group (partitions move), and later the first one leaves
    second = NotifierApp.start(config);
    // (it took partitions of the batch: it sends from them while the first one still runs)
    await().atMost(Duration.ofSeconds(30)).until(() -> second.metrics().scrape().contains("outcome=\"sent\""));
    await().atMost(Duration.ofSeconds(30)).until(() -> sent(responders) >= 30);
    fx.app.close();
    // Then every responder gets exactly one SMS and one email, and nothing more comes
    await().atMost(Duration.ofSeconds(40)).until(() -> sent(responders) == 2 * OFFERS);
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> sent(responders) == 2 * OFFERS);
    for (ResponderProfile r : responders) {
      assertThat(fx.smsTo(r.contact().phone())).as("SMS to %s", r.responderId()).hasSize(1);
      assertThat(fx.mailTo(r.contact().email())).as("email to %s", r.responderId()).hasSize(1);
    }
  }

  private int sent(List<ResponderProfile> responders) {
    return responders.stream()
        .mapToInt(r -> fx.smsTo(r.contact().phone()).size() + fx.mailTo(r.contact().email()).size()).sum();
  }
}
