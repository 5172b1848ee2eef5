package org.crisisline.notifier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.crisisline.events.DeliveryAttempted;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.DeliveryDelivered;
import org.crisisline.events.DeliveryFailed;
import org.crisisline.events.Ids;
import org.crisisline.events.OfferMade;
import org.crisisline.events.OfferRescinded;
import org.crisisline.events.ResponderProfile;
import org.crisisline.events.Topics;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Transient failures are retried, permanent ones are not, ambiguous ones are never sent twice. */
@ExtendWith(RealKafka.class)
class NotifierRetryTest {
  private NotifierFixture fx;

  @BeforeEach
  void setUp() {
    fx = new NotifierFixture();
  }

  @AfterEach
  void tearDown() throws Exception {
    fx.close();
  }

  private static final String SCENARIO = "flaky provider";

  @Test
  void smsProviderErrorThenSuccessMeansOneRetryAndOneDelivery() {
    // Given an SMS provider that answers 500 once, then 201
    fx.sms.resetMappings();
    fx.smsStub(post(urlEqualTo(NotifierFixture.MESSAGES)).inScenario(SCENARIO).whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(500)).willSetStateTo("recovered"));
    fx.smsStub(post(urlEqualTo(NotifierFixture.MESSAGES)).inScenario(SCENARIO).whenScenarioStateIs("recovered")
        .willReturn(aResponse().withStatus(201).withBody("{\"sid\":\"SM-retry-1\",\"status\":\"queued\"}")));
    ResponderProfile ana = fx.responder(DeliveryChannel.SMS);
    fx.start(fx.config());
    // When an offer is made
    OfferMade offer = fx.offer(ana, Duration.ofMinutes(2));
    fx.produce(Topics.OFFERS, offer.requestId(), offer);
    // Then two attempts reach the provider, one delivery is reported, and no failure
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(fx.tap.deliveries(DeliveryDelivered.class, d -> d.offerId().equals(offer.offerId()))).hasSize(1);
      assertThat(fx.tap.latest(offer.offerId(), DeliveryChannel.SMS).state()).isEqualTo("SENT");
    });
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
        .until(() -> fx.smsTo(ana.contact().phone()).size() == 2);
    assertThat(fx.tap.deliveries(DeliveryAttempted.class, d -> d.offerId().equals(offer.offerId())))
        .extracting(DeliveryAttempted::attempt).containsExactly(1, 2);
    assertThat(fx.tap.latest(offer.offerId(), DeliveryChannel.SMS).providerMessageId()).isEqualTo("SM-retry-1");
    assertThat(fx.tap.deliveries(DeliveryFailed.class, d -> d.offerId().equals(offer.offerId()))).isEmpty();
    assertThat(fx.app.metrics().scrape()).contains("notifier_retries_total{channel=\"SMS\"}");
  }

  @Test
  void aRejectedNumberIsNotRetriedAndRoutingHearsAtOnceThatNoChannelIsLeft() {
    // Given an SMS provider that rejects the number (400) and a responder reachable only by SMS
    fx.smsAnswers(aResponse().withStatus(400).withBody("{\"code\":21211,\"message\":\"invalid To\"}"));
    ResponderProfile ana = fx.responder(DeliveryChannel.SMS);
    fx.start(fx.config());
    // When an offer is made
    OfferMade offer = fx.offer(ana, Duration.ofMinutes(2));
    fx.produce(Topics.OFFERS, offer.requestId(), offer);
    // Then one DeliveryFailed, permanent, for all channels, after exactly one attempt
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(fx.tap.deliveries(DeliveryFailed.class, d -> d.offerId().equals(offer.offerId())))
            .singleElement().satisfies(f -> {
              assertThat(f.permanent()).isTrue();
              assertThat(f.allChannelsFailed()).isTrue();
              assertThat(f.channel()).isEqualTo(DeliveryChannel.SMS);
            }));
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
        .until(() -> fx.smsTo(ana.contact().phone()).size() == 1);
    assertThat(fx.tap.latest(offer.offerId(), DeliveryChannel.SMS).state()).isEqualTo("FAILED");
  }

  @Test
  void aProviderTimeoutIsRecordedUnknownAndNeverBlindlyResent() {
    // Given an SMS provider slower than the notifier's send timeout (1.5 s)
    fx.smsAnswers(aResponse().withStatus(201).withFixedDelay(3_000)
        .withBody("{\"sid\":\"SM-slow\",\"status\":\"queued\"}"));
    ResponderProfile ana = fx.responder(DeliveryChannel.SMS);
    fx.start(fx.config());
    // When an offer is made
    OfferMade offer = fx.offer(ana, Duration.ofMinutes(2));
    fx.produce(Topics.OFFERS, offer.requestId(), offer);
    // Then the send is UNKNOWN, and the provider never sees a second request for it
    await().atMost(Duration.ofSeconds(10)).until(() ->
        fx.tap.latest(offer.offerId(), DeliveryChannel.SMS) != null
            && "UNKNOWN".equals(fx.tap.latest(offer.offerId(), DeliveryChannel.SMS).state()));
    await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
        .until(() -> fx.smsTo(ana.contact().phone()).size() == 1);
    assertThat(fx.tap.deliveries(DeliveryAttempted.class, d -> d.offerId().equals(offer.offerId()))).hasSize(1);
    // And not after a restart either
    fx.app.close();
    fx.start(fx.config());
    fx.produce(Topics.OFFERS, offer.requestId(), offer);
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
        .until(() -> fx.smsTo(ana.contact().phone()).size() == 1);
  }

  @Test
  void anSmtpServerDownForAWhileGetsTheEmailWhenItIsBack() {
    // Given the SMTP server is down and a responder reachable by email only
    fx.mail.stop();
    ResponderProfile ana = fx.responder(DeliveryChannel.EMAIL);
    fx.start(fx.config());
    // When an offer is made
    OfferMade offer = fx.offer(ana, Duration.ofMinutes(2));
    fx.produce(Topics.OFFERS, offer.requestId(), offer);
    // Then the notifier retries while it is down
    await().atMost(Duration.ofSeconds(10)).until(() ->
        fx.tap.deliveries(DeliveryAttempted.class, d -> d.offerId().equals(offer.offerId())).size() >= 2);
    assertThat(fx.tap.latest(offer.offerId(), DeliveryChannel.EMAIL).state()).isIn("RETRYING", "CLAIMED");
    // When the server comes back on the same port
    fx.startMail();
    // Then exactly one email arrives and is reported delivered
    await().atMost(Duration.ofSeconds(15)).until(() -> fx.mailTo(ana.contact().email()).size() == 1);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(fx.tap.deliveries(DeliveryDelivered.class, d -> d.offerId().equals(offer.offerId()))).hasSize(1));
    assertThat(fx.tap.deliveries(DeliveryFailed.class, d -> d.offerId().equals(offer.offerId()))).isEmpty();
  }

  @Test
  void aRescindedOfferStopsItsRetries() {
    // Given a provider that keeps failing with 503
    fx.smsAnswers(aResponse().withStatus(503));
    ResponderProfile ana = fx.responder(DeliveryChannel.SMS);
    var config = fx.config();
    fx.start(config);
    OfferMade offer = fx.offer(ana, Duration.ofMinutes(2));
    fx.produce(Topics.OFFERS, offer.requestId(), offer);
    await().atMost(Duration.ofSeconds(10)).until(() -> !fx.smsTo(ana.contact().phone()).isEmpty());
    // When routing rescinds the offer
    fx.produce(Topics.OFFERS, offer.requestId(), new OfferRescinded(Ids.newId(), java.time.Instant.now(),
        offer.requestId(), offer.offerId(), ana.responderId(), "timed out"));
    // Then the channel is STOPPED and the provider hears nothing more
    await().atMost(Duration.ofSeconds(10)).until(() ->
        "STOPPED".equals(fx.tap.latest(offer.offerId(), DeliveryChannel.SMS).state()));
    int calls = fx.smsTo(ana.contact().phone()).size();
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
        .until(() -> fx.smsTo(ana.contact().phone()).size() == calls);
  }

  @Test
  void aPoisonOfferGoesToDeadLettersAndTheNextOfferStillGoesOut() {
    // Given a running notifier
    ResponderProfile ana = fx.responder(DeliveryChannel.SMS);
    fx.start(fx.config());
    // When garbage, then an offer lacking its recipient, then a good offer arrive
    String badKey = "req-poison-" + fx.run;
    fx.produceRaw(Topics.OFFERS.name(), badKey, "{not json".getBytes(StandardCharsets.UTF_8));
    OfferMade good = fx.offer(ana, Duration.ofMinutes(2));
    OfferMade noRecipient = new OfferMade(Ids.newId(), good.occurredAt(), "req-norecipient-" + fx.run, "off-x-" + fx.run,
        "ABCDEF", null, null, 1, good.expiresAt(), good.urgency(), good.need(), null, "en", "north");
    fx.produce(Topics.OFFERS, noRecipient.requestId(), noRecipient);
    fx.produce(Topics.OFFERS, good.requestId(), good);
    // Then both bad records are dead letters and the good one is sent
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      assertThat(fx.tap.deadLetterKeys).contains(badKey, noRecipient.requestId());
      assertThat(fx.smsTo(ana.contact().phone())).hasSize(1);
    });
    // And this notifier counts both where the DeadLetters alert looks
    assertThat(fx.app.metrics().scrape()).contains("crisisline_dead_letters_total 2.0");
  }

  @Test
  void onlyTheLastChannelToGiveUpSaysThatAllChannelsFailed() {
    // Given a rejected number and an SMTP server that stays down, and two attempts per channel
    fx.smsAnswers(aResponse().withStatus(400));
    fx.mail.stop();
    ResponderProfile ana = fx.responder(DeliveryChannel.SMS, DeliveryChannel.EMAIL);
    fx.start(fx.config(java.util.Map.of("CRISISLINE_NOTIFIER_MAX_ATTEMPTS", "2")));
    // When an offer is made
    OfferMade offer = fx.offer(ana, Duration.ofMinutes(2));
    fx.produce(Topics.OFFERS, offer.requestId(), offer);
    // Then SMS fails first (permanent, not all), then email after its retry (transient, all channels)
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(fx.tap.deliveries(DeliveryFailed.class, d -> d.offerId().equals(offer.offerId())))
            .extracting(DeliveryFailed::channel, DeliveryFailed::permanent, DeliveryFailed::allChannelsFailed)
            .containsExactly(org.assertj.core.groups.Tuple.tuple(DeliveryChannel.SMS, true, false),
                org.assertj.core.groups.Tuple.tuple(DeliveryChannel.EMAIL, false, true)));
    assertThat(fx.tap.deliveries(DeliveryAttempted.class,
        d -> d.offerId().equals(offer.offerId()) && d.channel() == DeliveryChannel.EMAIL)).hasSize(2);
  }
}
