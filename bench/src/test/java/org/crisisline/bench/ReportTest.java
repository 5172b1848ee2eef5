package org.crisisline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

  private static StepResult.Latency latency(long... micros) {
    Histogram h = new Histogram(Step.MAX_MICROS, 3);
    for (long m : micros) {
      h.recordValue(m);
    }
    return StepResult.Latency.of(h);
  }

  private static StepResult step(int rate) {
    return new StepResult(rate, rate, rate * 10L, 0, latency(2_000, 3_000, 19_000), latency(5_000, 9_000),
        latency(30_000, 60_000), latency(40_000, 90_000),
        latency(60_000, 120_000), latency(1_000, 4_000), 55.0, 4.0, 300, 1.5, 26.5,
        new PathFloor(latency(4_000), latency(10_000), latency(20_000), latency(2_000), latency(1_000)));
  }

  @Test
  void thePathFloorCountsOneExactlyOnceHopAndTheTwoHopFloorTwo() {
    // Given parts: transactional write 4 ms, one EOS hop 10 ms, two hops 20 ms, acked write 2 ms, HTTP 1 ms
    PathFloor f = step(50).pathFloor();

    // Then delivered = HTTP + write + one hop + acked write + HTTP; ACCEPTED adds HTTP + write + one hop + HTTP
    assertThat(f.delivered().p50()).isEqualTo(1 + 4 + 10 + 2 + 1, within(0.1));
    assertThat(f.accepted().p50()).isEqualTo(18 + 1 + 4 + 10 + 1, within(0.1));
    assertThat(f.deliveredTwoHops().p50()).isEqualTo(28, within(0.1));
    assertThat(f.acceptedTwoHops().p50()).isEqualTo(28 + 1 + 4 + 20 + 1, within(0.1));
  }

  @Test
  void writesReportJsonWithTheFloorBesideEveryStep(@TempDir Path dir) throws Exception {
    Report.Run run = new Report.Run("test target", "conditions", latency(900, 1_100), 40_000,
        List.of(step(50), step(200)), 200, 1000);

    Report.write(dir, run);

    JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    assertThat(json.get("sustainable").asInt()).isEqualTo(200);
    assertThat(json.get("steps")).hasSize(2);
    JsonNode s = json.get("steps").get(1);
    assertThat(s.get("rate").asInt()).isEqualTo(200);
    assertThat(s.get("achieved").asDouble()).isEqualTo(200.0);
    assertThat(s.get("errors").asInt()).isZero();
    assertThat(s.get("recordsPerRequest").asDouble()).isEqualTo(26.5);
    assertThat(s.get("delivered").get("p50").asDouble()).isEqualTo(40.0, within(0.1));
    assertThat(s.get("accepted").get("p99").asDouble()).isEqualTo(120.0, within(0.2));
    assertThat(s.get("floor").get("delivered").get("p50").asDouble()).isEqualTo(18.0, within(0.1));
    assertThat(s.get("floor").get("accepted").get("p50").asDouble()).isEqualTo(34.0, within(0.1));
    assertThat(s.get("floor").get("accepted").has("p99")).isTrue();
    assertThat(s.get("cpuPercent").asDouble()).isEqualTo(55.0);
    assertThat(s.get("jitPercent").asDouble()).isEqualTo(4.0);
    assertThat(Files.readString(dir.resolve("report.md"))).contains("## Against the exactly-once floor");
  }

  @Test
  void historyModeTakesACountOfZeroOrMore() {
    assertThat(BenchOptions.parse(new String[] {"--history", "0"}).history()).isZero();
    assertThat(BenchOptions.parse(new String[] {}).history()).isEqualTo(-1);
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--history", "-5"}))
        .hasMessageContaining("--history needs a count of 0 or more");
  }

  @Test
  void writesAReportWithOneTablePerRateAndAChartPicture(@TempDir Path dir) throws Exception {
    // Given two measured rates and an idle floor
    Report.Run run = new Report.Run("test target", "conditions", latency(900, 1_100), 40_000,
        List.of(step(50), step(200)), 200, 1000);

    // When the report is written
    Report.write(dir, run);

    // Then report.md has the summary and a table per rate, and latency.png is a real picture
    String md = Files.readString(dir.resolve("report.md"));
    assertThat(md).contains("## 50 req/s offered", "## 200 req/s offered", "200 req/s: the highest offered rate",
        "| intake HTTP | 3 |", "| request committed (help-requests) | 2 |", "| offer committed (offers) | 2 |",
        "throughput 40000 records/s", "| 0 | 55 | 4 | 300 |", "CPU 55 % of the machine (the JIT compiling 4 %)");
    assertThat(ImageIO.read(dir.resolve("latency.png").toFile()).getWidth()).isEqualTo(1000);
  }

  @Test
  void refusesASecondBenchOnTheSameOutputDirectory(@TempDir Path out) {
    // Given a bench holding its output directory
    Target.lock(out);

    // When another asks for it, it is refused with a reason; and a bench with its own --out is not
    assertThatThrownBy(() -> Target.lock(out)).isInstanceOf(Target.Busy.class)
        .hasMessageContaining("another bench is running in " + out);
    Target.lock(out.resolve("other"));
  }

  @Test
  void parsesRatesAndDurationFromTheCommandLine() {
    // When the rates are given, the bench steps exactly those unless told to extend
    BenchOptions o = BenchOptions.parse(new String[] {"--rates", "10, 20", "--duration", "3"});

    // Then
    assertThat(o.rates()).containsExactly(10, 20);
    assertThat(o.extendRates()).isFalse();
    assertThat(o.duration().toSeconds()).isEqualTo(3);
    assertThat(o.url()).isNull();
  }
}
