package org.crisisline.notifier.send;

import java.time.Instant;
import org.crisisline.events.OfferLinks;
import org.crisisline.events.OfferMade;
import org.crisisline.notifier.domain.Contacts;
import org.crisisline.notifier.domain.MessageComposer;
import org.crisisline.notifier.domain.Recipient;

/** Who an offer goes to (from the latest contacts) and what it says, with its signed answer link. */
public final class Handoffs {
  private final Contacts contacts;
  private final OfferLinks links;
  private final String publicUrl;
  private final MessageComposer composer = new MessageComposer();

  public Handoffs(Contacts contacts, OfferLinks links, String publicUrl) {
    this.contacts = contacts;
    this.links = links;
    this.publicUrl = publicUrl;
  }

  /** The recipient and their usable channels; no targets while the profile is unknown or has no address. */
  Recipient recipient(OfferMade offer) {
    return offer.isReferral()
        ? Recipient.forService(offer, contacts.service(offer.serviceId()))
        : Recipient.forResponder(offer, contacts.responder(offer.responderId()));
  }

  MessageComposer.Handoff compose(OfferMade offer, Instant deadline) {
    String token = links.sign(new OfferLinks.Claims(offer.offerId(), deadline));
    return composer.compose(offer, publicUrl + "/r/" + token);
  }
}
