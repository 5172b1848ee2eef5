package org.crisisline.localstack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo world of the local stack, as the admin API's JSON bodies: three regions (north,
 * south, east — the regions of the default routing policy), hotline counsellors and peer
 * specialists with languages and specialties, and local services covering the referral kinds.
 * Plain data: {@link DemoDataLoader} sends it through intake's admin HTTP API.
 */
public final class DemoData {
  private DemoData() {}

  /** A responder profile body for PUT /api/v1/responders/{id}, and whether it starts AVAILABLE. */
  public record Responder(String id, Map<String, Object> body, boolean availableOnFirstLoad) {}

  /** A LocalService-shaped body for PUT /api/v1/directory/{id}. */
  public record Service(String id, Map<String, Object> body) {}

  public static List<Responder> responders() {
    List<Responder> r = new ArrayList<>();
    r.add(responder("alex", "Alex Rivera", "HOTLINE_COUNSELLOR", "north", List.of("en", "es"), List.of("VETERANS"), 2, "0101", true));
    r.add(responder("mai", "Mai Nguyen", "HOTLINE_COUNSELLOR", "north", List.of("en", "vi"), List.of("YOUTH"), 2, "0102", true));
    r.add(responder("sam", "Sam Okafor", "PEER_SPECIALIST", "north", List.of("en"), List.of("VETERANS", "LGBTQ"), 3, "0103", true));
    r.add(responder("lucia", "Lucia Fernandez", "HOTLINE_COUNSELLOR", "south", List.of("es", "en"), List.of("LATINX", "FAITH"), 2, "0111", true));
    r.add(responder("jordan", "Jordan Lee", "HOTLINE_COUNSELLOR", "south", List.of("en", "zh"), List.of("LGBTQ", "YOUTH"), 2, "0112", false));
    r.add(responder("grace", "Grace Wong", "PEER_SPECIALIST", "south", List.of("zh", "en"), List.of("OLDER_ADULTS"), 3, "0113", true));
    r.add(responder("tomas", "Tomas Begay", "HOTLINE_COUNSELLOR", "east", List.of("en"), List.of("INDIGENOUS", "VETERANS"), 2, "0121", true));
    r.add(responder("kim", "Kim Tran", "PEER_SPECIALIST", "east", List.of("vi", "en"), List.of("YOUTH"), 2, "0122", true));
    r.add(responder("priya", "Priya Patel", "HOTLINE_COUNSELLOR", "east", List.of("en", "hi"), List.of("FAITH"), 2, "0123", false));
    return r;
  }

  /** A schedule body for PUT /api/v1/schedules/{id}. */
  public record Schedule(String id, Map<String, Object> body) {}

  /**
   * The {@code supervisors} on-call schedule: two demo supervisors handing over weekly, Monday 09:00
   * Pacific. Who they are and where their pages go is in {@link #onCallPeople()}.
   */
  public static List<Schedule> schedules() {
    Map<String, Object> rotation = Map.of("participants", List.of("sup-dana", "sup-ravi"), "shiftLength", 1,
        "handoff", "WEEKLY", "handoffTime", "09:00", "handoffDay", "MONDAY", "start", "2026-01-05T17:00:00Z");
    return List.of(new Schedule("supervisors", Map.of("name", "Supervisors on call",
        "timeZone", "America/Los_Angeles", "rotation", rotation)));
  }

  /** A person who may be on call, body for PUT /api/v1/oncall/people/{userId}. */
  public record OnCallPerson(String userId, Map<String, Object> body) {}

  /**
   * The {@code supervisors} schedule's participants with their work contact, so the local stack
   * pages them into the dev outbox (SMS and email). Demo numbers 555-013x, apart from the demo
   * responders' (555-01xx up to 0123) and the services' (555-02xx).
   */
  public static List<OnCallPerson> onCallPeople() {
    return List.of(
        new OnCallPerson("sup-dana", Map.of("name", "Dana Whitfield", "phone", "+15035550131",
            "email", "sup-dana@supervisors.example.org", "channels", List.of("SMS", "EMAIL"))),
        new OnCallPerson("sup-ravi", Map.of("name", "Ravi Menon", "phone", "+15035550132",
            "email", "sup-ravi@supervisors.example.org", "channels", List.of("SMS", "EMAIL"))));
  }

