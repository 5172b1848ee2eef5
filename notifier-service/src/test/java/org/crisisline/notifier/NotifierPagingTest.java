package org.crisisline.notifier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.crisisline.events.AlertAcknowledged;
import org.crisisline.events.AlertPaged;
import org.crisisline.events.AlertResolved;
import org.crisisline.events.AlertVia;
import org.crisisline.events.DeliveryAttempted;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.DeliveryDelivered;
import org.crisisline.events.Ids;
import org.crisisline.events.OfferLinks;
import org.crisisline.events.OnCallPerson;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.Topics;
import org.crisisline.kafkalocal.RealKafka;
import org.crisisline.notifier.domain.AllClearNotice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pages: an AlertPaged on {@code alerts} reaches the on-call person once per channel, across
 * re-reads and restarts; {@code ACK <code>} from the paged phone is one acknowledgement request;
 * an acknowledgement stops pending retries; a resolution tells everyone paged, once per channel.
 */
@ExtendWith(RealKafka.class)
class NotifierPagingTest {
  private NotifierFixture fx;
  private final String alertId = "al-" + UUID.randomUUID();
  private final String requestId = "req-" + UUID.randomUUID();
  private final String code = Ids.offerCode();

  @BeforeEach
  void setUp() {
    fx = new NotifierFixture();
  }

  @AfterEach
  void tearDown() throws Exception {
    fx.close();
  }

