package org.crisisline.notifier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the SMTP server and the SMS provider accept TCP connections, checked every 15 s on a daemon
 * thread of its own (a connect can take its full 2 s timeout). Reported on {@code /ready} and as the
 * gauge {@code crisisline_notifier_provider_reachable{provider}}; deliberately not a readiness gate: an
 * SMS outage must not stop email deliveries, and retries cover short outages. Reads/writes no topic.
 */
public final class ProviderProbe implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderProbe.class);
  private static final int TIMEOUT_MS = 2_000;

  private final InetSocketAddress smtp;
  private final InetSocketAddress sms;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "notifier-provider-probe");
    t.setDaemon(true);
    return t;
  });
  private volatile Boolean smtpUp;
  private volatile Boolean smsUp;

  public ProviderProbe(NotifierConfig.Smtp smtpConfig, NotifierConfig.Sms smsConfig) {
    smtp = InetSocketAddress.createUnresolved(smtpConfig.host(), smtpConfig.port());
    URI uri = URI.create(smsConfig.baseUrl());
    int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    sms = InetSocketAddress.createUnresolved(uri.getHost(), port);
  }

  /** Probes now and every 15 s; registers the gauges. */
  public ProviderProbe start(MeterRegistry registry) {
    Gauge.builder("crisisline.notifier.provider.reachable", this, p -> up(p.smtpUp) ? 1 : 0)
        .description("1 when the provider answered the last probe (every 15 s), 0 otherwise").tag("provider", "smtp").register(registry);
    Gauge.builder("crisisline.notifier.provider.reachable", this, p -> up(p.smsUp) ? 1 : 0)
        .description("1 when the provider answered the last probe (every 15 s), 0 otherwise").tag("provider", "sms").register(registry);
    thread.scheduleWithFixedDelay(this::probe, 0, 15, TimeUnit.SECONDS);
    return this;
  }

  /** {@code smtp} and {@code sms}: "reachable", "unreachable" or "unknown" (not probed yet). */
  public Map<String, String> status() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("smtp", word(smtpUp));
    m.put("sms", word(smsUp));
    return m;
  }

  private void probe() {
    smtpUp = check("SMTP", smtp, smtpUp);
    smsUp = check("SMS provider", sms, smsUp);
  }

  private static Boolean check(String name, InetSocketAddress target, Boolean before) {
    boolean up;
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(target.getHostString(), target.getPort()), TIMEOUT_MS);
      up = true;
    } catch (IOException | IllegalArgumentException e) {
      up = false;
    }
    if (before == null || before != up) {
      if (up) {
        LOG.info("{} reachable at {}:{}", name, target.getHostString(), target.getPort());
      } else {
        LOG.warn("{} unreachable at {}:{}", name, target.getHostString(), target.getPort());
      }
    }
    return up;
  }

  private static boolean up(Boolean b) {
    return b != null && b;
  }

  private static String word(Boolean b) {
    return b == null ? "unknown" : b ? "reachable" : "unreachable";
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
