package org.crisisline.notifier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.crisisline.events.Disposition;
import org.crisisline.events.DeliveryAttempted;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.Ids;
import org.crisisline.events.OfferMade;
import org.crisisline.events.RequestCompleted;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.ResponderProfile;
import org.crisisline.events.SendRecord;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Topics;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Closed requests stop paging; a crash mid-send is not re-sent; 429 waits; ops endpoints answer. */
@ExtendWith(RealKafka.class)
class NotifierStopTest {
  private final HttpClient http = HttpClient.newHttpClient();
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
  void aCancelledRequestOrACompletedOneStopsFurtherSends() {
    // Given a provider that keeps failing, and two offers being retried
    fx.smsAnswers(aResponse().withStatus(503));
    ResponderProfile ana = fx.responder(DeliveryChannel.SMS);
    ResponderProfile ben = fx.responder(DeliveryChannel.SMS);
    fx.start(fx.config());
    OfferMade cancelled = fx.offer(ana, Duration.ofMinutes(2));
    OfferMade completed = fx.offer(ben, Duration.ofMinutes(2));
    fx.produce(Topics.OFFERS, cancelled.requestId(), cancelled);
    fx.produce(Topics.OFFERS, completed.requestId(), completed);
    await().atMost(Duration.ofSeconds(10)).until(() ->
        !fx.smsTo(ana.contact().phone()).isEmpty() && !fx.smsTo(ben.contact().phone()).isEmpty());
    // When routing says one request is CANCELLED and the other's responder completes it
    fx.produce(Topics.REQUEST_STATUS, cancelled.requestId(), new RequestStatusChanged(Ids.newId(), Instant.now(),
        cancelled.requestId(), RequestStatus.CANCELLED, "caller hung up", null, null, null, "north", null, null,
        StatusKind.TRANSITION, null, null));
    fx.produce(Topics.OFFER_ANSWERS, completed.requestId(),
        new RequestCompleted(Ids.newId(), Instant.now(), completed.requestId(), ben.responderId(), Disposition.OTHER, null));
    // Then both sends are STOPPED and the provider hears no more about them
    await().atMost(Duration.ofSeconds(10)).until(() ->
        "STOPPED".equals(fx.tap.latest(cancelled.offerId(), DeliveryChannel.SMS).state())
            && "STOPPED".equals(fx.tap.latest(completed.offerId(), DeliveryChannel.SMS).state()));
    int a = fx.smsTo(ana.contact().phone()).size();
    int b = fx.smsTo(ben.contact().phone()).size();
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() ->
        fx.smsTo(ana.contact().phone()).size() == a && fx.smsTo(ben.contact().phone()).size() == b);
  }

  @Test
  void aSendClaimedByANotifierThatDiedMidCallIsMarkedUnknownNotSentAgain() {
    // Given the ledger holds a CLAIMED send, as left by a process killed while calling the provider
    ResponderProfile ana = fx.responder(DeliveryChannel.SMS);
    OfferMade offer = fx.offer(ana, Duration.ofMinutes(2));
    fx.produce(Topics.NOTIFIER_SENDS, offer.offerId() + "/SMS", new SendRecord(Ids.newId(), Instant.now(),
        offer.offerId(), DeliveryChannel.SMS, ana.responderId(), "CLAIMED", 1, null, null, "attempt 1"));
    fx.produce(Topics.OFFERS, offer.requestId(), offer);
    // When a notifier starts and reads the offer
    fx.start(fx.config());
    // Then it records UNKNOWN and does not call the provider
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.tap.latest(offer.offerId(), DeliveryChannel.SMS) != null
        && "UNKNOWN".equals(fx.tap.latest(offer.offerId(), DeliveryChannel.SMS).state()));
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
        .until(() -> fx.smsTo(ana.contact().phone()).isEmpty());
  }

  @Test
  void tooManyRequestsIsRetriedNoSoonerThanRetryAfter() {
    // Given a provider that answers 429 with Retry-After: 2, then 201
    fx.sms.resetMappings();
    fx.smsStub(post(urlEqualTo(NotifierFixture.MESSAGES)).inScenario("429").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")).willSetStateTo("ok"));
    fx.smsStub(post(urlEqualTo(NotifierFixture.MESSAGES)).inScenario("429").whenScenarioStateIs("ok")
        .willReturn(aResponse().withStatus(201).withBody("{\"sid\":\"SM-429\",\"status\":\"queued\"}")));
    ResponderProfile ana = fx.responder(DeliveryChannel.SMS);
    fx.start(fx.config());
    // When an offer is made
    OfferMade offer = fx.offer(ana, Duration.ofMinutes(2));
    fx.produce(Topics.OFFERS, offer.requestId(), offer);
    // Then the second attempt comes at least 2 s after the first, and is the last
    await().atMost(Duration.ofSeconds(15)).until(() ->
        "SENT".equals(fx.tap.latest(offer.offerId(), DeliveryChannel.SMS) == null ? null
            : fx.tap.latest(offer.offerId(), DeliveryChannel.SMS).state()));
    var attempts = fx.tap.deliveries(DeliveryAttempted.class, d -> d.offerId().equals(offer.offerId()));
    assertThat(attempts).hasSize(2);
    assertThat(Duration.between(attempts.get(0).occurredAt(), attempts.get(1).occurredAt()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    assertThat(fx.smsTo(ana.contact().phone())).hasSize(2);
  }

  @Test
  void healthReadinessAndMetricsAnswerWithoutPii() throws Exception {
    // Given a notifier that has sent one offer
    ResponderProfile ana = fx.responder(DeliveryChannel.SMS, DeliveryChannel.EMAIL);
    fx.start(fx.config());
    OfferMade offer = fx.offer(ana, Duration.ofMinutes(2));
    fx.produce(Topics.OFFERS, offer.requestId(), offer);
    await().atMost(Duration.ofSeconds(15)).until(() -> fx.mailTo(ana.contact().email()).size() == 1);
    // When ops look at it
    String base = "http://localhost:" + fx.app.port();
    var health = get(base + "/health");
    var ready = get(base + "/ready");
    var metrics = get(base + "/metrics");
    // Then it is up and ready, and metrics count by channel with no address or id in them
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("notifier_messages_total{channel=\"EMAIL\",outcome=\"sent\"}",
        "notifier_provider_latency_seconds_count{channel=\"SMS\"}", "notifier_handoff_latency_seconds");
    assertThat(metrics.body()).doesNotContain(ana.contact().phone(), ana.contact().email(), ana.responderId(),
        offer.offerId());
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