  @Test
  void aPageArrivesOnceBySmsAndByEmailAlsoWhenReReadAndAfterARestart() throws Exception {
    // Given an on-call person reachable by SMS then email, and a running notifier
    OnCallPerson dana = fx.onCallPerson(DeliveryChannel.SMS, DeliveryChannel.EMAIL);
    fx.start(fx.config());
    // When routing pages them
    AlertPaged page = fx.page(dana, alertId, code, requestId);
    fx.produce(Topics.ALERTS, requestId, page);
    // Then one SMS and one email arrive, and the ledger settles both
    await().atMost(Duration.ofSeconds(20)).until(() -> sent(dana) == 2 && settled(page, DeliveryChannel.SMS)
        && settled(page, DeliveryChannel.EMAIL));
    // ... and nothing more when the same page is read again (the ledger, not the job in flight, says no),
    // nor after a restart replays the alerts
    fx.produce(Topics.ALERTS, requestId, page);
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> sent(dana) == 2);
    fx.app.close();
    fx.start(fx.config());
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> sent(dana) == 2);

    // The SMS says urgency, region, wait, how to acknowledge, and a page link (not an offer link)
    var form = NotifierFixture.form(fx.smsTo(dana.contact().phone()).get(0).getBodyAsString());
    String sms = form.get("Body");
    MimeMessage email = fx.mailTo(dana.contact().email()).get(0);
    for (String text : List.of(sms, email.getContent().toString())) {
      assertThat(text).contains("IMMINENT RISK", "north", "1 min", "ACK " + code, NotifierFixture.PUBLIC_URL + "/a/");
    }
    String token = sms.substring(sms.indexOf("/a/") + 3).trim();
    var claims = OfferLinks.forPages(NotifierFixture.LINK_SECRET, Clock.systemUTC()).verify(token).orElseThrow();
    assertThat(claims.offerId()).isEqualTo(page.pageId());
    assertThat(new OfferLinks(NotifierFixture.LINK_SECRET, Clock.systemUTC()).verify(token)).isEmpty();
    // ... and names the page where the providers' counts look (the reliability run's duplicate_sends)
    assertThat(form.get("StatusCallback")).contains("offerId=" + page.pageId(), "recipientId=" + dana.userId());
    assertThat(email.getHeader("X-Crisisline-Offer-Id")[0]).isEqualTo(page.pageId());
    assertThat(email.getHeader("X-Crisisline-Recipient-Id")[0]).isEqualTo(dana.userId());
    // And the ledger and deliveries record it under the page id, once per channel
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(fx.tap.deliveries(DeliveryAttempted.class, d -> d.offerId().equals(page.pageId())))
          .allSatisfy(d -> {
            assertThat(d.requestId()).isEqualTo(requestId);
            assertThat(d.recipientId()).isEqualTo(dana.userId());
          })
          .extracting(DeliveryAttempted::channel).containsExactlyInAnyOrder(DeliveryChannel.SMS, DeliveryChannel.EMAIL);
      assertThat(fx.tap.deliveries(DeliveryDelivered.class, d -> d.offerId().equals(page.pageId()))).hasSize(2);
      assertThat(fx.tap.latest(page.pageId(), DeliveryChannel.SMS).state()).isEqualTo("SENT");
      assertThat(fx.tap.latest(page.pageId(), DeliveryChannel.EMAIL).recipientId()).isEqualTo(dana.userId());
    });
  }

  @Test
  void aPageWaitsBrieflyForAPersonWhoseRecordArrivesLate() {
    // Given a running notifier that has not heard of the person yet
    fx.start(fx.config());
    String phone = String.format("+1972%07d", Math.abs(fx.run.hashCode()) % 10_000_000);
    OnCallPerson late = new OnCallPerson(Ids.newId(), Instant.now(), "sup-late-" + fx.run, "Late",
        new org.crisisline.events.Contact(phone, null), List.of(DeliveryChannel.SMS));
    // When the page comes first and the person's record a moment later
    fx.produce(Topics.ALERTS, requestId, fx.page(late, alertId, code, requestId));
    fx.produce(Topics.ONCALL_PEOPLE, late.userId(), late);
    // Then the page still goes out, once
    await().atMost(Duration.ofSeconds(15)).until(() -> fx.smsTo(phone).size() == 1);
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> fx.smsTo(phone).size() == 1);
  }

  @Test
  void ackWithTheCodeFromThePagedPhoneAsksOnceToAcknowledgeAndNothingElseDoes() throws Exception {
    // Given two on-call people, and a page to one of them that went out
    OnCallPerson dana = fx.onCallPerson(DeliveryChannel.SMS);
    OnCallPerson eli = fx.onCallPerson(DeliveryChannel.SMS);
    fx.start(fx.config());
    AlertPaged page = fx.page(dana, alertId, code, requestId);
    fx.produce(Topics.ALERTS, requestId, page);
    await().atMost(Duration.ofSeconds(20)).until(() -> fx.smsTo(dana.contact().phone()).size() == 1);
    // When the code comes from someone else's phone (on call but not paged, or a stranger), or the wrong code
    // comes from the paged phone
    var fromEli = fx.smsInbound(Map.of("MessageSid", "SMa-" + fx.run, "From", eli.contact().phone(), "Body", "ACK " + code));
    var fromStranger = fx.smsInbound(Map.of("MessageSid", "SMb-" + fx.run, "From", "+15035559999", "Body", "ACK " + code));
    var wrongCode = fx.smsInbound(Map.of("MessageSid", "SMc-" + fx.run, "From", dana.contact().phone(),
        "Body", "ACK " + (code.equals("ZZZZZZ") ? "YYYYYY" : "ZZZZZZ")));
    // Then each is answered like any unusable reply, and nothing is asked of routing
    for (var response : List.of(fromEli, fromStranger, wrongCode)) {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("No page to this phone matches that code.");
    }
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() ->
        fx.tap.smsAlertAcks.stream().noneMatch(a -> a.requestId().equals(requestId)));

    // When the paged person texts "ack <code>" (lower case, extra spaces), and the provider retries the webhook
    Map<String, String> ack = Map.of("MessageSid", "SMd-" + fx.run, "From", dana.contact().phone(),
        "Body", "  ack   " + code.toLowerCase(java.util.Locale.ROOT) + " on my way");
    var first = fx.smsInbound(ack);
    var retried = fx.smsInbound(ack);
    // Then exactly one acknowledgement request, by that person via SMS, for that alert; none on alert-acks
    assertThat(first.body()).contains("Acknowledged alert " + code);
    assertThat(retried.statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(fx.tap.smsAlertAcks.stream().filter(a -> a.requestId().equals(requestId)).toList())
            .singleElement().satisfies(a -> {
              assertThat(a.alertId()).isEqualTo(alertId);
              assertThat(a.userId()).isEqualTo(dana.userId());
              assertThat(a.via()).isEqualTo(AlertVia.SMS);
            }));
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() ->
        fx.tap.smsAlertAcks.stream().filter(a -> a.requestId().equals(requestId)).count() == 1);
    assertThat(fx.tap.alertAcks).noneMatch(a -> a.requestId().equals(requestId));
    assertThat(fx.tap.smsReplies).noneMatch(r -> r.requestId().equals(requestId));
  }

  @Test
  void aResolvedAlertTellsEachPagedPersonOncePerChannelThatNoActionIsNeeded() throws Exception {
    // Given two people paged for one alert (one by SMS and email, one by SMS), pages sent
    OnCallPerson dana = fx.onCallPerson(DeliveryChannel.SMS, DeliveryChannel.EMAIL);
    OnCallPerson eli = fx.onCallPerson(DeliveryChannel.SMS);
    fx.start(fx.config());
    fx.produce(Topics.ALERTS, requestId, fx.page(dana, alertId, code, requestId));
    fx.produce(Topics.ALERTS, requestId, fx.page(eli, alertId, code, requestId));
    await().atMost(Duration.ofSeconds(20)).until(() -> sent(dana) == 2 && sent(eli) == 1);
    // When the request is accepted and routing resolves the alert (read twice, naming dana twice)
    AlertResolved resolved = new AlertResolved(Ids.newId(), Instant.now(), alertId, code, requestId,
        RequestStatus.ACCEPTED, List.of(dana.userId(), eli.userId(), dana.userId()));
    fx.produce(Topics.ALERTS, requestId, resolved);
    fx.produce(Topics.ALERTS, requestId, resolved);
    // Then each gets one "resolved" message per channel, and no more
    await().atMost(Duration.ofSeconds(20)).until(() -> sent(dana) == 4 && sent(eli) == 2);
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> sent(dana) == 4 && sent(eli) == 2);
    String allClear = NotifierFixture.form(fx.smsTo(eli.contact().phone()).get(1).getBodyAsString()).get("Body");
    assertThat(allClear).isEqualTo("crisisline: alert " + code + " resolved (accepted), no action needed.");
    assertThat(fx.mailTo(dana.contact().email()).get(1).getSubject()).contains(code, "no action needed");
    String danaAllClear = AllClearNotice.sendId(alertId, dana.userId());
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(fx.tap.deliveries(DeliveryDelivered.class, d -> d.offerId().equals(danaAllClear)))
            .extracting(DeliveryDelivered::channel, DeliveryDelivered::recipientId)
            .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(DeliveryChannel.SMS, dana.userId()),
                org.assertj.core.groups.Tuple.tuple(DeliveryChannel.EMAIL, dana.userId())));
  }

  @Test
  void anAcknowledgementStopsThePagesPendingRetries() {
    // Given an SMS provider that keeps failing, and a page being retried
    fx.smsAnswers(aResponse().withStatus(503));
    OnCallPerson dana = fx.onCallPerson(DeliveryChannel.SMS);
    fx.start(fx.config());
    AlertPaged page = fx.page(dana, alertId, code, requestId);
    fx.produce(Topics.ALERTS, requestId, page);
    await().atMost(Duration.ofSeconds(10)).until(() -> !fx.smsTo(dana.contact().phone()).isEmpty());
    // When routing records the alert acknowledged
    fx.produce(Topics.ALERTS, requestId, new AlertAcknowledged(Ids.newId(), Instant.now(), alertId, requestId,
        "someone-else", AlertVia.API));
    // Then the page's SMS is STOPPED and the provider hears no more of it
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.tap.latest(page.pageId(), DeliveryChannel.SMS) != null
        && "STOPPED".equals(fx.tap.latest(page.pageId(), DeliveryChannel.SMS).state()));
    int calls = fx.smsTo(dana.contact().phone()).size();
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
        .until(() -> fx.smsTo(dana.contact().phone()).size() == calls);
  }

  private boolean settled(AlertPaged page, DeliveryChannel channel) {
    var latest = fx.tap.latest(page.pageId(), channel);
    return latest != null && "SENT".equals(latest.state());
  }

  private int sent(OnCallPerson person) {
    return fx.smsTo(person.contact().phone()).size()
        + (person.contact().email() == null ? 0 : fx.mailTo(person.contact().email()).size());
  }
}
