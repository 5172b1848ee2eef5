package org.crisisline.intake.http;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * HTTP server metrics per route through vertx-micrometer-metrics, into intake's Prometheus
 * registry: {@code vertx_http_server_requests_total{route,method,code}} and the histogram
 * {@code vertx_http_server_response_time_seconds}. The {@code route} label is the matched route
 * template ({@code /api/v1/requests/:id}), never the raw path, so no id becomes a label value.
 * Only the HTTP server domain is recorded.
 */
public final class HttpMetrics {
  private HttpMetrics() {}

  /** A Vert.x instance recording its HTTP servers' metrics in {@code registry}. */
  public static Vertx vertx(MeterRegistry registry) {
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        return id.getName().equals("vertx.http.server.response.time")
            ? DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config)
            : config;
      }
    });
    Set<String> others = EnumSet.complementOf(EnumSet.of(MetricsDomain.HTTP_SERVER)).stream()
        .map(MetricsDomain::name).collect(Collectors.toSet());
    MicrometerMetricsOptions options = new MicrometerMetricsOptions().setEnabled(true)
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE))
        .setDisabledMetricsCategories(others);
    return Vertx.builder().with(new VertxOptions().setMetricsOptions(options))
        .withMetrics(new MicrometerMetricsFactory(registry)).build();
  }
}
