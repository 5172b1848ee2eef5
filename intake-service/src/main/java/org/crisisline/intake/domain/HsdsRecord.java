package org.crisisline.intake.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.crisisline.events.Contact;
import org.crisisline.events.LocalService;
import org.crisisline.events.ReferralKind;
import org.crisisline.events.ServiceStatus;

/** Maps one HSDS service to a LocalService, collecting an error or warning per unusable field. */
final class HsdsRecord {
  private static final Map<String, ReferralKind> KEYWORDS = Map.ofEntries(
      Map.entry("support group", ReferralKind.SUPPORT_GROUP),
      Map.entry("faith", ReferralKind.FAITH_BASED), Map.entry("church", ReferralKind.FAITH_BASED),
      Map.entry("mosque", ReferralKind.FAITH_BASED), Map.entry("temple", ReferralKind.FAITH_BASED),
      Map.entry("synagogue", ReferralKind.FAITH_BASED), Map.entry("cultural", ReferralKind.CULTURAL_GROUP),
      Map.entry("caregiver", ReferralKind.FAMILY_CAREGIVER_SUPPORT), Map.entry("carer", ReferralKind.FAMILY_CAREGIVER_SUPPORT),
      Map.entry("family", ReferralKind.FAMILY_CAREGIVER_SUPPORT), Map.entry("community", ReferralKind.COMMUNITY_ORGANISATION),
      Map.entry("peer", ReferralKind.PEER_SUPPORT_PROGRAMME), Map.entry("therapeutic community", ReferralKind.THERAPEUTIC_COMMUNITY),
      Map.entry("vocational", ReferralKind.VOCATIONAL_REHAB), Map.entry("rehab", ReferralKind.VOCATIONAL_REHAB),
      Map.entry("online", ReferralKind.ONLINE_COMMUNITY), Map.entry("counselling", ReferralKind.PROFESSIONAL_TREATMENT),
      Map.entry("counseling", ReferralKind.PROFESSIONAL_TREATMENT), Map.entry("therapy", ReferralKind.PROFESSIONAL_TREATMENT),
      Map.entry("treatment", ReferralKind.PROFESSIONAL_TREATMENT));

  private final JsonNode n;
  private final List<FieldError> errors = new ArrayList<>();
  private final List<FieldError> warnings = new ArrayList<>();

  private HsdsRecord(JsonNode n) {
    this.n = n;
  }

  static HsdsImport.Result map(int index, JsonNode n, String parentOrg, HsdsImport.Options o, String eventId, Instant now) {
    if (!n.isObject()) {
      return new HsdsImport.Result(index, null, null, null, List.of(new FieldError("", "not an object")), List.of());
    }
    return new HsdsRecord(n).build(index, parentOrg, o, eventId, now);
  }

  private HsdsImport.Result build(int index, String parentOrg, HsdsImport.Options o, String eventId, Instant now) {
    String id = text("id", 64);
    if (id == null && !n.hasNonNull("id")) {
      errors.add(new FieldError("id", "is required"));
    } else if (id != null && !ResourceIds.valid(id)) {
      errors.add(new FieldError("id", "must match " + ResourceIds.RESOURCE_ID.pattern()));
      id = null;
    }
    String name = text("name", 200);
    if (name == null && !n.hasNonNull("name")) {
      errors.add(new FieldError("name", "is required"));
    }
    String org = n.path("organization").path("name").isTextual() ? clip(n.path("organization").path("name").textValue(), 200, "organization.name") : parentOrg;
    String description = clipped("description", 4000);
    ServiceStatus status = status();
    List<ReferralKind> kinds = kinds(name, description);
    LocalService.ServiceArea area = area(o);
    List<String> languages = languages();
    LocalService.Eligibility eligibility = eligibility();
    String zone = o.timeZone();
    List<LocalService.OpeningHours> schedule = new ArrayList<>();
    zone = HsdsSchedule.read(n.path("schedules"), schedule, zone, warnings);
    Contact contact = contact();
    checkLocations();
    LocalDate assured = assured();
    LocalService service = null;
    if (errors.isEmpty()) {
      service = new LocalService(eventId, now, id, org, name, description, kinds, status, area, languages, eligibility,
          schedule, zone, new LocalService.Capacity(o.capacity(), o.capacity(), now), contact,
          clipped("fees_description", 500), accessibility(), assured);
      warnings.add(new FieldError("capacity", "not in HSDS; set to " + o.capacity()));
    }
    return new HsdsImport.Result(index, id, name, service, errors, warnings);
  }

