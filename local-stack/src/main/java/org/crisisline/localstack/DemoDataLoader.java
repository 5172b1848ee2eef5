package org.crisisline.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads {@link DemoData} through intake's admin HTTP API, as an administrator would: logs in as
 * {@code admin} (POST /api/v1/session), then PUT /api/v1/responders/{id}, PUT /api/v1/directory/{id},
 * PUT /api/v1/oncall/people/{userId}, PUT /api/v1/schedules/{id} and PUT /api/v1/responders/{id}/status. Intake writes the topics; this class writes none.
 */
public final class DemoDataLoader {
  private static final Logger LOG = LoggerFactory.getLogger(DemoDataLoader.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private String token;

  public DemoDataLoader(String intakeBaseUrl) {
    this.baseUrl = intakeBaseUrl;
  }

  /**
   * Logs in as admin (CRISISLINE_DEMO_PASSWORD given) and loads every responder, service, on-call
   * person and on-call schedule; returns how many responders and services.
   */
  public int[] load(String demoPassword) {
    JsonNode session = call("POST", "/api/v1/session", Map.of("username", "admin",
        "password", org.crisisline.intake.auth.DemoAccounts.passwordFor(demoPassword, "admin")));
    token = session.path("token").asText(null);
    if (token == null) {
      throw new IllegalStateException("intake gave no token to the demo admin");
    }
    int responders = 0;
    for (DemoData.Responder r : DemoData.responders()) {
      call("PUT", "/api/v1/responders/" + r.id(), r.body());
      responders++;
    }
    int services = 0;
    for (DemoData.Service s : DemoData.services()) {
      call("PUT", "/api/v1/directory/" + s.id(), s.body());
      services++;
    }
    for (DemoData.OnCallPerson p : DemoData.onCallPeople()) {
      call("PUT", "/api/v1/oncall/people/" + p.userId(), p.body());
    }
    for (DemoData.Schedule s : DemoData.schedules()) {
      call("PUT", "/api/v1/schedules/" + s.id(), s.body());
    }
    for (DemoData.Responder r : DemoData.responders()) {
      if (r.availableOnFirstLoad()) {
        call("PUT", "/api/v1/responders/" + r.id() + "/status", Map.of("status", "AVAILABLE", "reason", "demo shift"));
      }
    }
    LOG.info("demo data loaded: {} responders, {} local services", responders, services);
    return new int[] {responders, services};
  }

  private JsonNode call(String method, String path, Object body) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
          .timeout(Duration.ofSeconds(30))
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
            + response.body());
      }
      return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted loading demo data", e);
    }
  }
}
