package org.crisisline.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.DeliveryFailed;
import org.crisisline.events.OfferMade;
import org.crisisline.events.ResponderProfile;
import org.crisisline.events.Topics;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A flooded queue cannot storm one phone: the per-responder limit holds, and routing hears at once. */
@ExtendWith(RealKafka.class)
class NotifierRateLimitTest {
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
  void aFloodOfAThousandOffersForOneResponderPagesThemOnlyUpToTheLimit() throws Exception {
    // Given a limit of 5 offers a minute per responder (the next token comes after 12 s)
    // (and a generous send timeout: this test is about the limit, not about a provider slowed by the flood)
    NotifierConfig limited = fx.config(Map.of("CRISISLINE_NOTIFIER_RATE_PER_RESPONDER", "5",
        "CRISISLINE_NOTIFIER_RATE_GLOBAL", "1000", "CRISISLINE_NOTIFIER_SEND_TIMEOUT_MS", "10000"));
    ResponderProfile ana = fx.responder(DeliveryChannel.SMS, DeliveryChannel.EMAIL);
    fx.start(limited);
    // When 1,000 offers for them, each expiring in 10 s (so no refill can come in time), arrive at once
    List<OfferMade> offers = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      OfferMade o = fx.offer(ana, Duration.ofSeconds(10));
      offers.add(o);
      fx.producer.send(new ProducerRecord<>(Topics.OFFERS.name(), o.requestId(),
          Topics.OFFERS.valueSerde().serializer().serialize(Topics.OFFERS.name(), o)));
    }
    fx.producer.flush();
    Set<String> ids = offers.stream().map(OfferMade::offerId).collect(Collectors.toSet());
    // Then the other 995 are reported undeliverable at once (all channels), well before they expire
    await().atMost(Duration.ofSeconds(15)).until(() ->
        fx.tap.deliveries(DeliveryFailed.class, d -> ids.contains(d.offerId()) && d.allChannelsFailed()).size() == 995);
    // And the responder got 5 SMS and 5 emails, and no more once the offers expired
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(fx.smsTo(ana.contact().phone())).hasSize(5);
      assertThat(fx.mailTo(ana.contact().email())).hasSize(5);
    });
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
        fx.smsTo(ana.contact().phone()).size() == 5 && fx.mailTo(ana.contact().email()).size() == 5);
    assertThat(fx.tap.deliveries(DeliveryFailed.class, d -> ids.contains(d.offerId())))
        .allSatisfy(f -> assertThat(f.reason()).contains("rate limited"));
    assertThat(fx.app.metrics().scrape()).contains("notifier_rate_limited_total{scope=\"recipient\"} 995.0");
  }
}
