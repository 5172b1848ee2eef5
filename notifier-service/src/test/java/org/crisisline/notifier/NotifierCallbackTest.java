package org.crisisline.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.crisisline.events.AnswerVia;
import org.crisisline.events.SmsReplyReceived;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.DeliveryDelivered;
import org.crisisline.events.DeliveryFailed;
import org.crisisline.events.OfferAccepted;
import org.crisisline.events.OfferMade;
import org.crisisline.events.ResponderProfile;
import org.crisisline.events.Topics;
import org.crisisline.notifier.domain.TwilioSignature;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Provider webhooks: signed ones are recorded, forged ones get 403 and change nothing. */
@ExtendWith(RealKafka.class)
class NotifierCallbackTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private NotifierFixture fx;
  private ResponderProfile ana;
  private OfferMade offer;

  @BeforeEach
  void setUp() {
    // Given an offer whose SMS has gone out
    fx = new NotifierFixture();
    ana = fx.responder(DeliveryChannel.SMS);
    fx.start(fx.config());
    offer = fx.offer(ana, Duration.ofMinutes(2));
    fx.produce(Topics.OFFERS, offer.requestId(), offer);
    await().atMost(Duration.ofSeconds(20)).until(() -> fx.tap.latest(offer.offerId(), DeliveryChannel.SMS) != null
        && "SENT".equals(fx.tap.latest(offer.offerId(), DeliveryChannel.SMS).state()));
  }

  @AfterEach
  void tearDown() throws Exception {
    fx.close();
  }

  @Test
  void aForgedStatusCallbackIsRejectedAndASignedOneIsRecordedOnceInOrder() throws Exception {
    String callbackUrl = NotifierFixture.form(fx.smsTo(ana.contact().phone()).get(0).getBodyAsString())
        .get("StatusCallback");
    Map<String, String> failed = Map.of("MessageSid", "SM-x", "MessageStatus", "failed");
    // When a forged "failed" arrives (signed with the wrong token)
    int forged = post(callbackUrl, failed, TwilioSignature.compute("wrong-token", callbackUrl, lists(failed)));
    // Then 403, and the send stays SENT with no failure reported
    assertThat(forged).isEqualTo(403);
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() ->
        "SENT".equals(fx.tap.latest(offer.offerId(), DeliveryChannel.SMS).state()));
    assertThat(fx.tap.deliveries(DeliveryFailed.class, d -> d.offerId().equals(offer.offerId()))).isEmpty();

    // When the provider's signed "delivered" arrives, then a late signed "sent"
    Map<String, String> delivered = Map.of("MessageSid", "SM-x", "MessageStatus", "delivered");
    assertThat(post(callbackUrl, delivered, sign(callbackUrl, delivered))).isEqualTo(204);
    Map<String, String> late = Map.of("MessageSid", "SM-x", "MessageStatus", "sent");
    assertThat(post(callbackUrl, late, sign(callbackUrl, late))).isEqualTo(204);
    // Then the send is DELIVERED, reported once, and the late callback changed nothing
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
        fx.tap.deliveries(DeliveryDelivered.class, d -> d.offerId().equals(offer.offerId())
            && "delivered".equals(d.providerStatus()))).hasSize(1));
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() ->
        "DELIVERED".equals(fx.tap.latest(offer.offerId(), DeliveryChannel.SMS).state()));
  }

  @Test
  void aForgedSmsReplyIsRejectedAndASignedYesFromTheResponderAcceptsTheOffer() throws Exception {
    String inbound = "http://localhost:" + fx.app.port() + "/api/v1/sms/inbound";
    Map<String, String> yes = Map.of("MessageSid", "SMin-" + fx.run, "From", ana.contact().phone(),
        "Body", "yes " + offer.offerCode());
    // When a forged reply arrives
    assertThat(post(inbound, yes, "bm90LWEtc2lnbmF0dXJl")).isEqualTo(403);
    assertThat(post(inbound, yes, null)).isEqualTo(403);
    // Then no reply is written
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() ->
        fx.tap.smsReplies.stream().noneMatch(a -> a.requestId().equals(offer.requestId())));

    // When someone else's phone texts the code, signed
    Map<String, String> stranger = Map.of("MessageSid", "SMin2-" + fx.run, "From", "+15035559999",
        "Body", "YES " + offer.offerCode());
    assertThat(post(inbound, stranger, sign(inbound, stranger))).isEqualTo(200);
    // And the responder's own signed YES arrives
    assertThat(post(inbound, yes, sign(inbound, yes))).isEqualTo(200);
    // Then exactly one ACCEPT on sms-replies, for that offer and responder, and nothing on offer-answers
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(fx.tap.smsReplies.stream().filter(a -> a.requestId().equals(offer.requestId())).toList())
            .singleElement().satisfies(a -> {
              assertThat(a.offerId()).isEqualTo(offer.offerId());
              assertThat(a.responderId()).isEqualTo(ana.responderId());
              assertThat(a.decision()).isEqualTo(SmsReplyReceived.Decision.ACCEPT);
              assertThat(a.toAnswer()).isInstanceOfSatisfying(OfferAccepted.class,
                  accepted -> assertThat(accepted.via()).isEqualTo(AnswerVia.SMS_REPLY));
            }));
    assertThat(fx.tap.answers).noneMatch(a -> a.requestId().equals(offer.requestId()));
  }

  private String sign(String url, Map<String, String> params) {
    return TwilioSignature.compute(NotifierFixture.TOKEN, url, lists(params));
  }

  private static Map<String, List<String>> lists(Map<String, String> params) {
    return params.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
  }

  private int post(String url, Map<String, String> params, String signature) throws Exception {
    String body = new TreeMap<>(params).entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) {
      request.header("X-Twilio-Signature", signature);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
