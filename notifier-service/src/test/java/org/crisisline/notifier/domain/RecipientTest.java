package org.crisisline.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.crisisline.events.Contact;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.Need;
import org.crisisline.events.OfferMade;
import org.crisisline.events.OnCallPerson;
import org.crisisline.events.ResponderProfile;
import org.crisisline.events.SampleEvents;
import org.crisisline.events.Urgency;
import org.junit.jupiter.api.Test;

class RecipientTest {
  private static ResponderProfile profile(Contact contact, List<DeliveryChannel> channels) {
    ResponderProfile p = SampleEvents.responderProfile();
    return new ResponderProfile(p.eventId(), p.occurredAt(), p.responderId(), p.displayName(), p.kind(), p.region(),
        p.languages(), p.specialties(), p.capacity(), contact, channels, true);
  }

  @Test
  void aResponderIsReachedInTheOrderOfTheirProfileOnChannelsWithAnAddress() {
    OfferMade offer = SampleEvents.offerMade();
    var emailFirst = Recipient.forResponder(offer,
        profile(new Contact("+15035550111", "ana@example.org"), List.of(DeliveryChannel.EMAIL, DeliveryChannel.SMS)));
    assertThat(emailFirst.channels()).containsExactly(DeliveryChannel.EMAIL, DeliveryChannel.SMS);
    var phoneOnly = Recipient.forResponder(offer,
        profile(new Contact("+15035550111", null), List.of(DeliveryChannel.EMAIL, DeliveryChannel.SMS)));
    assertThat(phoneOnly.targets()).containsExactly(new Recipient.Target(DeliveryChannel.SMS, "+15035550111"));
    var noOrder = Recipient.forResponder(offer, profile(new Contact("+15035550111", "ana@example.org"), List.of()));
    assertThat(noOrder.channels()).containsExactly(DeliveryChannel.SMS, DeliveryChannel.EMAIL);
    assertThat(Recipient.forResponder(offer, null).targets()).isEmpty();
  }

  @Test
  void aReferralGoesToTheServicesIntakeContactEmailFirst() {
    OfferMade referral = new OfferMade("e", Instant.now(), "req", "off", "ABCDEF", null, "svc-1", 1, null,
        Urgency.LOW, Need.REFERRAL, null, "en", "north");
    var r = Recipient.forService(referral, SampleEvents.localService());
    assertThat(r.recipientId()).isEqualTo("svc-1");
    assertThat(r.targets()).containsExactly(new Recipient.Target(DeliveryChannel.EMAIL, "intake@example.org"),
        new Recipient.Target(DeliveryChannel.SMS, "+15035550122"));
  }

  @Test
  void phonesCompareByDigits() {
    assertThat(Recipient.phoneDigits("+1 (503) 555-0111")).isEqualTo(Recipient.phoneDigits("+15035550111"));
  }

  @Test
  void anOfferWithNeitherOrBothRecipientsIsPoison() {
    OfferMade ok = SampleEvents.offerMade();
    OfferChecks.check(ok);
    assertThatThrownBy(() -> OfferChecks.check(new OfferMade("e", ok.occurredAt(), "req", "off", "C", null, null, 1,
        ok.expiresAt(), ok.urgency(), ok.need(), null, "en", "north"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OfferChecks.check(new OfferMade("e", ok.occurredAt(), "req", "off", "C", "r", "s", 1,
        ok.expiresAt(), ok.urgency(), ok.need(), null, "en", "north"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OfferChecks.check(new OfferMade("e", ok.occurredAt(), "req", "off", "C", "r", null, 1,
        null, ok.urgency(), ok.need(), null, "en", "north"))).hasMessageContaining("expiresAt");
  }

  @Test
  void theOfferIndexFindsOpenOffersByCodeAndForgetsStoppedAndOldOnes() {
    OfferIndex index = new OfferIndex(java.time.Duration.ofMinutes(5));
    OfferMade offer = SampleEvents.offerMade();
    index.add(offer);
    assertThat(index.byCode("K7Q2MZ")).containsExactly(offer);
    assertThat(index.openFor(o -> true, offer.expiresAt().minusSeconds(1))).containsExactly(offer);
    index.stop(new StopRules.StopRequest(offer.requestId(), "request CANCELLED"), offer.occurredAt());
    assertThat(index.isStopped(offer)).isTrue();
    assertThat(index.openFor(o -> true, offer.expiresAt().minusSeconds(1))).isEmpty();
    index.purge(offer.expiresAt().plusSeconds(600));
    assertThat(index.get(offer.offerId())).isNull();
    assertThat(index.byCode("K7Q2MZ")).isEmpty();
  }

  @Test
  void aPagedPersonIsReachedInTheirOwnOrderSmsThenEmailWhenTheyNameNone() {
    OnCallPerson dana = SampleEvents.onCallPerson();
    var ordered = Recipient.forPerson("sup-a", new OnCallPerson(dana.eventId(), dana.occurredAt(), "sup-a", dana.name(),
        new Contact("+15035550301", "dana@example.org"), List.of(DeliveryChannel.EMAIL, DeliveryChannel.SMS)));
    assertThat(ordered.recipientId()).isEqualTo("sup-a");
    assertThat(ordered.channels()).containsExactly(DeliveryChannel.EMAIL, DeliveryChannel.SMS);
    var unordered = Recipient.forPerson("sup-a", new OnCallPerson(dana.eventId(), dana.occurredAt(), "sup-a",
        dana.name(), new Contact("+15035550301", "dana@example.org"), List.of()));
    assertThat(unordered.targets()).containsExactly(new Recipient.Target(DeliveryChannel.SMS, "+15035550301"),
        new Recipient.Target(DeliveryChannel.EMAIL, "dana@example.org"));
    assertThat(Recipient.forPerson("sup-a", null).targets()).isEmpty();
  }
}
