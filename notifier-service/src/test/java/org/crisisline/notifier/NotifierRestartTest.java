package org.crisisline.notifier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.OfferMade;
import org.crisisline.events.ResponderProfile;
import org.crisisline.events.Topics;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The ledger, not luck: a notifier stopped and started mid-batch neither loses nor repeats a page. */
@ExtendWith(RealKafka.class)
class NotifierRestartTest {
  private static final int OFFERS = 30;
  private NotifierFixture fx;

  @BeforeEach
  void setUp() {
    fx = new NotifierFixture();
  }

  @AfterEach
  void tearDown() throws Exception {
    fx.close();
  }

  @Test
  void aNotifierStoppedAndRestartedMidBatchSendsEveryMessageExactlyOnce() {
    // Given a slow SMS provider, a global limit of 8 messages a second, and 30 responders
    fx.smsAnswers(aResponse().withStatus(201).withFixedDelay(300)
        .withBody("{\"sid\":\"SM-batch\",\"status\":\"queued\"}"));
    NotifierConfig slow = fx.config(Map.of("CRISISLINE_NOTIFIER_RATE_GLOBAL", "8"));
    List<ResponderProfile> responders = new ArrayList<>();
    for (int i = 0; i < OFFERS; i++) {
      responders.add(fx.responder(DeliveryChannel.SMS, DeliveryChannel.EMAIL));
    }
    fx.start(slow);
    // When 30 offers (60 messages) arrive and the notifier is stopped once some, not all, went out
    List<OfferMade> offers = responders.stream().map(r -> fx.offer(r, Duration.ofMinutes(3))).toList();
    offers.forEach(o -> fx.produce(Topics.OFFERS, o.requestId(), o));
    await().atMost(Duration.ofSeconds(20)).until(() -> sent(responders) >= 10);
    fx.app.close();
    int beforeRestart = sent(responders);
    assertThat(beforeRestart).isLessThan(2 * OFFERS);
    fx.start(slow);
    // Then every responder gets exactly one SMS and one email, and nothing more comes
    await().atMost(Duration.ofSeconds(40)).until(() -> sent(responders) == 2 * OFFERS);
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> sent(responders) == 2 * OFFERS);
    for (ResponderProfile r : responders) {
      assertThat(fx.smsTo(r.contact().phone())).as("SMS to %s", r.responderId()).hasSize(1);
      assertThat(fx.mailTo(r.contact().email())).as("email to %s", r.responderId()).hasSize(1);
    }
    for (OfferMade o : offers) {
      assertThat(fx.tap.latest(o.offerId(), DeliveryChannel.SMS).state()).isEqualTo("SENT");
      assertThat(fx.tap.latest(o.offerId(), DeliveryChannel.EMAIL).state()).isEqualTo("SENT");
    }
  }

  private int sent(List<ResponderProfile> responders) {
    return responders.stream()
        .mapToInt(r -> fx.smsTo(r.contact().phone()).size() + fx.mailTo(r.contact().email()).size()).sum();
  }
}
