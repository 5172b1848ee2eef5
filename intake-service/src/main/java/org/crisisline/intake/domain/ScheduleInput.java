package org.crisisline.intake.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.crisisline.events.oncall.FieldProblem;
import org.crisisline.events.oncall.Handoff;
import org.crisisline.events.oncall.Rotation;
import org.crisisline.events.oncall.Schedule;
import org.crisisline.events.oncall.ScheduleOverride;
import org.crisisline.events.oncall.ScheduleRules;

/**
 * Validation of the bodies of PUT /api/v1/schedules/{id} (a whole schedule) and POST
 * /api/v1/schedules/{id}/overrides (one override): the JSON shape here, the schedule's own rules
 * ({@link ScheduleRules}: participants, shift length, time zone, override order) after, every
 * field at fault named once.
 */
public final class ScheduleInput {
  private static final int MAX_OVERRIDES = ScheduleRules.MAX_OVERRIDES;

  private ScheduleInput() {}

  public static Schedule schedule(String scheduleId, byte[] body) {
    Fields f = Fields.of(Json.parseObject(body), "id", "name", "timeZone", "rotation", "overrides");
    String bodyId = f.string("id", false, 1, 64, null);
    if (bodyId != null && !bodyId.equals(scheduleId)) {
      f.error("id", "must match the id in the path");
    }
    String name = f.string("name", true, 1, ScheduleRules.MAX_NAME, null);
    String zone = f.string("timeZone", true, 1, 64, null);
    Rotation rotation = rotation(f);
    List<ScheduleOverride> overrides = new ArrayList<>();
    JsonNode raw = f.raw("overrides");
    if (raw != null && !raw.isNull()) {
      if (!raw.isArray() || raw.size() > MAX_OVERRIDES) {
        f.error("overrides", "must be an array of at most " + MAX_OVERRIDES + " overrides");
      } else {
        for (int i = 0; i < raw.size(); i++) {
          overrides.add(override(raw.get(i), f.path("overrides[" + i + "]"), f.errors()));
        }
      }
    }
    if (overrides.contains(null)) {
      f.check(); // an override that is not even an object: the shape first, the schedule's rules after
    }
    Schedule schedule = new Schedule(scheduleId, name, zone, rotation, overrides);
    return checked(f, schedule, ScheduleRules.problems(schedule));
  }

  public static ScheduleOverride override(byte[] body) {
    Fields f = Fields.of(Json.parseObject(body), "userId", "from", "to");
    ScheduleOverride o = new ScheduleOverride(f.string("userId", true, 1, 64, ResourceIds.RESOURCE_ID),
        instant(f, "from"), instant(f, "to"));
    return checked(f, o, ScheduleRules.problems("", o));
  }

  private static Rotation rotation(Fields f) {
    Fields r = f.object("rotation", true, "participants", "shiftLength", "handoff", "handoffTime", "handoffDay", "start");
    if (r == null) {
      return null;
    }
    List<String> participants = new ArrayList<>();
    JsonNode raw = r.raw("participants");
    if (raw == null || !raw.isArray() || raw.size() > ScheduleRules.MAX_PARTICIPANTS) {
      r.error("participants", "must be an array of at most " + ScheduleRules.MAX_PARTICIPANTS + " user ids");
    } else {
      for (int i = 0; i < raw.size(); i++) {
        JsonNode p = raw.get(i);
        if (p.isTextual() && ResourceIds.valid(p.textValue())) {
          participants.add(p.textValue());
        } else {
          r.error("participants[" + i + "]", "must be a user id");
        }
      }
    }
    Integer length = r.integer("shiftLength", true, Integer.MIN_VALUE, Integer.MAX_VALUE);
    Handoff handoff = r.enumValue("handoff", Handoff.class, true);
    LocalTime time = time(r, "handoffTime");
    DayOfWeek day = r.enumValue("handoffDay", DayOfWeek.class, false);
    Instant start = instant(r, "start");
    return new Rotation(participants, length == null ? 1 : length, handoff, time, day, start);
  }

  private static ScheduleOverride override(JsonNode node, String prefix, List<FieldError> errors) {
    if (node == null || !node.isObject()) {
      errors.add(new FieldError(prefix, "must be an object"));
      return null;
    }
    Fields o = new Fields(node, prefix, errors, "userId", "from", "to");
    String user = o.string("userId", true, 1, 64, ResourceIds.RESOURCE_ID);
    return new ScheduleOverride(user, instant(o, "from"), instant(o, "to"));
  }

  /** The parse errors, then the schedule rules' problems on fields the parse found no fault with. */
  private static <T> T checked(Fields f, T value, List<FieldProblem> problems) {
    Set<String> named = new HashSet<>();
    f.errors().forEach(e -> named.add(e.field()));
    for (FieldProblem p : problems) {
      String field = p.field();
      if (named.add(field) && !named.contains(parent(field))) {
        f.errors().add(new FieldError(field, p.message()));
      }
    }
    f.check();
    return value;
  }

  private static String parent(String field) {
    int dot = field.lastIndexOf('.');
    return dot < 0 ? "" : field.substring(0, dot);
  }

  private static LocalTime time(Fields f, String name) {
    String s = f.string(name, true, 5, 8, null);
    if (s == null) {
      return null;
    }
    try {
      return LocalTime.parse(s);
    } catch (DateTimeException e) {
      f.error(name, "must be a time HH:MM");
      return null;
    }
  }

  private static Instant instant(Fields f, String name) {
    String s = f.string(name, true, 1, 40, null);
    if (s == null) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeException e) {
      f.error(name, "must be an instant such as 2026-03-29T09:00:00Z");
      return null;
    }
  }
}
