package org.crisisline.simulator;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * report.md: what was run, the figures of each policy side by side with the difference, per
 * urgency and per region, and the two charts. Plain text from the summaries alone, so it is as
 * repeatable as they are.
 */
final class Report {
  /** One policy's run: its label, policy version and figures. */
  record Column(String label, String policyVersion, Summary summary) {}

  private Report() {}

  static String markdown(String what, List<Column> cols) {
    StringBuilder b = new StringBuilder();
    b.append("# Routing simulation\n\n").append(what).append("\n\n");
    b.append("Replayed through the routing topology itself (the same code routing runs, in a "
        + "TopologyTestDriver with simulated time). Speed to answer is logged → accepted; "
        + "*waited* means the first offer came after logging; *within SLA* counts requests accepted within "
        + "`sla.<URGENCY>` of the policy, over all requests.\n\n");
    for (Column c : cols) {
      b.append("- **").append(c.label()).append("**: policy version `").append(c.policyVersion()).append("`\n");
    }
    b.append("\n## Overall\n\n");
    table(b, cols, cols.stream().map(c -> c.summary().overall()).toList());
    section(b, "By urgency", cols, true);
    section(b, "By region", cols, false);
    b.append("\n## Charts\n\n![Requests waiting over the run](waiting.png)\n\n"
        + "![Speed to answer by hour](speed-by-hour.png)\n");
    return b.toString();
  }

  private static void section(StringBuilder b, String title, List<Column> cols, boolean byUrgency) {
    TreeSet<String> keys = new TreeSet<>();
    cols.forEach(c -> keys.addAll((byUrgency ? c.summary().byUrgency() : c.summary().byRegion()).keySet()));
    b.append("\n## ").append(title).append("\n");
    for (String k : keys) {
      b.append("\n### ").append(k).append("\n\n");
      table(b, cols, cols.stream().map(c -> {
        Map<String, Summary.Figures> m = byUrgency ? c.summary().byUrgency() : c.summary().byRegion();
        return m.getOrDefault(k, Summary.figures(List.of(), null));
      }).toList());
    }
  }

  private record Row(String name, boolean share, java.util.function.ToDoubleFunction<Summary.Figures> value) {}

  private static final List<Row> ROWS = List.of(
      new Row("requests", false, Summary.Figures::requests),
      new Row("accepted", false, Summary.Figures::accepted),
      new Row("answered within SLA", true, Summary.Figures::answeredWithinSla),
      new Row("waited (share of accepted)", true, Summary.Figures::waitedShare),
      new Row("speed to answer, mean (s)", false, Summary.Figures::meanSpeed),
      new Row("speed to answer, p50 (s)", false, Summary.Figures::p50Speed),
      new Row("speed to answer, p90 (s)", false, Summary.Figures::p90Speed),
      new Row("abandoned", false, Summary.Figures::abandoned),
      new Row("expired", false, Summary.Figures::expired),
      new Row("still waiting at the end", false, Summary.Figures::unanswered),
      new Row("rollovers", false, Summary.Figures::rollovers),
      new Row("escalations", false, Summary.Figures::escalations),
      new Row("alerts", false, Summary.Figures::alerts));

  private static void table(StringBuilder b, List<Column> cols, List<Summary.Figures> figs) {
    b.append("| |");
    cols.forEach(c -> b.append(' ').append(c.label()).append(" |"));
    if (cols.size() == 2) {
      b.append(" difference |");
    }
    b.append("\n|---|");
    cols.forEach(c -> b.append("---:|"));
    if (cols.size() == 2) {
      b.append("---:|");
    }
    b.append('\n');
    for (Row r : ROWS) {
      b.append("| ").append(r.name()).append(" |");
      for (Summary.Figures f : figs) {
        b.append(' ').append(format(r, r.value().applyAsDouble(f), false)).append(" |");
      }
      if (figs.size() == 2) {
        double d = r.value().applyAsDouble(figs.get(1)) - r.value().applyAsDouble(figs.get(0));
        b.append(' ').append(format(r, d, true)).append(" |");
      }
      b.append('\n');
    }
  }

  private static String format(Row r, double v, boolean signed) {
    String sign = signed && v > 0 ? "+" : "";
    if (r.share()) {
      return sign + String.format(Locale.ROOT, "%.1f %%", v * 100);
    }
    return sign + (v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v));
  }
}
