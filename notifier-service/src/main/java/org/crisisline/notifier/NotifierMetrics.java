package org.crisisline.notifier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.crisisline.events.DeliveryChannel;

/**
 * Prometheus metrics of the notifier. Labels are only channel, outcome and scope: never a
 * recipient, an address or an offer id (no PII, bounded cardinality).
 */
public final class NotifierMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  public void outcome(DeliveryChannel channel, String outcome) {
    Counter.builder("notifier.messages").description("Handoff messages by outcome: sent, delivered, failed, unknown, stopped")
        .tag("channel", channel.name()).tag("outcome", outcome).register(registry).increment();
  }

  public void retried(DeliveryChannel channel) {
    Counter.builder("notifier.retries").description("Attempts scheduled again after a transient failure")
        .tag("channel", channel.name()).register(registry).increment();
  }

  public void rateLimited(String scope) {
    Counter.builder("notifier.rate.limited").description("Sends refused because a rate limit would outlast the offer")
        .tag("scope", scope).register(registry).increment();
  }

  /** How long the provider took to answer one attempt. */
  public void providerLatency(DeliveryChannel channel, Duration took) {
    Timer.builder("notifier.provider.latency").description("How long the provider took to answer one attempt")
        .tag("channel", channel.name()).publishPercentileHistogram()
        .register(registry).record(took);
  }

  /** From the offer being made to the provider accepting the message. */
  public void handoffLatency(DeliveryChannel channel, Duration took) {
    Timer.builder("notifier.handoff.latency")
        .description("From the offer being made to the provider accepting the message").tag("channel", channel.name()).publishPercentileHistogram()
        .register(registry).record(took.isNegative() ? Duration.ZERO : took);
  }

  public void callback(String kind, String result) {
    Counter.builder("notifier.callbacks").description("Provider callbacks by kind and result").tag("kind", kind).tag("result", result).register(registry).increment();
  }

  public String scrape() {
    return registry.scrape();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }
}
