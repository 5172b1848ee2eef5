package org.crisisline.routing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code /health} (200 unless Streams is in ERROR or not running), {@code /ready} (200 when
 * RUNNING) and {@code /metrics} (Prometheus text: decision counters, then Kafka Streams and client
 * metrics including consumer lag) on {@code CRISISLINE_ROUTING_PORT}.
 */
final class HealthServer implements AutoCloseable {
  private final HttpServer server;

  HealthServer(int port, Supplier<KafkaStreams.State> state, RoutingMetrics metrics, PrometheusMeterRegistry registry)
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
      reply(ex, ready ? 200 : 503, "{\"ready\":" + ready + ",\"streams\":\"" + s + "\"}", "application/json");
    });
    server.createContext("/metrics", ex -> {
      StringBuilder b = new StringBuilder();
      b.append("# TYPE crisisline_routing_streams_state gauge\n");
      for (KafkaStreams.State s : KafkaStreams.State.values()) {
        b.append("crisisline_routing_streams_state{state=\"").append(s).append("\"} ")
            .append(s == state.get() ? 1 : 0).append('\n');
      }
      metrics.snapshot().forEach((name, value) -> b.append("# TYPE crisisline_routing_").append(name)
          .append("_total counter\ncrisisline_routing_").append(name).append("_total ").append(value).append('\n'));
      // Kafka Streams, consumer (records-lag-max: consumer lag), producer and JVM metrics via Micrometer.
      b.append(registry.scrape());
      reply(ex, 200, b.toString(), "text/plain; version=0.0.4");
    });
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
