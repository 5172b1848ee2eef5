package org.crisisline.events;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * Value of the compacted {@code directory} topic, keyed by serviceId: a local service in the
 * shape of an Open Referral HSDS service, reduced to what routing and the handoff need.
 * A referral is only real if the service is ACTIVE, covers the caller's area, takes their age
 * and language, is open now by its schedule in its own time zone, and has capacity.
 */
public record LocalService(
    String eventId,
    Instant occurredAt,
    String serviceId,
    String organization,
    String name,
    String description,
    List<ReferralKind> kinds,
    ServiceStatus status,
    ServiceArea serviceArea,
    List<String> languages,
    Eligibility eligibility,
    List<OpeningHours> schedule,
    String timeZone,
    Capacity capacity,
    Contact intakeContact,
    String cost,
    String accessibility,
    LocalDate assuredDate)
    implements Event {

  public LocalService {
    kinds = kinds == null ? List.of() : List.copyOf(kinds);
    languages = languages == null ? List.of() : List.copyOf(languages);
    schedule = schedule == null ? List.of() : List.copyOf(schedule);
  }

  /** Regions served, or postal-code prefixes within them. */
  public record ServiceArea(List<String> regions, List<String> postalPrefixes) {
    public ServiceArea {
      regions = regions == null ? List.of() : List.copyOf(regions);
      postalPrefixes = postalPrefixes == null ? List.of() : List.copyOf(postalPrefixes);
    }
  }

  /** Age eligibility; a null bound is open. */
  public record Eligibility(Integer minAge, Integer maxAge, String description) {}

  /** One weekly opening window, local to the service's time zone. */
  public record OpeningHours(DayOfWeek day, LocalTime opens, LocalTime closes) {}

  /** Places free now out of the maximum, as last reported by the service. */
  public record Capacity(int available, int maximum, Instant updatedAt) {}
}
