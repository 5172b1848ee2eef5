package org.crisisline.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.crisisline.events.Contact;
import org.crisisline.events.DeliveryAttempted;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.DeliveryDelivered;
import org.crisisline.events.Ids;
import org.crisisline.events.LocalService;
import org.crisisline.events.Need;
import org.crisisline.events.OfferLinks;
import org.crisisline.events.OfferMade;
import org.crisisline.events.ReferralKind;
import org.crisisline.events.ResponderProfile;
import org.crisisline.events.SampleEvents;
import org.crisisline.events.ServiceStatus;
import org.crisisline.events.Topics;
import org.crisisline.events.Urgency;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An offer reaches the responder once per channel, with a PII-free text and a working signed link. */
@ExtendWith(RealKafka.class)
class NotifierDeliveryTest {
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
  void anOfferProducesExactlyOneEmailAndOneSmsWithThePiiFreeHandoff() throws Exception {
    // Given a responder reachable by SMS then email, and a running notifier
    ResponderProfile ana = fx.responder(DeliveryChannel.SMS, DeliveryChannel.EMAIL);
    fx.start(fx.config());
    // When routing offers them a request
    OfferMade offer = fx.offer(ana, Duration.ofMinutes(2));
    fx.produce(Topics.OFFERS, offer.requestId(), offer);

    // Then exactly one SMS and one email arrive, and stay single
    await().atMost(Duration.ofSeconds(20)).until(() ->
        fx.smsTo(ana.contact().phone()).size() == 1 && fx.mailTo(ana.contact().email()).size() == 1);
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() ->
        fx.smsTo(ana.contact().phone()).size() == 1 && fx.mailTo(ana.contact().email()).size() == 1);

    var form = NotifierFixture.form(fx.smsTo(ana.contact().phone()).get(0).getBodyAsString());
    String sms = form.get("Body");
    MimeMessage email = fx.mailTo(ana.contact().email()).get(0);
    String body = email.getContent().toString();
    // ... saying what the responder needs, and nothing about the caller
    for (String text : List.of(sms, body)) {
      assertThat(text).contains("HIGH", "crisis counselling", "es", "north", offer.offerCode(),
          NotifierFixture.PUBLIC_URL + "/r/");
      assertThat(text).doesNotContain(SampleEvents.helpRequestLogged().postalCode()).doesNotContain("+1503555");
    }
    assertThat(email.getSubject()).contains(offer.offerCode());
    assertThat(email.getHeader("X-Crisisline-Offer-Id")[0]).isEqualTo(offer.offerId());
    assertThat(email.getHeader("X-Crisisline-Recipient-Id")[0]).isEqualTo(ana.responderId());
    assertThat(form.get("From")).isEqualTo("+15550001111");
    assertThat(form.get("StatusCallback")).contains("/api/v1/sms/status?offerId=" + offer.offerId(), "channel=SMS");
    assertThat(fx.smsTo(ana.contact().phone()).get(0).getHeader("Authorization")).startsWith("Basic ");
    // ... with a link intake will accept for exactly this offer and responder
    String token = sms.substring(sms.indexOf("/r/") + 3).trim();
    var claims = new OfferLinks(NotifierFixture.LINK_SECRET, Clock.systemUTC()).verify(token).orElseThrow();
    assertThat(claims.offerId()).isEqualTo(offer.offerId());
    assertThat(claims.expiresAt()).isEqualTo(offer.expiresAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

    // And deliveries say attempted and delivered for each channel, once
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(fx.tap.deliveries(DeliveryAttempted.class, d -> d.offerId().equals(offer.offerId())))
          .extracting(DeliveryAttempted::channel).containsExactlyInAnyOrder(DeliveryChannel.SMS, DeliveryChannel.EMAIL);
      assertThat(fx.tap.deliveries(DeliveryDelivered.class, d -> d.offerId().equals(offer.offerId())))
          .extracting(DeliveryDelivered::channel).containsExactlyInAnyOrder(DeliveryChannel.SMS, DeliveryChannel.EMAIL);
      assertThat(fx.tap.latest(offer.offerId(), DeliveryChannel.SMS).state()).isEqualTo("SENT");
      assertThat(fx.tap.latest(offer.offerId(), DeliveryChannel.EMAIL).state()).isEqualTo("SENT");
    });
  }

  @Test
  void aReferralGoesToTheServicesIntakeContact() throws Exception {
    // Given a local service in the directory and a running notifier
    String serviceId = "svc-" + fx.run;
    LocalService base = SampleEvents.localService();
    LocalService service = new LocalService(Ids.newId(), Instant.now(), serviceId, base.organization(), base.name(),
        base.description(), base.kinds(), ServiceStatus.ACTIVE, base.serviceArea(), base.languages(),
        base.eligibility(), base.schedule(), base.timeZone(), base.capacity(),
        new Contact(null, "intake-" + fx.run + "@services.test"), base.cost(), base.accessibility(), base.assuredDate());
    fx.produce(Topics.DIRECTORY, serviceId, service);
    fx.start(fx.config());
    // When routing refers a request to it
    OfferMade referral = new OfferMade(Ids.newId(), Instant.now(), "req-" + fx.run, "off-ref-" + fx.run, "REF234",
        null, serviceId, 1, null, Urgency.LOW, Need.REFERRAL, ReferralKind.SUPPORT_GROUP, "en", "north");
    fx.produce(Topics.OFFERS, referral.requestId(), referral);
    // Then its intake contact gets one referral email
    await().atMost(Duration.ofSeconds(20)).until(() -> fx.mailTo("intake-" + fx.run + "@services.test").size() == 1);
    assertThat(fx.mailTo("intake-" + fx.run + "@services.test").get(0))
        .satisfies(m -> assertThat(m.getSubject()).contains("Referral", "support group", "REF234"));
    // And it carries the service's signed answer link for this referral, which no responder link key accepts
    String body = fx.mailTo("intake-" + fx.run + "@services.test").get(0).getContent().toString();
    java.util.regex.Matcher link = java.util.regex.Pattern.compile("/s/([A-Za-z0-9_.~-]+)").matcher(body);
    assertThat(link.find()).as(body).isTrue();
    assertThat(org.crisisline.events.OfferLinks.forReferrals(NotifierFixture.LINK_SECRET, java.time.Clock.systemUTC())
        .verify(link.group(1))).hasValueSatisfying(c -> assertThat(c.offerId()).isEqualTo(referral.offerId()));
    assertThat(new org.crisisline.events.OfferLinks(NotifierFixture.LINK_SECRET, java.time.Clock.systemUTC())
        .verify(link.group(1))).isEmpty();
  }
}
