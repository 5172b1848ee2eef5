package org.crisisline.notifier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.DeliveryDelivered;
import org.crisisline.events.OfferMade;
import org.crisisline.events.ResponderProfile;
import org.crisisline.events.Topics;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A lost status callback does not leave a send unresolved: the notifier asks the provider by sid. */
@ExtendWith(RealKafka.class)
class NotifierStatusPollTest {
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
  void aSentSmsWhoseCallbackNeverCameIsResolvedByAskingTheProvider() {
    // Given a provider that accepts the SMS as SM-poll-1 but never calls back, and knows it was delivered
    fx.smsAnswers(aResponse().withStatus(201).withBody("{\"sid\":\"SM-poll-" + fx.run + "\",\"status\":\"queued\"}"));
    fx.smsStub(get(urlEqualTo("/2010-04-01/Accounts/" + NotifierFixture.ACCOUNT + "/Messages/SM-poll-" + fx.run
        + ".json")).willReturn(aResponse().withStatus(200)
            .withBody("{\"sid\":\"SM-poll-" + fx.run + "\",\"status\":\"delivered\"}")));
    ResponderProfile ana = fx.responder(DeliveryChannel.SMS);
    fx.start(fx.config(Map.of("CRISISLINE_NOTIFIER_STATUS_POLL_SECONDS", "1")));
    // When an offer is sent
    OfferMade offer = fx.offer(ana, Duration.ofMinutes(2));
    fx.produce(Topics.OFFERS, offer.requestId(), offer);
    // Then, with no callback at all, the send becomes DELIVERED and is reported once
    await().atMost(Duration.ofSeconds(15)).until(() -> fx.tap.latest(offer.offerId(), DeliveryChannel.SMS) != null
        && "DELIVERED".equals(fx.tap.latest(offer.offerId(), DeliveryChannel.SMS).state()));
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() ->
        fx.tap.deliveries(DeliveryDelivered.class, d -> d.offerId().equals(offer.offerId())
            && "delivered".equals(d.providerStatus())).size() == 1);
    assertThat(fx.smsTo(ana.contact().phone())).hasSize(1);
  }
}
