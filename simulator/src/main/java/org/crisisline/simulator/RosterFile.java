package org.crisisline.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.crisisline.events.ResponderKind;
import org.crisisline.routing.market.PolicySchema;

/**
 * A roster: who is on when, one responder a line (docs/simulator.md).
 * <pre>
 * responderId,kind,region,languages,specialties,capacity,shifts
 * c-001,HOTLINE_COUNSELLOR,north,en;es,VETERANS,1,18:00-02:00
 * </pre>
 * Lists are separated by {@code ;}. A shift {@code HH:MM-HH:MM} (UTC) repeats every day of the
 * run; one that ends at or before it starts runs past midnight; {@code 00:00-24:00} is all day.
 */
final class RosterFile {
  static final String HEADER = "responderId,kind,region,languages,specialties,capacity,shifts";
  private static final Set<String> LANGUAGES = Set.of(Locale.getISOLanguages());

  private RosterFile() {}

  static List<Scenario.Person> read(Path file, Instant start, Instant end) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BadInput(file, "cannot read: " + e.getMessage());
    }
    if (lines.isEmpty() || !lines.get(0).trim().equals(HEADER)) {
      throw new BadInput(file, 1, "header", "the first line must be '" + HEADER + "'");
    }
    List<Scenario.Person> people = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Scenario.Person p = person(file, i + 1, line, start, end);
      if (!ids.add(p.responderId())) {
        throw new BadInput(file, i + 1, "responderId", "'" + p.responderId() + "' appears twice");
      }
      people.add(p);
    }
    return people;
  }

  private static Scenario.Person person(Path file, int n, String line, Instant start, Instant end) {
    String[] f = line.split(",", -1);
    if (f.length != 7) {
      throw new BadInput(file, n, "shifts", "expected 7 comma-separated fields (" + HEADER + "), found " + f.length);
    }
    String id = f[0].trim();
    if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new BadInput(file, n, "responderId", "'" + id + "' is not 1-64 letters, digits, '.', '_' or '-'");
    }
    ResponderKind kind;
    try {
      kind = ResponderKind.valueOf(f[1].trim());
    } catch (IllegalArgumentException e) {
      throw new BadInput(file, n, "kind", "'" + f[1].trim() + "' is not one of " + Arrays.toString(ResponderKind.values()));
    }
    String region = f[2].trim();
    if (!PolicySchema.REGION.matcher(region).matches()) {
      throw new BadInput(file, n, "region", "'" + region + "' is not a region id ([a-z0-9-])");
    }
    List<String> languages = list(f[3]);
    if (languages.isEmpty()) {
      throw new BadInput(file, n, "languages", "at least one language is needed");
    }
    for (String l : languages) {
      if (!LANGUAGES.contains(l)) {
        throw new BadInput(file, n, "languages", "'" + l + "' is not an ISO 639-1 language code");
      }
    }
    List<String> specialties = list(f[4]);
    for (String s : specialties) {
      if (!PolicySchema.NAME.matcher(s).matches()) {
        throw new BadInput(file, n, "specialties", "'" + s + "' is not a specialty name ([A-Z_]+)");
      }
    }
    int capacity;
    try {
      capacity = Integer.parseInt(f[5].trim());
    } catch (NumberFormatException e) {
      capacity = 0;
    }
    if (capacity < 1 || capacity > 20) {
      throw new BadInput(file, n, "capacity", "'" + f[5].trim() + "' is not a whole number from 1 to 20");
    }
    List<Scenario.Shift> shifts = new ArrayList<>();
    for (String s : list(f[6])) {
      shifts.addAll(daily(file, n, s, start, end));
    }
    if (shifts.isEmpty()) {
      throw new BadInput(file, n, "shifts", "at least one shift (HH:MM-HH:MM) is needed");
    }
    return new Scenario.Person(id, kind, region, languages, specialties, capacity, merged(shifts));
  }

  /** The shift {@code HH:MM-HH:MM} on every day from the day before {@code start} to {@code end}. */
  static List<Scenario.Shift> daily(Path file, int n, String spec, Instant start, Instant end) {
    String[] ft = spec.split("-", -1);
    if (ft.length != 2) {
      throw new BadInput(file, n, "shifts", "'" + spec + "' is not HH:MM-HH:MM");
    }
    Duration from = clock(file, n, ft[0]);
    Duration to = clock(file, n, ft[1]);
    if (to.compareTo(from) <= 0) {
      to = to.plusDays(1);
    }
    List<Scenario.Shift> out = new ArrayList<>();
    Instant day = start.truncatedTo(java.time.temporal.ChronoUnit.DAYS).minus(Duration.ofDays(1));
    for (; day.isBefore(end); day = day.plus(Duration.ofDays(1))) {
      Instant on = day.plus(from);
      Instant off = day.plus(to);
      if (off.isAfter(start)) {
        out.add(new Scenario.Shift(on.isBefore(start) ? start : on, off));
      }
    }
    return out;
  }

  /** Overlapping or touching shifts as one: someone on all night is not logged off at midnight. */
  static List<Scenario.Shift> merged(List<Scenario.Shift> shifts) {
    List<Scenario.Shift> sorted = new ArrayList<>(shifts);
    sorted.sort(java.util.Comparator.comparing(Scenario.Shift::from));
    List<Scenario.Shift> out = new ArrayList<>();
    for (Scenario.Shift s : sorted) {
      Scenario.Shift last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && !s.from().isAfter(last.to())) {
        out.set(out.size() - 1, new Scenario.Shift(last.from(), s.to().isAfter(last.to()) ? s.to() : last.to()));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  private static Duration clock(Path file, int n, String hhmm) {
    String t = hhmm.trim();
    if (t.equals("24:00")) {
      return Duration.ofDays(1);
    }
    try {
      LocalTime lt = LocalTime.parse(t);
      return Duration.ofSeconds(lt.toSecondOfDay());
    } catch (DateTimeParseException e) {
      throw new BadInput(file, n, "shifts", "'" + t + "' is not a time HH:MM");
    }
  }

  private static List<String> list(String field) {
    return Arrays.stream(field.split(";")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