  private String text(String field, int max) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual() || v.textValue().isBlank()) {
      errors.add(new FieldError(field, "must be a non-empty string"));
      return null;
    }
    return clip(v.textValue().trim(), max, field);
  }

  private String clipped(String field, int max) {
    JsonNode v = n.get(field);
    return v != null && v.isTextual() ? clip(v.textValue(), max, field) : null;
  }

  private String clip(String s, int max, String field) {
    if (s.length() <= max) {
      return s;
    }
    warnings.add(new FieldError(field, "longer than " + max + " characters; truncated"));
    return s.substring(0, max);
  }

  private ServiceStatus status() {
    String s = n.path("status").asText("");
    switch (s.toLowerCase(Locale.ROOT).trim()) {
      case "active": return ServiceStatus.ACTIVE;
      case "inactive": return ServiceStatus.INACTIVE;
      case "temporarily closed": case "temporarily_closed": return ServiceStatus.TEMPORARILY_CLOSED;
      case "defunct": return ServiceStatus.DEFUNCT;
      default:
        errors.add(new FieldError("status", "must be active, inactive, temporarily closed or defunct"));
        return null;
    }
  }

  private List<ReferralKind> kinds(String name, String description) {
    Set<ReferralKind> kinds = new LinkedHashSet<>();
    JsonNode attributes = n.path("attributes");
    for (int i = 0; i < attributes.size(); i++) {
      JsonNode term = attributes.get(i).path("taxonomy_term");
      String code = term.path("code").asText("").toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
      if (LocalServiceInput.isKind(code)) {
        kinds.add(ReferralKind.valueOf(code));
      } else {
        warnings.add(new FieldError("attributes[" + i + "].taxonomy_term.code", "not a referral kind; ignored"));
      }
    }
    if (kinds.isEmpty()) {
      String text = ((name == null ? "" : name) + " " + (description == null ? "" : description) + " "
          + n.path("program").path("name").asText("")).toLowerCase(Locale.ROOT);
      KEYWORDS.forEach((word, kind) -> {
        if (text.contains(word)) {
          kinds.add(kind);
        }
      });
      if (!kinds.isEmpty()) {
        warnings.add(new FieldError("kinds", "inferred from name and description: " + kinds));
      }
    }
    if (kinds.isEmpty()) {
      errors.add(new FieldError("kinds", "no referral kind in taxonomy terms, name or description"));
    }
    return List.copyOf(kinds);
  }

  private LocalService.ServiceArea area(HsdsImport.Options o) {
    JsonNode areas = n.path("service_areas");
    for (int i = 0; i < areas.size(); i++) {
      JsonNode extent = areas.get(i).path("extent");
      if (!extent.isMissingNode() && !extent.isObject() && !extent.asText("").trim().startsWith("{")) {
        warnings.add(new FieldError("service_areas[" + i + "].extent", "not GeoJSON; ignored"));
      }
    }
    List<String> prefixes = new ArrayList<>();
    JsonNode sals = n.path("service_at_locations");
    for (int i = 0; i < sals.size(); i++) {
      JsonNode addresses = sals.get(i).path("location").path("addresses");
      for (int j = 0; j < addresses.size(); j++) {
        String postal = addresses.get(j).path("postal_code").asText("").trim();
        String prefix = postal.split(" ", 2)[0];
        if (prefix.matches("^[A-Za-z0-9]{1,10}$")) {
          if (!prefixes.contains(prefix)) {
            prefixes.add(prefix);
          }
        } else if (!postal.isEmpty()) {
          warnings.add(new FieldError("service_at_locations[" + i + "].location.addresses[" + j + "].postal_code",
              "not a usable postal code; ignored"));
        }
      }
    }
    if (o.region() == null) {
      errors.add(new FieldError("serviceArea.regions", "HSDS service areas name no crisisline region; import with ?region="));
      return null;
    }
    return new LocalService.ServiceArea(List.of(o.region()), prefixes);
  }

  private List<String> languages() {
    List<String> out = new ArrayList<>();
    JsonNode langs = n.path("languages");
    for (int i = 0; i < langs.size(); i++) {
      String code = langs.get(i).path("code").asText("").trim().toLowerCase(Locale.ROOT);
      if (Fields.isLanguage(code)) {
        if (!out.contains(code)) {
          out.add(code);
        }
      } else {
        warnings.add(new FieldError("languages[" + i + "].code", "not an ISO 639-1 code; ignored"));
      }
    }
    if (out.isEmpty()) {
      errors.add(new FieldError("languages", "no usable language code"));
    }
    return out;
  }

  private LocalService.Eligibility eligibility() {
    Integer min = age("minimum_age");
    Integer max = age("maximum_age");
    if (min != null && max != null && min > max) {
      warnings.add(new FieldError("minimum_age", "greater than maximum_age; both ignored"));
      min = null;
      max = null;
    }
    return new LocalService.Eligibility(min, max, clipped("eligibility_description", 1000));
  }

  private Integer age(String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isIntegralNumber() && v.intValue() >= 0 && v.intValue() <= 130) {
      return v.intValue();
    }
    warnings.add(new FieldError(field, "not an age 0..130; ignored"));
    return null;
  }

  private Contact contact() {
    String email = n.path("email").asText(null);
    if (email != null && !Fields.isEmail(email)) {
      warnings.add(new FieldError("email", "not an email address; ignored"));
      email = null;
    }
    String phone = null;
    JsonNode phones = n.path("phones");
    for (int i = 0; i < phones.size() && phone == null; i++) {
      String number = phones.get(i).path("number").asText("");
      if (Phones.isE164(number)) {
        phone = number;
      } else {
        warnings.add(new FieldError("phones[" + i + "].number", "not an E.164 phone number; ignored"));
      }
    }
    if (email == null && phone == null) {
      errors.add(new FieldError("intakeContact", "no usable phone or email"));
      return null;
    }
    return new Contact(phone, email);
  }

  private void checkLocations() {
    JsonNode sals = n.path("service_at_locations");
    for (int i = 0; i < sals.size(); i++) {
      JsonNode loc = sals.get(i).path("location");
      String at = "service_at_locations[" + i + "].location.";
      if (loc.has("latitude") && !(loc.get("latitude").isNumber() && Math.abs(loc.get("latitude").doubleValue()) <= 90)) {
        warnings.add(new FieldError(at + "latitude", "outside -90..90; ignored"));
      }
      if (loc.has("longitude") && !(loc.get("longitude").isNumber() && Math.abs(loc.get("longitude").doubleValue()) <= 180)) {
        warnings.add(new FieldError(at + "longitude", "outside -180..180; ignored"));
      }
    }
  }

  private String accessibility() {
    List<String> parts = new ArrayList<>();
    n.path("service_at_locations").forEach(sal -> sal.path("location").path("accessibility")
        .forEach(a -> parts.add(a.path("description").asText(""))));
    String joined = String.join(" ", parts).trim();
    return joined.isEmpty() ? null : clip(joined, 1000, "accessibility");
  }

  private LocalDate assured() {
    JsonNode v = n.get("assured_date");
    if (v == null || v.isNull()) {
      return null;
    }
    try {
      return LocalDate.parse(v.asText());
    } catch (DateTimeException e) {
      warnings.add(new FieldError("assured_date", "not a date; ignored"));
      return null;
    }
  }
}
