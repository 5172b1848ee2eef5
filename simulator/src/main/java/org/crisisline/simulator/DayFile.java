package org.crisisline.simulator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.crisisline.events.AgeGroup;
import org.crisisline.events.Need;
import org.crisisline.events.ReferralKind;
import org.crisisline.events.ResponderKind;
import org.crisisline.events.ResponderStatus;
import org.crisisline.events.Urgency;

/**
 * A recording ({@value DayLine#FORMAT}): a header line, then {@link DayLine}s in time order. Read
 * strictly: a line that is not JSON, has an unknown field, lacks a field its type needs or holds a
 * value the events do not know stops the run naming the file, the line and the field.
 */
record DayFile(DayLine.Header header, List<DayLine> lines) {
  static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  static DayFile read(Path file) {
    List<DayLine> lines = new ArrayList<>();
    DayLine.Header header = null;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String text;
      int n = 0;
      while ((text = r.readLine()) != null) {
        n++;
        if (text.isBlank()) {
          continue;
        }
        if (header == null) {
          header = parse(file, n, text, DayLine.Header.class);
          if (!DayLine.FORMAT.equals(header.format())) {
            throw new BadInput(file, n, "format", "'" + header.format() + "' is not " + DayLine.FORMAT);
          }
          if (header.from() == null || header.to() == null || !header.to().isAfter(header.from())) {
            throw new BadInput(file, n, header.from() == null ? "from" : "to", "the header needs from < to");
          }
          continue;
        }
        DayLine d = parse(file, n, text, DayLine.class);
        check(file, n, d, header);
        lines.add(d);
      }
    } catch (IOException e) {
      throw new BadInput(file, "cannot read: " + e.getMessage());
    }
    if (header == null) {
      throw new BadInput(file, 1, "format", "empty recording: the first line is the header {\"format\":\""
          + DayLine.FORMAT + "\",...}");
    }
    return new DayFile(header, lines);
  }

  private static <T> T parse(Path file, int n, String text, Class<T> type) {
    try {
      return JSON.readValue(text, type);
    } catch (UnrecognizedPropertyException e) {
      throw new BadInput(file, n, e.getPropertyName(), "unknown field");
    } catch (MismatchedInputException e) {
      String field = e.getPath().isEmpty() ? "(line)" : e.getPath().get(e.getPath().size() - 1).getFieldName();
      throw new BadInput(file, n, field, "malformed value");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new BadInput(file, n, "(line)", "not a JSON object: " + e.getOriginalMessage());
    }
  }

  private static void check(Path file, int n, DayLine d, DayLine.Header h) {
    need(file, n, "type", d.type());
    if (!DayLine.TYPES.contains(d.type())) {
      throw new BadInput(file, n, "type", "'" + d.type() + "' is not one of " + DayLine.TYPES);
    }
    need(file, n, "at", d.at());
    switch (d.type()) {
      case "request" -> {
        need(file, n, "requestId", d.requestId());
        oneOf(file, n, "urgency", d.urgency(), Urgency.values(), false);
        oneOf(file, n, "need", d.need(), Need.values(), false);
        oneOf(file, n, "referralKind", d.referralKind(), ReferralKind.values(), true);
        oneOf(file, n, "ageGroup", d.ageGroup(), AgeGroup.values(), true);
        need(file, n, "language", d.language());
        need(file, n, "region", d.region());
      }
      case "cancel" -> need(file, n, "requestId", d.requestId());
      case "profile" -> {
        need(file, n, "responderId", d.responderId());
        oneOf(file, n, "kind", d.kind(), ResponderKind.values(), false);
        need(file, n, "region", d.region());
        need(file, n, "languages", d.languages());
        need(file, n, "capacity", d.capacity());
      }
      case "status" -> {
        need(file, n, "responderId", d.responderId());
        oneOf(file, n, "status", d.status(), ResponderStatus.values(), false);
      }
      case "offer" -> {
        need(file, n, "requestId", d.requestId());
        need(file, n, "attempt", d.attempt());
      }
      case "answer" -> {
        need(file, n, "requestId", d.requestId());
        need(file, n, "responderId", d.responderId());
        oneOf(file, n, "answer", d.answer(), new String[] {"ACCEPTED", "DECLINED", "COMPLETED"}, false);
      }
      default -> { }
    }
  }

  private static void need(Path file, int n, String field, Object v) {
    if (v == null) {
      throw new BadInput(file, n, field, "missing");
    }
  }

  private static void oneOf(Path file, int n, String field, String v, Object[] allowed, boolean optional) {
    if (v == null && optional) {
      return;
    }
    need(file, n, field, v);
    if (Arrays.stream(allowed).noneMatch(a -> a.toString().equals(v))) {
      throw new BadInput(file, n, field, "'" + v + "' is not one of " + Arrays.toString(allowed));
    }
  }

  /** The recording as a scenario: its requests, its people and their behaviour ({@link DayScenario}). */
  Scenario scenario(long seed) {
    return DayScenario.of(this, seed);
  }
}
