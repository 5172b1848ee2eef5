package org.crisisline.intake.directory;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.crisisline.events.Contact;
import org.crisisline.events.LocalService;
import org.crisisline.events.ReferralKind;
import org.crisisline.events.ServiceStatus;

/** Test services, built field by field: open all week in UTC, English, all ages, 5 places unless told. */
final class Services {
  private String id;
  private String name;
  private String organization = "Org";
  private String description = "A service";
  private List<ReferralKind> kinds = List.of(ReferralKind.SUPPORT_GROUP);
  private ServiceStatus status = ServiceStatus.ACTIVE;
  private List<String> regions = List.of("north");
  private List<String> postalPrefixes = List.of();
  private List<String> languages = List.of("en");
  private Integer minAge;
  private Integer maxAge;
  private List<LocalService.OpeningHours> schedule = every("00:00", "00:00");
  private String zone = "UTC";
  private int places = 5;

  private Services(String id) {
    this.id = id;
    this.name = "Service " + id;
  }

  static Services service(String id) {
    return new Services(id);
  }

  Services name(String n) { name = n; return this; }
  Services organization(String o) { organization = o; return this; }
  Services description(String d) { description = d; return this; }
  Services kinds(ReferralKind... k) { kinds = List.of(k); return this; }
  Services status(ServiceStatus s) { status = s; return this; }
  Services regions(String... r) { regions = List.of(r); return this; }
  Services postalPrefixes(String... p) { postalPrefixes = List.of(p); return this; }
  Services languages(String... l) { languages = List.of(l); return this; }
  Services ages(Integer min, Integer max) { minAge = min; maxAge = max; return this; }
  Services hours(List<LocalService.OpeningHours> h) { schedule = h; return this; }
  Services zone(String z) { zone = z; return this; }
  Services places(int p) { places = p; return this; }

  LocalService build() {
    return new LocalService("e-" + id, Instant.parse("2026-11-01T00:00:00Z"), id, organization, name, description, kinds,
        status, new LocalService.ServiceArea(regions, postalPrefixes), languages,
        new LocalService.Eligibility(minAge, maxAge, null), schedule, zone,
        new LocalService.Capacity(places, 20, null), new Contact("+15035550200", id + "@services.example.org"),
        "Free", "Step-free", null);
  }

  /** One window every day of the week. */
  static List<LocalService.OpeningHours> every(String opens, String closes) {
    List<LocalService.OpeningHours> out = new ArrayList<>();
    for (DayOfWeek d : DayOfWeek.values()) {
      out.add(new LocalService.OpeningHours(d, LocalTime.parse(opens), LocalTime.parse(closes)));
    }
    return out;
  }

  static LocalService.OpeningHours on(DayOfWeek day, String opens, String closes) {
    return new LocalService.OpeningHours(day, LocalTime.parse(opens), LocalTime.parse(closes));
  }
}
