package org.crisisline.routing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.crisisline.events.JsonSerde;

/**
 * {@code /health} (200 unless Streams is in ERROR or not running), {@code /ready} (200 when
 * RUNNING; JSON: {@code ready}, {@code state} (of Streams), {@code policyVersion} (this instance's),
 * {@code policyVersions} (instance id to version, of every live instance of this application,
 * from {@code routing-policy}) and {@code policyMismatch}) and {@code /metrics} (the
 * Prometheus text of the registry: {@link RoutingMetrics}, Kafka Streams and client metrics
 * including consumer lag, JVM) on {@code CRISISLINE_ROUTING_PORT}.
 */
final class HealthServer implements AutoCloseable {
  private final HttpServer server;

  HealthServer(int port, Supplier<KafkaStreams.State> state, String policyVersion,
      Supplier<Map<String, String>> policyVersions, PrometheusMeterRegistry registry)
      throws IOException {
    // Headers and body go out as two segments: without TCP_NODELAY a keep-alive scraper waits 40 ms
    // (its delayed ACK) for every body. Read once per JVM, when the first JDK server is made.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "routing-http");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/health", ex -> {
      KafkaStreams.State s = state.get();
      boolean alive = s != KafkaStreams.State.ERROR && s != KafkaStreams.State.NOT_RUNNING
          && s != KafkaStreams.State.PENDING_ERROR;
      reply(ex, alive ? 200 : 503, "{\"status\":\"" + (alive ? "UP" : "DOWN") + "\",\"streams\":\"" + s + "\"}",
          "application/json");
    });
    server.createContext("/ready", ex -> {
      KafkaStreams.State s = state.get();
      boolean ready = s == KafkaStreams.State.RUNNING;
      Map<String, String> versions = policyVersions.get();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("ready", ready);
      body.put("state", s.name());
      body.put("policyVersion", policyVersion);
      body.put("policyVersions", versions);
      body.put("policyMismatch", versions.values().stream().anyMatch(v -> !v.equals(policyVersion)));
      reply(ex, ready ? 200 : 503, JsonSerde.MAPPER.writeValueAsString(body), "application/json");
    });
    // Routing's decision metrics, Kafka Streams and client metrics (records-lag-max: consumer lag)
    // and JVM metrics, all with HELP and TYPE, through Micrometer.
    server.createContext("/metrics", ex -> reply(ex, 200, registry.scrape(), "text/plain; version=0.0.4; charset=utf-8"));
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void reply(HttpExchange ex, int code, String body, String type) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
