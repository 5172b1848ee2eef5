package org.crisisline.intake.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Bulk import of Open Referral HSDS 3.0 JSON into {@code LocalService}s: a single service, a
 * paged list ({@code contents}), an organisation with {@code services}, or an array. Each record
 * is judged on its own: what is usable is taken, every field that is not is reported, and a
 * record lacking what a referral needs (id, name, status, a referral kind, a region, a
 * language, an intake contact) is rejected without failing the others.
 */
public final class HsdsImport {
  public static final int MAX_RECORDS = 1000;
  /** Warnings reported per record and per import; beyond that one entry says how many were left out. */
  public static final int MAX_WARNINGS_PER_RECORD = 20;
  public static final int MAX_WARNINGS_PER_IMPORT = 2000;

  /** Defaults for what HSDS does not carry in our terms. */
  public record Options(String region, String timeZone, int capacity) {}

  /** The verdict on one record. */
  public record Result(int index, String serviceId, String name, org.crisisline.events.LocalService service,
      List<FieldError> errors, List<FieldError> warnings) {
    public boolean imported() {
      return service != null;
    }
  }

  private HsdsImport() {}

  public static List<Result> read(byte[] body, Options options, Supplier<String> eventIds, Instant now) {
    JsonNode root = Json.parseAny(body);
    List<JsonNode> services = new ArrayList<>();
    List<String> organizations = new ArrayList<>();
    collect(root, services, organizations);
    if (services.isEmpty()) {
      throw InvalidInput.of("body", "no HSDS service found (expected a service, an organization with services, "
          + "a paged list with contents, or an array)");
    }
    if (services.size() > MAX_RECORDS) {
      throw InvalidInput.of("body", "at most " + MAX_RECORDS + " services per import");
    }
    List<Result> results = new ArrayList<>();
    int warningsLeft = MAX_WARNINGS_PER_IMPORT;
    for (int i = 0; i < services.size(); i++) {
      Result r = HsdsRecord.map(i, services.get(i), organizations.get(i), options, eventIds.get(), now);
      List<FieldError> kept = capped(r.warnings(), Math.min(MAX_WARNINGS_PER_RECORD, warningsLeft));
      warningsLeft = Math.max(0, warningsLeft - Math.min(r.warnings().size(), MAX_WARNINGS_PER_RECORD));
      results.add(new Result(r.index(), r.serviceId(), r.name(), r.service(), r.errors(), kept));
    }
    return results;
  }

  /** At most {@code max} warnings, plus one saying how many more there were. */
  private static List<FieldError> capped(List<FieldError> warnings, int max) {
    if (warnings.size() <= max) {
      return warnings;
    }
    List<FieldError> kept = new ArrayList<>(warnings.subList(0, max));
    kept.add(new FieldError("warnings", (warnings.size() - max) + " more warnings not shown"));
    return kept;
  }

  private static void collect(JsonNode root, List<JsonNode> services, List<String> organizations) {
    if (root.isArray()) {
      root.forEach(n -> add(n, null, services, organizations));
    } else if (root.isObject() && root.path("contents").isArray()) {
      root.path("contents").forEach(n -> add(n, null, services, organizations));
    } else if (root.isObject() && root.path("services").isArray()) {
      String org = root.path("name").isTextual() ? root.path("name").textValue() : null;
      root.path("services").forEach(n -> add(n, org, services, organizations));
    } else if (root.isObject() && (root.has("id") || root.has("name"))) {
      add(root, null, services, organizations);
    }
  }

  private static void add(JsonNode node, String org, List<JsonNode> services, List<String> organizations) {
    services.add(node);
    organizations.add(org);
  }
}
