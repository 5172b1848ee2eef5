package org.crisisline.notifier.send;

import java.time.Clock;
import java.time.Instant;
import org.crisisline.events.OfferLinks;
import org.crisisline.events.OfferMade;
import org.crisisline.notifier.domain.AllClearNotice;
import org.crisisline.notifier.domain.Contacts;
import org.crisisline.notifier.domain.MessageComposer;
import org.crisisline.notifier.domain.Notice;
import org.crisisline.notifier.domain.OfferNotice;
import org.crisisline.notifier.domain.PageComposer;
import org.crisisline.notifier.domain.PageNotice;
import org.crisisline.notifier.domain.Recipient;

/**
 * Who a notice goes to (from the latest contacts) and what it says: an offer with its signed
 * answer link ({@code /r/{token}}), a page with its signed page link ({@code /a/{token}}, signed
 * under the page key so it never stands for an offer), or an all-clear.
 */
public final class Handoffs {
  private final Contacts contacts;
  private final OfferLinks offerLinks;
  private final OfferLinks pageLinks;
  private final String publicUrl;
  private final Clock clock;
  private final MessageComposer offers = new MessageComposer();
  private final PageComposer pages = new PageComposer();

  public Handoffs(Contacts contacts, OfferLinks offerLinks, OfferLinks pageLinks, String publicUrl, Clock clock) {
    this.contacts = contacts;
    this.offerLinks = offerLinks;
    this.pageLinks = pageLinks;
    this.publicUrl = publicUrl;
    this.clock = clock;
  }

  /** The recipient and their usable channels; no targets while the profile is unknown or has no address. */
  Recipient recipient(Notice notice) {
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
    OfferMade offer = ((OfferNotice) notice).offer();
    String token = offerLinks.sign(new OfferLinks.Claims(offer.offerId(), deadline));
    return offers.compose(offer, publicUrl + "/r/" + token);
  }
}
