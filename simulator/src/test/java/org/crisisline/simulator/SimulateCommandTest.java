package org.crisisline.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end: outputs, repeatability, and bad input that stops with one line and writes nothing. */
class SimulateCommandTest {
  @TempDir
  Path tmp;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SimulatorMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  static String[] synthetic(Path out, String... more) {
    String[] base = {"simulate", "--synthetic", "--arrivals-per-hour", "12", "--hours", "6", "--counsellors", "2",
        "--handle-minutes", "8", "--answer-seconds", "15", "--accept-probability", "0.9", "--seed", "7", "--out",
        out.toString()};
    return Stream.concat(Stream.of(base), Stream.of(more)).toArray(String[]::new);
  }

  @Test
  void sameSeedSameInputGivesByteIdenticalSummaryAndAReportWithCharts() throws Exception {
    // Given a policy to compare with: relax specialties sooner, and shorter offer timeouts
    Path q = Files.writeString(tmp.resolve("q.properties"), "offer.timeout.MODERATE=60\nspecialty.relax.after=30\n");
    // When the same synthetic day runs twice with the same seed
    Run first = run(synthetic(tmp.resolve("a"), "--compare", q.toString()));
    Run second = run(synthetic(tmp.resolve("b"), "--compare", q.toString()));
    // Then both succeed, and their summaries are byte for byte the same
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(second.code()).as(second.err()).isZero();
    byte[] a = Files.readAllBytes(tmp.resolve("a/summary.json"));
    assertThat(a).isEqualTo(Files.readAllBytes(tmp.resolve("b/summary.json")));
    assertThat(Files.readAllBytes(tmp.resolve("a/compare-summary.json")))
        .isEqualTo(Files.readAllBytes(tmp.resolve("b/compare-summary.json")));
    String summary = new String(a);
    assertThat(summary).contains("\"requests\"", "\"accepted\"", "\"answeredWithinSla\"", "\"waitedShare\"",
        "\"speedToAnswer\"", "\"p90\"", "\"abandoned\"", "\"expired\"", "\"rollovers\"", "\"escalations\"",
        "\"alerts\"", "\"byUrgency\"", "\"MODERATE\"", "\"byRegion\"", "\"sim\"");
    // And the report sets the two policies side by side, with both charts written as PNG
    String report = Files.readString(tmp.resolve("a/report.md"));
    assertThat(report).contains("| defaults |", "| q.properties |", "difference", "waiting.png", "speed-by-hour.png");
    for (String png : new String[] {"waiting.png", "speed-by-hour.png"}) {
      byte[] img = Files.readAllBytes(tmp.resolve("a").resolve(png));
      assertThat(img).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }
    // And progress went to stderr
    assertThat(first.err()).contains("simulate: defaults", "simulate: q.properties", "done in");
  }

