package org.crisisline.notifier.domain;

import java.util.ArrayList;
import java.util.List;
import org.crisisline.events.Contact;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.LocalService;
import org.crisisline.events.OfferMade;
import org.crisisline.events.OnCallPerson;
import org.crisisline.events.ResponderProfile;

/**
 * Who a handoff goes to and where, channels in the order to try them: a responder's own order
 * from their profile (SMS then email when the profile names none), or a service's intake
 * contact (email then SMS) for a referral, or an on-call person's own order (SMS then email when
 * none is named) for a page. Channels without an address are left out.
 */
public record Recipient(String recipientId, List<Target> targets) {

  public record Target(DeliveryChannel channel, String address) {}

  public Recipient {
    targets = List.copyOf(targets);
  }

  public List<DeliveryChannel> channels() {
    return targets.stream().map(Target::channel).toList();
  }

  public static Recipient forResponder(OfferMade offer, ResponderProfile profile) {
    List<DeliveryChannel> order = profile == null || profile.channels().isEmpty()
        ? List.of(DeliveryChannel.SMS, DeliveryChannel.EMAIL) : profile.channels();
    return new Recipient(offer.responderId(), targets(order, profile == null ? null : profile.contact()));
  }

  public static Recipient forService(OfferMade offer, LocalService service) {
    return new Recipient(offer.serviceId(), targets(List.of(DeliveryChannel.EMAIL, DeliveryChannel.SMS),
        service == null ? null : service.intakeContact()));
  }

  /** A person paged for an alert, from their {@code oncall-people} record (null while unknown). */
  public static Recipient forPerson(String userId, OnCallPerson person) {
    List<DeliveryChannel> order = person == null || person.channels().isEmpty()
        ? List.of(DeliveryChannel.SMS, DeliveryChannel.EMAIL) : person.channels();
    return new Recipient(userId, targets(order, person == null ? null : person.contact()));
  }

  private static List<Target> targets(List<DeliveryChannel> order, Contact contact) {
    List<Target> out = new ArrayList<>();
    if (contact == null) {
      return out;
    }
    for (DeliveryChannel channel : order) {
      String address = channel == DeliveryChannel.SMS ? contact.phone() : contact.email();
      boolean seen = out.stream().anyMatch(t -> t.channel() == channel);
      if (address != null && !address.isBlank() && !seen) {
        out.add(new Target(channel, address.trim()));
      }
    }
    return out;
  }

  /** Phone numbers compared by digits only, so "+1 503-555-0111" matches "+15035550111". */
  public static String phoneDigits(String phone) {
    return phone == null ? "" : phone.replaceAll("[^0-9]", "");
  }
}
