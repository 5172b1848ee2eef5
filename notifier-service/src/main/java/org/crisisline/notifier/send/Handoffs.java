package org.crisisline.notifier.send;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.OfferLinks;
import org.crisisline.events.OfferMade;
import org.crisisline.notifier.domain.AllClearNotice;
import org.crisisline.notifier.domain.CaringNotice;
import org.crisisline.notifier.domain.CaringTemplates;
import org.crisisline.notifier.domain.Contacts;
import org.crisisline.notifier.domain.MessageComposer;
import org.crisisline.notifier.domain.Notice;
import org.crisisline.notifier.domain.OfferNotice;
import org.crisisline.notifier.domain.PageComposer;
import org.crisisline.notifier.domain.PageNotice;
import org.crisisline.notifier.domain.Recipient;
import org.crisisline.notifier.domain.StopConfirmationNotice;

/**
 * Who a notice goes to (from the latest contacts) and what it says: an offer with its signed
 * answer link ({@code /r/{token}}), a referral with the service's signed answer link
 * ({@code /s/{token}}, signed under the referral key, valid {@link #REFERRAL_LINK_TTL}), a page
 * with its signed page link ({@code /a/{token}}, signed under the page key so it never stands for
 * an offer), or an all-clear; to a caller, a caring message or the confirmation of their opt-out,
 * by SMS only, whose number the sender fills in ({@link Providers}).
 */
public final class Handoffs {
  /**
   * How long a service's referral link works, counted from the referral: the same link accepts or
   * declines it and, days later, records whether the service reached the person.
   */
  public static final Duration REFERRAL_LINK_TTL = Duration.ofDays(14);
  /** The address a caller's SMS target carries until the sender fills in the number. */
  static final String CALLER = "caller";
  private final Contacts contacts;
  private final OfferLinks offerLinks;
  private final OfferLinks pageLinks;
  private final OfferLinks referralLinks;
  private final String publicUrl;
  private final Clock clock;
  private final MessageComposer offers = new MessageComposer();
  private final PageComposer pages = new PageComposer();
  private final CaringTemplates caring;

  public Handoffs(Contacts contacts, OfferLinks offerLinks, OfferLinks pageLinks, OfferLinks referralLinks,
      String publicUrl, CaringTemplates caring, Clock clock) {
    this.caring = caring;
    this.contacts = contacts;
    this.offerLinks = offerLinks;
    this.pageLinks = pageLinks;
    this.referralLinks = referralLinks;
    this.publicUrl = publicUrl;
    this.clock = clock;
  }

  /** The recipient and their usable channels; no targets while the profile is unknown or has no address. */
  Recipient recipient(Notice notice) {
    if (notice instanceof CaringNotice || notice instanceof StopConfirmationNotice) {
      // A caller, by SMS: the address is a stand-in, the real number is opened by the sender.
      return new Recipient(notice.recipientId(), List.of(new Recipient.Target(DeliveryChannel.SMS, CALLER)));
    }
    if (notice instanceof OfferNotice o) {
      OfferMade offer = o.offer();
      return offer.isReferral()
          ? Recipient.forService(offer, contacts.service(offer.serviceId()))
          : Recipient.forResponder(offer, contacts.responder(offer.responderId()));
    }
    return Recipient.forPerson(notice.recipientId(), contacts.onCallPerson(notice.recipientId()));
  }

  MessageComposer.Handoff compose(Notice notice, Instant deadline) {
    Instant now = clock.instant();
    if (notice instanceof PageNotice p) {
      String token = pageLinks.sign(new OfferLinks.Claims(p.sendId(), p.linkExpiry(now)));
      return pages.page(p.page(), publicUrl + "/a/" + token, now);
    }
    if (notice instanceof AllClearNotice a) {
      return pages.allClear(a.resolved());
    }
    if (notice instanceof CaringNotice c) {
      return new MessageComposer.Handoff(caring.caring(c.due().language()), null, null);
    }
    if (notice instanceof StopConfirmationNotice s) {
      return new MessageComposer.Handoff(caring.stopConfirmation(s.language()), null, null);
    }
    OfferMade offer = ((OfferNotice) notice).offer();
    if (offer.isReferral()) {
      // From the referral, not from now: every send of one referral carries the same expiry.
      Instant linkExpiry = (offer.occurredAt() != null ? offer.occurredAt() : now).plus(REFERRAL_LINK_TTL);
      String token = referralLinks.sign(new OfferLinks.Claims(offer.offerId(), linkExpiry));
      return offers.compose(offer, publicUrl + "/s/" + token, linkExpiry);
    }
    String token = offerLinks.sign(new OfferLinks.Claims(offer.offerId(), deadline));
    return offers.compose(offer, publicUrl + "/r/" + token);
  }
}
