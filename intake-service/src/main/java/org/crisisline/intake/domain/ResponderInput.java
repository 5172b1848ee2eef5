package org.crisisline.intake.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.crisisline.events.Contact;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.ResponderKind;
import org.crisisline.events.ResponderProfile;
import org.crisisline.events.ResponderStatus;

/**
 * Validation of the admin's responder profile (PUT /api/v1/responders/{id}) and of a status
 * change (PUT /api/v1/responders/{id}/status). A channel needs its contact: SMS a phone,
 * EMAIL an email.
 */
public final class ResponderInput {
  private static final Pattern DISPLAY_NAME = Pattern.compile("^[^<>]{1,100}$");

  private ResponderInput() {}

  /** A validated status change. */
  public record StatusChange(ResponderStatus status, String reason) {}

  public static ResponderProfile profile(String responderId, byte[] body, String eventId, Instant now) {
    JsonNode node = Json.parseObject(body);
    Fields f = Fields.of(node, "responderId", "displayName", "kind", "region", "languages", "specialties",
        "capacity", "contact", "channels", "active");
    String bodyId = f.string("responderId", false, 1, 64, null);
    if (bodyId != null && !bodyId.equals(responderId)) {
      f.error("responderId", "must match the id in the path");
    }
    String name = f.string("displayName", true, 1, 100, DISPLAY_NAME);
    ResponderKind kind = f.enumValue("kind", ResponderKind.class, true);
    String region = f.string("region", true, 1, 40, RequestValidator.REGION);
    List<String> languages = f.strings("languages", true, 1, 10, 2, Fields::isLanguage, "must be an ISO 639-1 code");
    List<String> specialties = f.strings("specialties", false, 0, 20, 40,
        s -> RequestValidator.SPECIALTY.matcher(s).matches(), "must match " + RequestValidator.SPECIALTY.pattern());
    Integer capacity = f.integer("capacity", true, 1, 20);
    Contact contact = contact(f, "contact", true);
    List<String> channelNames = f.strings("channels", true, 1, 2, 10,
        s -> s.equals("SMS") || s.equals("EMAIL"), "must be SMS or EMAIL");
    Boolean active = f.bool("active", false);
    List<DeliveryChannel> channels = channelNames == null ? List.of()
        : channelNames.stream().map(DeliveryChannel::valueOf).toList();
    if (contact != null) {
      if (channels.contains(DeliveryChannel.SMS) && contact.phone() == null) {
        f.error("contact.phone", "is required for the SMS channel");
      }
      if (channels.contains(DeliveryChannel.EMAIL) && contact.email() == null) {
        f.error("contact.email", "is required for the EMAIL channel");
      }
    }
    f.check();
    return new ResponderProfile(eventId, now, responderId, name, kind, region, languages,
        specialties == null ? List.of() : specialties, capacity, contact, channels, active == null || active);
  }

  public static StatusChange status(byte[] body) {
    Fields f = Fields.of(Json.parseObject(body), "status", "reason");
    ResponderStatus status = f.enumValue("status", ResponderStatus.class, true);
    String reason = f.string("reason", false, 0, 200, null);
    f.check();
    return new StatusChange(status, reason);
  }

  /** {phone, email}: both optional but at least one; phone E.164, email an address. */
  static Contact contact(Fields parent, String name, boolean required) {
    Fields c = parent.object(name, required, "phone", "email");
    if (c == null) {
      return null;
    }
    String phone = c.string("phone", false, 1, 16, null);
    if (phone != null && !Phones.isE164(phone)) {
      c.error("phone", "must be a valid E.164 number");
      phone = null;
    }
    String email = c.string("email", false, 3, 254, null);
    if (email != null && !Fields.isEmail(email)) {
      c.error("email", "must be an email address");
      email = null;
    }
    if (!c.has("phone") && !c.has("email")) {
      parent.error(name, "needs a phone or an email");
    }
    return new Contact(phone, email);
  }

  /** An optional free-text reason, e.g. of a decline or cancellation (no PII expected). */
  public static String optionalText(byte[] body, String field, int max) {
    if (body == null || body.length == 0) {
      return null;
    }
    Fields f = Fields.of(Json.parseObject(body), field);
    String text = f.string(field, false, 0, max, null);
    f.check();
    return text;
  }
}
