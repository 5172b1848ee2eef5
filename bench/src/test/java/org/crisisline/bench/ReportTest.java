package org.crisisline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        latency(60_000, 120_000), latency(1_000, 4_000), 55.0, 300, 1.5);
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
        "throughput 40000 records/s");
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
