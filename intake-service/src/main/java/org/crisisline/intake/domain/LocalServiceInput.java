package org.crisisline.intake.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.crisisline.events.Contact;
import org.crisisline.events.LocalService;
import org.crisisline.events.ReferralKind;
import org.crisisline.events.ServiceStatus;

/** Validation of a LocalService-shaped body for PUT /api/v1/directory/{id}. */
public final class LocalServiceInput {
  private LocalServiceInput() {}

  public static LocalService parse(String serviceId, byte[] body, String eventId, Instant now) {
    Fields f = Fields.of(Json.parseObject(body), "serviceId", "organization", "name", "description", "kinds",
        "status", "serviceArea", "languages", "eligibility", "schedule", "timeZone", "capacity",
        "intakeContact", "cost", "accessibility", "assuredDate");
    String bodyId = f.string("serviceId", false, 1, 64, null);
    if (bodyId != null && !bodyId.equals(serviceId)) {
      f.error("serviceId", "must match the id in the path");
    }
    String org = f.string("organization", false, 0, 200, null);
    String name = f.string("name", true, 1, 200, null);
    String description = f.string("description", false, 0, 4000, null);
    List<String> kindNames = f.strings("kinds", true, 1, ReferralKind.values().length, 40,
        LocalServiceInput::isKind, "must be a referral kind");
    ServiceStatus status = f.enumValue("status", ServiceStatus.class, true);
    LocalService.ServiceArea area = area(f);
    List<String> languages = f.strings("languages", true, 1, 20, 2, Fields::isLanguage, "must be an ISO 639-1 code");
    LocalService.Eligibility eligibility = eligibility(f);
    List<LocalService.OpeningHours> schedule = schedule(f);
    String zone = f.string("timeZone", true, 1, 64, null);
    if (zone != null) {
      try {
        ZoneId.of(zone);
      } catch (DateTimeException e) {
        f.error("timeZone", "must be an IANA time zone, e.g. America/Los_Angeles");
      }
    }
    LocalService.Capacity capacity = capacity(f, now);
    Contact contact = ResponderInput.contact(f, "intakeContact", true);
    String cost = f.string("cost", false, 0, 500, null);
    String accessibility = f.string("accessibility", false, 0, 1000, null);
    String assured = f.string("assuredDate", false, 10, 10, null);
    LocalDate assuredDate = null;
    if (assured != null) {
      try {
        assuredDate = LocalDate.parse(assured);
      } catch (DateTimeException e) {
        f.error("assuredDate", "must be a date YYYY-MM-DD");
      }
    }
    f.check();
    return new LocalService(eventId, now, serviceId, org, name, description,
        kindNames.stream().map(ReferralKind::valueOf).toList(), status, area, languages, eligibility,
        schedule, zone, capacity, contact, cost, accessibility, assuredDate);
  }

  static boolean isKind(String s) {
    for (ReferralKind k : ReferralKind.values()) {
      if (k.name().equals(s)) {
        return true;
      }
    }
    return false;
  }

  private static LocalService.ServiceArea area(Fields f) {
    Fields a = f.object("serviceArea", true, "regions", "postalPrefixes");
    if (a == null) {
      return null;
    }
    List<String> regions = a.strings("regions", true, 1, 20, 40,
        s -> RequestValidator.REGION.matcher(s).matches(), "must match " + RequestValidator.REGION.pattern());
    List<String> prefixes = a.strings("postalPrefixes", false, 0, 100, 10,
        s -> s.matches("^[A-Za-z0-9 ]{1,10}$"), "must be a postal prefix");
    return new LocalService.ServiceArea(regions, prefixes);
  }

  private static LocalService.Eligibility eligibility(Fields f) {
    Fields e = f.object("eligibility", false, "minAge", "maxAge", "description");
    if (e == null) {
      return new LocalService.Eligibility(null, null, null);
    }
    Integer min = e.integer("minAge", false, 0, 130);
    Integer max = e.integer("maxAge", false, 0, 130);
    if (min != null && max != null && min > max) {
      e.error("minAge", "must not exceed maxAge");
    }
    return new LocalService.Eligibility(min, max, e.string("description", false, 0, 1000, null));
  }

  private static List<LocalService.OpeningHours> schedule(Fields f) {
    JsonNode raw = f.raw("schedule");
    List<LocalService.OpeningHours> out = new ArrayList<>();
    if (raw == null || raw.isNull()) {
      return out;
    }
    if (!raw.isArray() || raw.size() > 50) {
      f.error("schedule", "must be an array of at most 50 opening windows");
      return out;
    }
    for (int i = 0; i < raw.size(); i++) {
      JsonNode item = raw.get(i);
      if (!item.isObject()) {
        f.error("schedule[" + i + "]", "must be an object");
        continue;
      }
      Fields w = new Fields(item, f.path("schedule[" + i + "]"), f.errors(), "day", "opens", "closes");
      DayOfWeek day = w.enumValue("day", DayOfWeek.class, true);
      LocalTime opens = time(w, "opens");
      LocalTime closes = time(w, "closes");
      // A closing time not after the opening time runs past midnight into the next day, as routing
      // reads it (22:00-06:00 is a night; 00:00-00:00 the whole day), so a 24/7 service can say so.
      if (day != null && opens != null && closes != null) {
        out.add(new LocalService.OpeningHours(day, opens, closes));
      }
    }
    return out;
  }

  private static LocalTime time(Fields w, String name) {
    String s = w.string(name, true, 5, 8, null);
    if (s == null) {
      return null;
    }
    try {
      return LocalTime.parse(s);
    } catch (DateTimeException e) {
      w.error(name, "must be a time HH:MM");
      return null;
    }
  }

  private static LocalService.Capacity capacity(Fields f, Instant now) {
    Fields c = f.object("capacity", true, "available", "maximum", "updatedAt");
    if (c == null) {
      return null;
    }
    Integer available = c.integer("available", true, 0, 100_000);
    Integer maximum = c.integer("maximum", true, 0, 100_000);
    if (available != null && maximum != null && available > maximum) {
      c.error("available", "must not exceed maximum");
    }
    c.string("updatedAt", false, 0, 40, null);
    return new LocalService.Capacity(available == null ? 0 : available, maximum == null ? 0 : maximum, now);
  }
}
