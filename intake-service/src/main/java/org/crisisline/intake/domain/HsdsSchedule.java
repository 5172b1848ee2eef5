package org.crisisline.intake.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.crisisline.events.LocalService;

/**
 * HSDS {@code schedules} to weekly opening windows: WEEKLY rules with {@code byday},
 * {@code opens_at}, {@code closes_at}; a numeric {@code timezone} is read as a UTC offset in
 * hours. Anything else is reported as a warning and skipped.
 */
final class HsdsSchedule {
  private HsdsSchedule() {}

  static String read(JsonNode schedules, List<LocalService.OpeningHours> out, String zone, List<FieldError> warnings) {
    String chosen = zone;
    for (int i = 0; i < schedules.size(); i++) {
      JsonNode s = schedules.get(i);
      String at = "schedules[" + i + "]";
      JsonNode tz = s.path("timezone");
      if (tz.isIntegralNumber() && tz.intValue() >= -12 && tz.intValue() <= 14) {
        chosen = ZoneOffset.ofHours(tz.intValue()).getId();
      } else if (tz.isTextual()) {
        try {
          chosen = ZoneId.of(tz.textValue()).getId();
        } catch (DateTimeException e) {
          warnings.add(new FieldError(at + ".timezone", "not a time zone; using " + zone));
        }
      }
      if (!"WEEKLY".equalsIgnoreCase(s.path("freq").asText(""))) {
        warnings.add(new FieldError(at + ".freq", "only WEEKLY schedules are used; ignored"));
        continue;
      }
      LocalTime opens = time(s, "opens_at", at, warnings);
      LocalTime closes = time(s, "closes_at", at, warnings);
      if (opens == null || closes == null || !opens.isBefore(closes)) {
        warnings.add(new FieldError(at, "no usable opens_at/closes_at; ignored"));
        continue;
      }
      for (String day : s.path("byday").asText("").split(",")) {
        DayOfWeek d = day(day.trim());
        if (d == null) {
          warnings.add(new FieldError(at + ".byday", "unknown day; ignored"));
        } else {
          out.add(new LocalService.OpeningHours(d, opens, closes));
        }
      }
    }
    return chosen;
  }

  private static LocalTime time(JsonNode s, String field, String at, List<FieldError> warnings) {
    try {
      return LocalTime.parse(s.path(field).asText(""));
    } catch (DateTimeException e) {
      warnings.add(new FieldError(at + "." + field, "not a time; ignored"));
      return null;
    }
  }

  private static DayOfWeek day(String code) {
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().startsWith(code.toUpperCase(Locale.ROOT)) && code.length() == 2) {
        return d;
      }
    }
    return null;
  }

}
