package org.crisisline.records.domain;

import java.util.ArrayList;
import java.util.List;
import org.crisisline.events.Disposition;
import org.crisisline.events.RiskLevel;

/**
 * The KPI buckets as CSV (RFC 4180, CRLF line ends), one header row then one row per bucket, the
 * same numbers as the JSON: a column for every disposition and risk level (zero when none), empty
 * cells for nulls. No cell holds free text: regions are codes, the rest numbers and times.
 */
public final class KpiCsv {
  private KpiCsv() {}

  public static String header() {
    List<String> h = new ArrayList<>(List.of("start", "end", "region", "logged", "accepted", "answerRate",
        "answeredWithinSla", "answeredWithinSlaShare", "speedToAnswerMean", "speedToAnswerP50", "speedToAnswerP90",
        "abandoned", "expired", "rolledOver", "escalated", "alertsRaised", "alertsAcknowledged", "completed", "referred"));
    for (RiskLevel r : RiskLevel.values()) {
      h.add("risk" + r.name());
    }
    for (Disposition d : Disposition.values()) {
      h.add("disposition" + d.name());
    }
    return String.join(",", h);
  }

  public static String of(List<KpiBucket> buckets) {
    StringBuilder out = new StringBuilder(header()).append("\r\n");
    for (KpiBucket b : buckets) {
      List<String> row = new ArrayList<>();
      row.add(b.start().toString());
      row.add(b.end().toString());
      row.add(cell(b.region()));
      row.add(String.valueOf(b.logged()));
      row.add(String.valueOf(b.accepted()));
      row.add(cell(b.answerRate()));
      row.add(String.valueOf(b.answeredWithinSla()));
      row.add(cell(b.answeredWithinSlaShare()));
      row.add(cell(b.speedToAnswer().mean()));
      row.add(cell(b.speedToAnswer().p50()));
      row.add(cell(b.speedToAnswer().p90()));
      for (int n : new int[] {b.abandoned(), b.expired(), b.rolledOver(), b.escalated(), b.alertsRaised(),
          b.alertsAcknowledged(), b.completed(), b.referred()}) {
        row.add(String.valueOf(n));
      }
      for (RiskLevel r : RiskLevel.values()) {
        row.add(String.valueOf(b.riskLevels().getOrDefault(r.name(), 0)));
      }
      for (Disposition d : Disposition.values()) {
        row.add(String.valueOf(b.dispositions().getOrDefault(d.name(), 0)));
      }
      out.append(String.join(",", row)).append("\r\n");
    }
    return out.toString();
  }

  private static String cell(Object v) {
    if (v == null) {
      return "";
    }
    String s = v.toString();
    // Regions are [a-z0-9-]; quote anyway should one ever hold a comma, quote or line break.
    return s.matches("[A-Za-z0-9._:+-]*") ? s : "\"" + s.replace("\"", "\"\"") + "\"";
  }
}
