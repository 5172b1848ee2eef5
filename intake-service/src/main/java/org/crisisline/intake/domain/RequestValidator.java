package org.crisisline.intake.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.crisisline.events.AgeGroup;
import org.crisisline.events.CallerContact;
import org.crisisline.events.Channel;
import org.crisisline.events.LocalService;
import org.crisisline.events.Need;
import org.crisisline.events.ReferralKind;
import org.crisisline.events.Urgency;

/**
 * The rules for a help request body, the same as {@code openapi.yaml}'s {@code NewRequest}:
 * enums, lengths, ISO 639-1 language, a region intake knows, E.164 phone, email, no unknown
 * fields; a named {@code serviceId} (REFERRAL only) must be a directory service of that kind. Plain Java so the rules are unit-tested without a server.
 */
public final class RequestValidator {
  public static final Pattern REGION = Pattern.compile("^[a-z0-9][a-z0-9-]{0,39}$");
  public static final Pattern POSTAL = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9 -]{1,9}$");
  public static final Pattern SPECIALTY = Pattern.compile("^[A-Z][A-Z0-9_]{0,39}$");
  public static final int SUMMARY_MAX = 2000;

  private final Predicate<String> knownRegion;
  private final Function<String, LocalService> services;

  /** A validator that knows no directory service: any {@code serviceId} is refused. */
  public RequestValidator(Predicate<String> knownRegion) {
    this(knownRegion, id -> null);
  }

  /**
   * {@code knownRegion} answers whether a region exists and {@code services} a directory service by
   * id (null when none); each is asked at most once per request, so keep them O(1).
   */
  public RequestValidator(Predicate<String> knownRegion, Function<String, LocalService> services) {
    this.knownRegion = knownRegion;
    this.services = services;
  }

  /** A region a request (or a report) may name. */
  public boolean knownRegion(String region) {
    return knownRegion.test(region);
  }

  public NewRequest validate(byte[] body) {
    JsonNode node = Json.parseObject(body);
    Fields f = Fields.of(node, "channel", "urgency", "need", "referralKind", "language", "region",
        "postalCode", "ageGroup", "specialties", "summary", "callerContact", "riskScreen", "serviceId");
    Channel channel = f.enumValue("channel", Channel.class, true);
    Urgency urgency = f.enumValue("urgency", Urgency.class, true);
    Need need = f.enumValue("need", Need.class, true);
    ReferralKind kind = f.enumValue("referralKind", ReferralKind.class, need == Need.REFERRAL);
    if (kind != null && need != null && need != Need.REFERRAL) {
      f.error("referralKind", "only allowed when need is REFERRAL");
    }
    String language = f.string("language", true, 2, 2, null);
    if (language != null && !Fields.isLanguage(language)) {
      f.error("language", "must be an ISO 639-1 code");
    }
    String region = f.string("region", true, 1, 40, REGION);
    if (region != null && !knownRegion.test(region)) {
      f.error("region", "unknown region");
    }
    String postal = f.string("postalCode", false, 2, 10, POSTAL);
    AgeGroup age = f.enumValue("ageGroup", AgeGroup.class, false);
    var specialties = f.strings("specialties", false, 0, 10, 40,
        s -> SPECIALTY.matcher(s).matches(), "must match " + SPECIALTY.pattern());
    String summary = f.string("summary", false, 0, SUMMARY_MAX, null);
    CallerContact contact = callerContact(f);
    var screen = WrapUp.riskScreen(f, "riskScreen");
    String serviceId = namedService(f, need, kind);
    f.check();
    return new NewRequest(channel, urgency, need, kind, language, region, postal, age,
        specialties == null ? java.util.List.of() : specialties, summary, contact, screen, serviceId);
  }

  /** The service staff chose for a referral: only with need REFERRAL, one the directory has, of the referral's kind. */
  private String namedService(Fields f, Need need, ReferralKind kind) {
    String id = f.string("serviceId", false, 1, 64, ResourceIds.RESOURCE_ID);
    if (id == null) {
      return null;
    }
    if (need != null && need != Need.REFERRAL) {
      f.error("serviceId", "only allowed when need is REFERRAL");
      return id;
    }
    LocalService service = ResourceIds.valid(id) ? services.apply(id) : null;
    if (service == null) {
      f.error("serviceId", "no such service in the directory");
    } else if (kind != null && !service.kinds().contains(kind)) {
      f.error("serviceId", "the service does not offer " + kind);
    }
    return id;
  }

  private static CallerContact callerContact(Fields f) {
    Fields c = f.object("callerContact", false, "phone", "email", "consentToContact");
    if (c == null) {
      return null;
    }
    String phone = c.string("phone", false, 1, 16, null);
    if (phone != null && !Phones.isE164(phone)) {
      c.error("phone", "must be a valid E.164 number, e.g. +15035550100");
    }
    String email = c.string("email", false, 3, 254, null);
    if (email != null && !Fields.isEmail(email)) {
      c.error("email", "must be an email address");
    }
    Boolean consent = c.bool("consentToContact", true);
    return new CallerContact(phone, email, consent != null && consent);
  }
}
