package org.crisisline.events.oncall;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who is on call: a pure function of a schedule and an instant.
 *
 * <ol>
 *   <li>Overrides win over the rotation while they last. When several overrides are in force at
 *       once, <b>all of their users are on call</b> (earliest-starting first, each user once):
 *       for a crisis line paging one person too many is cheap, dropping someone who said they
 *       would cover is not.
 *   <li>Otherwise the rotation's participant for the shift containing the instant is on call
 *       (participant k mod n for shift k, see {@link Handoffs}); an empty rotation, or an
 *       instant before its start, puts nobody on call.
 *   <li>{@code until} is the earliest of: the end of every override in force, the start of every
 *       later override, and — if no override is in force — the next hand-off (or the rotation's
 *       start, before it begins). The answer is the same for every instant in [at, until).
 * </ol>
 */
public final class OnCall {
  private OnCall() {}

  /**
   * The people on call at {@code at}, each with when the answer may next change; empty when
   * nobody is.
   *
   * @throws IllegalArgumentException when the schedule is not valid ({@link ScheduleRules})
   */
  public static List<OnCallShift> at(Schedule schedule, Instant at) {
    if (!ScheduleRules.problems(schedule).isEmpty()) {
      throw new IllegalArgumentException("invalid schedule " + schedule.id());
    }
    ZoneId zone = ScheduleRules.zone(schedule.timeZone());
    List<ScheduleOverride> active = schedule.overrides().stream()
        .filter(o -> o.covers(at))
        .sorted(Comparator.comparing(ScheduleOverride::from))
        .toList();
    Instant until = schedule.overrides().stream()
        .map(o -> o.covers(at) ? o.to() : o.from())
        .filter(t -> t.isAfter(at))
        .min(Comparator.naturalOrder())
        .orElse(null);
    Set<String> users = new LinkedHashSet<>();
    if (!active.isEmpty()) {
      active.forEach(o -> users.add(o.userId()));
    } else {
      Rotation r = schedule.rotation();
      if (!r.participants().isEmpty()) {
        Instant change;
        if (at.isBefore(r.start())) {
          change = r.start();
        } else {
          Handoffs handoffs = new Handoffs(r, zone);
          long k = handoffs.shiftAt(at);
          users.add(r.participants().get((int) (k % r.participants().size())));
          change = handoffs.boundary(k + 1);
        }
        until = until == null || change.isBefore(until) ? change : until;
      }
    }
    List<OnCallShift> out = new ArrayList<>();
    for (String user : users) {
      out.add(new OnCallShift(user, until));
    }
    return out;
  }
}
