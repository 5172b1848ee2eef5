package org.crisisline.system.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Twilio-compatible SMS provider (WireMock) that misbehaves on purpose: of the Messages calls,
 * {@code failRate} answer 500 (not sent: a retry is right) and {@code timeoutRate} are taken and
 * answered 201 only after {@code delayMs}, longer than the notifier's send timeout (sent: the
 * notifier must NOT send that (offer, SMS) again). It counts, per offerId (from the
 * StatusCallback query), the messages it actually took (201 on time or late). Reads/writes no topics.
 */
final class FlakySmsProvider implements AutoCloseable {
  private final WireMockServer server;
  private final Map<String, AtomicInteger> taken = new ConcurrentHashMap<>();
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger timedOut = new AtomicInteger();

  FlakySmsProvider(double failRate, double timeoutRate, int delayMs) {
    Transformer t = new Transformer(failRate, timeoutRate, delayMs);
    server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").containerThreads(24)
        .disableRequestJournal().extensions(t));
    server.start();
    server.stubFor(any(urlPathMatching("/2010-04-01/Accounts/[^/]+/Messages\\.json"))
        .willReturn(aResponse().withTransformers(t.getName())));
    server.stubFor(any(urlPathMatching("/2010-04-01/Accounts/[^/]+/Messages/[^/]+\\.json"))
        .willReturn(aResponse().withStatus(404)));
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  /** offerId → SMS messages the provider took for it. */
  Map<String, Integer> takenByOffer() {
    Map<String, Integer> m = new java.util.HashMap<>();
    taken.forEach((k, v) -> m.put(k, v.get()));
    return m;
  }

  String stats() {
    return "sms calls=" + calls.get() + " failed500=" + failed.get() + " timedOut=" + timedOut.get();
  }

  @Override
  public void close() {
    server.stop();
  }

  private final class Transformer implements ResponseDefinitionTransformerV2 {
    private final double failRate;
    private final double timeoutRate;
    private final int delayMs;

    Transformer(double failRate, double timeoutRate, int delayMs) {
      this.failRate = failRate;
      this.timeoutRate = timeoutRate;
      this.delayMs = delayMs;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
      calls.incrementAndGet();
      double dice = ThreadLocalRandom.current().nextDouble();
      if (dice < failRate) {
        failed.incrementAndGet();
        return ResponseDefinitionBuilder.responseDefinition().withStatus(500)
            .withBody("{\"code\":20500,\"message\":\"internal error (injected)\"}").build();
      }
      String offerId = offerId(event.getRequest().getBodyAsString());
      taken.computeIfAbsent(offerId, k -> new AtomicInteger()).incrementAndGet();
      String to = form(event.getRequest().getBodyAsString(), "To");
      ResponseDefinitionBuilder ok = ResponseDefinitionBuilder.responseDefinition().withStatus(201)
          .withHeader("Content-Type", "application/json")
          .withBody("{\"sid\":\"SM" + UUID.randomUUID().toString().replace("-", "") + "\",\"status\":\"queued\",\"to\":\""
              + to + "\"}");
      if (dice < failRate + timeoutRate) {
        timedOut.incrementAndGet();
        ok.withFixedDelay(delayMs);
      }
      return ok.build();
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public String getName() {
      return "flaky-sms";
    }
  }

  static String offerId(String formBody) {
    String callback = form(formBody, "StatusCallback");
    if (callback == null) {
      return "<no-callback>";
    }
    String query = URI.create(callback).getRawQuery();
    return query == null ? "<no-offer>" : String.valueOf(form(query, "offerId"));
  }

  private static String form(String body, String name) {
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