  @Test
  void anUnknownPolicyKeyStopsWithOneLineNamingFileLineAndKeyAndWritesNothing() throws Exception {
    Path p = Files.writeString(tmp.resolve("p.properties"), "# relax sooner\nspecialty.relax.after=60\nofer.timeout.HIGH=30\n");
    Path out = tmp.resolve("out");
    Run r = run(synthetic(out, "--policy", p.toString()));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).hasLineCount(1).contains("p.properties:3:", "'ofer.timeout.HIGH'", "unknown policy key");
    assertThat(out).doesNotExist();
    assertNoPartialDirectories();
  }

  @Test
  void aRosterRowWithAnUnknownKindOrLanguageStopsNamingFileLineAndField() throws Exception {
    Path roster = Files.writeString(tmp.resolve("r.csv"), RosterFile.HEADER + "\n"
        + "c-1,HOTLINE_COUNSELLOR,sim,en,,1,00:00-24:00\n"
        + "c-2,HOTLINE_COUNSELOR,sim,en,,1,00:00-24:00\n");
    Run kind = run(synthetic(tmp.resolve("out"), "--roster", roster.toString()));
    assertThat(kind.code()).isEqualTo(2);
    assertThat(kind.err().strip()).hasLineCount(1).contains("r.csv:3:", "field 'kind'", "'HOTLINE_COUNSELOR'");
    Files.writeString(roster, RosterFile.HEADER + "\nc-1,HOTLINE_COUNSELLOR,sim,en;xx,,1,00:00-24:00\n");
    Run language = run(synthetic(tmp.resolve("out"), "--roster", roster.toString()));
    assertThat(language.code()).isEqualTo(2);
    assertThat(language.err().strip()).hasLineCount(1).contains("r.csv:2:", "field 'languages'", "'xx'");
    assertThat(tmp.resolve("out")).doesNotExist();
    assertNoPartialDirectories();
  }

  @Test
  void aMalformedRecordingLineStopsNamingFileLineAndField() throws Exception {
    Path day = Files.writeString(tmp.resolve("day.jsonl"),
        "{\"format\":\"crisisline-day/1\",\"from\":\"2026-11-21T00:00:00Z\",\"to\":\"2026-11-22T00:00:00Z\"}\n"
        + "{\"type\":\"request\",\"at\":\"2026-11-21T01:00:00Z\",\"requestId\":\"r1\",\"urgency\":\"HIGH\","
        + "\"need\":\"CRISIS_COUNSELLING\",\"language\":\"en\",\"region\":\"west\"}\n"
        + "{\"type\":\"request\",\"at\":\"2026-11-21T02:00:00Z\",\"requestId\":\"r2\",\"urgency\":\"SOON\","
        + "\"need\":\"CRISIS_COUNSELLING\",\"language\":\"en\",\"region\":\"west\"}\n");
    Path out = tmp.resolve("out");
    Run r = run("simulate", "--day", day.toString(), "--out", out.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).hasLineCount(1).contains("day.jsonl:3:", "field 'urgency'", "'SOON'");
    Files.writeString(day, Files.readString(day).replace("\"urgency\":\"SOON\"", "\"urgency\":\"HIGH\",\"note\":\"x\""));
    Run unknown = run("simulate", "--day", day.toString(), "--out", out.toString());
    assertThat(unknown.err().strip()).hasLineCount(1).contains("day.jsonl:3:", "field 'note'", "unknown field");
    assertThat(out).doesNotExist();
  }

  @Test
  void aFailedRunLeavesAnEarlierOutputAsItWas() throws Exception {
    Path out = tmp.resolve("out");
    assertThat(run(synthetic(out)).code()).isZero();
    byte[] before = Files.readAllBytes(out.resolve("summary.json"));
    Path bad = Files.writeString(tmp.resolve("bad.properties"), "sla.HIGH=soon\n");
    Run r = run(synthetic(out, "--policy", bad.toString()));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("bad.properties:1:", "'sla.HIGH'");
    assertThat(Files.readAllBytes(out.resolve("summary.json"))).isEqualTo(before);
  }

  @Test
  void aRecordedDayReplaysAsRecordedAndWithOneMoreCounsellorFromARoster() throws Exception {
    // Given a recorded hour in a region without a backup (nothing rolls over): one counsellor, six
    // calls of 20 minutes 10 minutes apart, each accepted 10 s after its offer (callers queue)
    StringBuilder day = new StringBuilder("{\"format\":\"crisisline-day/1\",\"from\":\"2026-11-21T00:00:00Z\","
        + "\"to\":\"2026-11-21T01:00:00Z\"}\n");
    day.append(line("profile", 0, "\"responderId\":\"c-1\",\"kind\":\"HOTLINE_COUNSELLOR\",\"region\":\"west\","
        + "\"languages\":[\"en\"],\"capacity\":1,\"active\":true"));
    day.append(line("status", 0, "\"responderId\":\"c-1\",\"status\":\"AVAILABLE\""));
    for (int i = 0; i < 6; i++) {
      int logged = i * 600;
      int offered = Math.max(logged, i * 1210);
      day.append(line("request", logged, "\"requestId\":\"r" + i + "\",\"urgency\":\"HIGH\","
          + "\"need\":\"CRISIS_COUNSELLING\",\"language\":\"en\",\"region\":\"west\",\"ageGroup\":\"ADULT\""));
      day.append(line("offer", offered, "\"requestId\":\"r" + i + "\",\"responderId\":\"c-1\",\"attempt\":1"));
      day.append(line("answer", offered + 10, "\"requestId\":\"r" + i + "\",\"responderId\":\"c-1\","
          + "\"answer\":\"ACCEPTED\""));
      day.append(line("answer", offered + 1210, "\"requestId\":\"r" + i + "\",\"responderId\":\"c-1\","
          + "\"answer\":\"COMPLETED\",\"code\":\"SUPPORTED_DE_ESCALATED\""));
    }
    Path file = Files.writeString(tmp.resolve("day.jsonl"), day.toString());
    Path roster = Files.writeString(tmp.resolve("two.csv"), RosterFile.HEADER + "\n"
        + "c-1,HOTLINE_COUNSELLOR,west,en,,1,00:00-24:00\nc-2,HOTLINE_COUNSELLOR,west,en,,1,00:00-24:00\n");
    // When it is replayed as recorded, and with a roster of two counsellors
    Run asRecorded = run("simulate", "--day", file.toString(), "--out", tmp.resolve("one").toString());
    Run withTwo = run("simulate", "--day", file.toString(), "--roster", roster.toString(), "--out",
        tmp.resolve("two").toString());
    // Then every call is answered both times, and sooner with two
    assertThat(asRecorded.code()).as(asRecorded.err()).isZero();
    assertThat(withTwo.code()).as(withTwo.err()).isZero();
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    var one = json.readTree(tmp.resolve("one/summary.json").toFile());
    var two = json.readTree(tmp.resolve("two/summary.json").toFile());
    assertThat(one.get("requests").asInt()).isEqualTo(6);
    assertThat(one.get("accepted").asInt()).isEqualTo(6);
    assertThat(two.get("accepted").asInt()).isEqualTo(6);
    assertThat(two.at("/speedToAnswer/mean").asDouble()).isLessThan(one.at("/speedToAnswer/mean").asDouble());
    assertThat(one.at("/run/day").asText()).isEqualTo("day.jsonl");
  }

  private static String line(String type, int secondsFromStart, String fields) {
    return "{\"type\":\"" + type + "\",\"at\":\"" + java.time.Instant.parse("2026-11-21T00:00:00Z")
        .plusSeconds(secondsFromStart) + "\"," + fields + "}\n";
  }

  private void assertNoPartialDirectories() throws Exception {
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.filter(p -> p.getFileName().toString().contains(".partial-"))).isEmpty();
    }
  }
}