  public static List<Service> services() {
    List<Service> s = new ArrayList<>();
    s.add(service("north-veterans-circle", "Veterans Peer Circle", "Riverside Veterans Association",
        "Weekly and drop-in support groups for veterans and their partners.", List.of("SUPPORT_GROUP"),
        List.of("north"), List.of("en"), 18, null, allWeek("00:00", "23:59"), "America/Los_Angeles", 8, 12,
        "0201", "circle@veterans.example.org", "Free"));
    s.add(service("north-riverbend-community", "Riverbend Recovery Community", "Riverbend Health",
        "Residential therapeutic community for recovery from substance use.", List.of("THERAPEUTIC_COMMUNITY"),
        List.of("north"), List.of("en"), 18, null, weekdays("08:00", "20:00"), "America/Los_Angeles", 2, 20,
        "0202", "intake@riverbend.example.org", "Sliding scale"));
    s.add(service("north-south-peer-bridges", "Peer Bridges", "Peer Bridges Network",
        "Peer support programme pairing callers with trained peers who have lived experience.",
        List.of("PEER_SUPPORT_PROGRAMME", "ONLINE_COMMUNITY"), List.of("north", "south"), List.of("en", "es"),
        16, null, allWeek("07:00", "23:00"), "America/Los_Angeles", 15, 40, "0203", "hello@peerbridges.example.org", "Free"));
    // Two online groups open at every hour (00:00-00:00 is the whole day), so in north a declined or
    // unanswered referral to a support group always has a next one, whatever the time of day.
    s.add(service("north-night-owls-online", "Night Owls Online Support Group", "Night Owls Peer Network",
        "Moderated online support group, around the clock, for anyone going through a hard time.",
        List.of("SUPPORT_GROUP", "ONLINE_COMMUNITY"), List.of("north"), List.of("en", "es"), 18, null,
        allWeek("00:00", "00:00"), "America/Los_Angeles", 20, 60, "0204", "hosts@nightowls.example.org", "Free"));
    s.add(service("north-open-door-online", "Open Door Online Circle", "Open Door Recovery Collective",
        "Drop-in online peer circle with trained hosts day and night; video or text chat.",
        List.of("SUPPORT_GROUP", "ONLINE_COMMUNITY"), List.of("north"), List.of("en", "vi", "es"), 16, null,
        allWeek("00:00", "00:00"), "UTC", 12, 40, "0205", "welcome@opendoor.example.org", "Free"));
    s.add(service("south-st-brigid", "St. Brigid Community Care", "St. Brigid Parish",
        "Faith-based pastoral care and community meals, open to people of any faith or none.", List.of("FAITH_BASED"),
        List.of("south"), List.of("en", "es"), null, null, allWeek("00:00", "23:59"), "America/Chicago", 10, 25,
        "0211", "care@stbrigid.example.org", "Free"));
    s.add(service("south-asian-family-wellness", "Asian Family Wellness Centre", "Asian Family Wellness",
        "Culturally grounded counselling and groups in Cantonese, Mandarin and Vietnamese.",
        List.of("CULTURAL_GROUP", "SUPPORT_GROUP"), List.of("south"), List.of("zh", "vi", "en"), 12, null,
        allWeek("09:00", "21:00"), "America/Chicago", 6, 15, "0212", "intake@afwc.example.org", "Free"));
    s.add(service("east-caregivers-together", "Caregivers Together", "Eastside Family Services",
        "Support for family members and carers of people in crisis.", List.of("FAMILY_CAREGIVER_SUPPORT"),
        List.of("east"), List.of("en"), 18, null, allWeek("00:00", "23:59"), "America/New_York", 12, 30,
        "0221", "carers@eastsidefamily.example.org", "Free"));
    s.add(service("east-neighbourhood-hub", "Eastside Neighbourhood Hub", "Eastside Community Action",
        "Community organisation: housing, food and benefits help, youth drop-in.", List.of("COMMUNITY_ORGANISATION",
        "VOCATIONAL_REHAB"), List.of("east"), List.of("en", "es"), null, null, weekdays("09:00", "18:00"),
        "America/New_York", 20, 50, "0222", "frontdesk@eastsidehub.example.org", "Free"));
    s.add(service("east-youth-lgbtq-group", "Rainbow Youth Group", "Eastside Community Action",
        "Support group for LGBTQ+ young people aged 13 to 24.", List.of("SUPPORT_GROUP", "CULTURAL_GROUP"),
        List.of("east"), List.of("en"), 13, 24, allWeek("15:00", "21:00"), "America/New_York", 5, 15,
        "0223", "rainbow@eastsidehub.example.org", "Free"));
    return s;
  }

  private static Responder responder(String id, String name, String kind, String region, List<String> languages,
      List<String> specialties, int capacity, String phoneSuffix, boolean available) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("displayName", name);
    body.put("kind", kind);
    body.put("region", region);
    body.put("languages", languages);
    body.put("specialties", specialties);
    body.put("capacity", capacity);
    body.put("contact", Map.of("phone", "+1503555" + phoneSuffix, "email", id + "@responders.example.org"));
    body.put("channels", List.of("SMS", "EMAIL"));
    body.put("active", true);
    return new Responder(id, body, available);
  }

  private static Service service(String id, String name, String org, String description, List<String> kinds,
      List<String> regions, List<String> languages, Integer minAge, Integer maxAge,
      List<Map<String, String>> schedule, String zone, int available, int maximum, String phoneSuffix,
      String email, String cost) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("serviceId", id);
    body.put("organization", org);
    body.put("name", name);
    body.put("description", description);
    body.put("kinds", kinds);
    body.put("status", "ACTIVE");
    body.put("serviceArea", Map.of("regions", regions, "postalPrefixes", List.of()));
    body.put("languages", languages);
    Map<String, Object> eligibility = new LinkedHashMap<>();
    eligibility.put("minAge", minAge);
    eligibility.put("maxAge", maxAge);
    eligibility.put("description", minAge == null ? "Everyone" : "Ages " + minAge + (maxAge == null ? "+" : " to " + maxAge));
    body.put("eligibility", eligibility);
    body.put("schedule", schedule);
    body.put("timeZone", zone);
    body.put("capacity", Map.of("available", available, "maximum", maximum));
    body.put("intakeContact", Map.of("phone", "+1503555" + phoneSuffix, "email", email));
    body.put("cost", cost);
    body.put("accessibility", "Step-free access; interpreters on request");
    body.put("assuredDate", "2026-11-01");
    return new Service(id, body);
  }

  private static List<Map<String, String>> allWeek(String opens, String closes) {
    return days(List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"), opens, closes);
  }

  private static List<Map<String, String>> weekdays(String opens, String closes) {
    return days(List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"), opens, closes);
  }

  private static List<Map<String, String>> days(List<String> days, String opens, String closes) {
    return days.stream().map(d -> Map.of("day", d, "opens", opens, "closes", closes)).toList();
  }
}
