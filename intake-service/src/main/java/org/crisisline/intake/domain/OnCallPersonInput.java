package org.crisisline.intake.domain;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.crisisline.events.Contact;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.OnCallPerson;

/**
 * Validation of a person who may be on call (PUT /api/v1/oncall/people/{userId}, admin):
 * {@code {name, phone, email, channels?}}. A page has to reach them, so at least one of phone and
 * email; the phone is E.164 and valid to libphonenumber, the email an address. {@code channels}
 * is the order they are paged in (the notifier uses SMS then email when it is empty); a channel
 * needs its contact. The work contact of staff, not caller data.
 */
public final class OnCallPersonInput {
  private static final Pattern NAME = Pattern.compile("^[^<>]{1,100}$");

  private OnCallPersonInput() {}

  public static OnCallPerson person(String userId, byte[] body, String eventId, Instant now) {
    Fields f = Fields.of(Json.parseObject(body), "userId", "name", "phone", "email", "channels");
    String bodyId = f.string("userId", false, 1, 64, null);
    if (bodyId != null && !bodyId.equals(userId)) {
      f.error("userId", "must match the id in the path");
    }
    String name = f.string("name", true, 1, 100, NAME);
    String phone = f.string("phone", false, 1, 16, null);
    if (phone != null && !Phones.isE164(phone)) {
      f.error("phone", "must be a valid E.164 number");
      phone = null;
    }
    String email = f.string("email", false, 3, 254, null);
    if (email != null && !Fields.isEmail(email)) {
      f.error("email", "must be an email address");
      email = null;
    }
    if (!f.has("phone") && !f.has("email")) {
      f.error("phone", "a phone or an email is required, so a page can reach them");
    }
    List<String> names = f.strings("channels", false, 0, 2, 10,
        s -> s.equals("SMS") || s.equals("EMAIL"), "must be SMS or EMAIL");
    List<DeliveryChannel> channels = names == null ? List.of() : names.stream().map(DeliveryChannel::valueOf).toList();
    if (channels.contains(DeliveryChannel.SMS) && !f.has("phone")) {
      f.error("phone", "is required for the SMS channel");
    }
    if (channels.contains(DeliveryChannel.EMAIL) && !f.has("email")) {
      f.error("email", "is required for the EMAIL channel");
    }
    f.check();
    return new OnCallPerson(eventId, now, userId, name, new Contact(phone, email), channels);
  }
}
