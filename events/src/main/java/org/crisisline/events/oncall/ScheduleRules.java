package org.crisisline.events.oncall;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * What makes a schedule valid, each problem naming its field as the API spells it. A schedule
 * must be able to put someone on call: participants, or at least one override. Instants are
 * bounded to the years 2000–2199 so the hand-off arithmetic cannot overflow.
 */
public final class ScheduleRules {
  public static final int MAX_NAME = 100;
  public static final int MAX_PARTICIPANTS = 100;
  public static final int MAX_OVERRIDES = 500;
  public static final int MAX_SHIFT_LENGTH = 1000;
  public static final int MAX_USER_ID = 64;
  static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
  static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

  private ScheduleRules() {}

  /** Every problem of {@code schedule}; empty when it is valid. */
  public static List<FieldProblem> problems(Schedule schedule) {
    List<FieldProblem> out = new ArrayList<>();
    if (schedule.name() == null || schedule.name().isBlank()) {
      out.add(new FieldProblem("name", "is required"));
    } else if (schedule.name().length() > MAX_NAME) {
      out.add(new FieldProblem("name", "must be at most " + MAX_NAME + " characters"));
    }
    if (zone(schedule.timeZone()) == null) {
      out.add(new FieldProblem("timeZone", "must be a known time zone id such as Europe/London"));
    }
    Rotation r = schedule.rotation();
    if (r == null) {
      out.add(new FieldProblem("rotation", "is required"));
    } else {
      rotation(r, schedule.overrides().isEmpty(), out);
    }
    if (schedule.overrides().size() > MAX_OVERRIDES) {
      out.add(new FieldProblem("overrides", "must hold at most " + MAX_OVERRIDES + " overrides"));
    }
    for (int i = 0; i < schedule.overrides().size(); i++) {
      override("overrides[" + i + "]", schedule.overrides().get(i), out);
    }
    return out;
  }

  /** Problems of one override, its fields prefixed with {@code field} (none when empty). */
  public static List<FieldProblem> problems(String field, ScheduleOverride override) {
    List<FieldProblem> out = new ArrayList<>();
    override(field, override, out);
    return out;
  }

  /** The zone of an id, or null when the id is missing or unknown. */
  public static ZoneId zone(String timeZone) {
    if (timeZone == null || timeZone.isBlank()) {
      return null;
    }
    try {
      return ZoneId.of(timeZone);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static void rotation(Rotation r, boolean noOverrides, List<FieldProblem> out) {
    if (r.participants().isEmpty() && noOverrides) {
      out.add(new FieldProblem("rotation.participants", "must name at least one user when there are no overrides"));
    }
    if (r.participants().size() > MAX_PARTICIPANTS) {
      out.add(new FieldProblem("rotation.participants", "must name at most " + MAX_PARTICIPANTS + " users"));
    }
    for (int i = 0; i < r.participants().size(); i++) {
      if (!userId(r.participants().get(i))) {
        out.add(new FieldProblem("rotation.participants[" + i + "]", "must be a user id"));
      }
    }
    if (r.shiftLength() <= 0) {
      out.add(new FieldProblem("rotation.shiftLength", "must be positive"));
    } else if (r.shiftLength() > MAX_SHIFT_LENGTH) {
      out.add(new FieldProblem("rotation.shiftLength", "must be at most " + MAX_SHIFT_LENGTH));
    }
    if (r.handoff() == null) {
      out.add(new FieldProblem("rotation.handoff", "must be HOURLY, DAILY or WEEKLY"));
    }
    if (r.handoffTime() == null) {
      out.add(new FieldProblem("rotation.handoffTime", "is required"));
    }
    if (r.handoff() == Handoff.WEEKLY && r.handoffDay() == null) {
      out.add(new FieldProblem("rotation.handoffDay", "is required for a weekly hand-off"));
    }
    if (!inRange(r.start())) {
      out.add(new FieldProblem("rotation.start", "must be an instant between 2000 and 2199"));
    }
  }

  private static void override(String field, ScheduleOverride o, List<FieldProblem> out) {
    if (o == null) {
      out.add(new FieldProblem(field, "is required"));
      return;
    }
    if (!userId(o.userId())) {
      out.add(new FieldProblem(join(field, "userId"), "must be a user id"));
    }
    if (!inRange(o.from())) {
      out.add(new FieldProblem(join(field, "from"), "must be an instant between 2000 and 2199"));
    }
    if (!inRange(o.to())) {
      out.add(new FieldProblem(join(field, "to"), "must be an instant between 2000 and 2199"));
    } else if (o.from() != null && !o.to().isAfter(o.from())) {
      out.add(new FieldProblem(join(field, "to"), "must be after from"));
    }
  }

  private static String join(String field, String name) {
    return field.isEmpty() ? name : field + "." + name;
  }

  private static boolean userId(String id) {
    return id != null && !id.isBlank() && id.length() <= MAX_USER_ID && id.strip().equals(id);
  }

  private static boolean inRange(Instant t) {
    return t != null && !t.isBefore(EARLIEST) && t.isBefore(LATEST);
  }
}
