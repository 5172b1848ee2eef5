package org.crisisline.system.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.crisisline.intake.openapi.OpenApiResponses;

/**
 * A small JSON client for intake's HTTP API, as a browser or curl would use it (public: other
 * system-test packages use it too). Every response must match openapi.yaml ({@link OpenApiResponses}).
 */
public final class Api {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;

  public Api(String base) {
    this.base = base;
  }

  public record Response(int status, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException("not JSON: " + body, e);
      }
    }
  }

  /**
   * A bearer token for a demo account, or null when the login is refused (yet). {@code demoPassword}
   * is CRISISLINE_DEMO_PASSWORD; the account's own password is derived from it.
   */
  public String login(String username, String demoPassword) {
    String password = org.crisisline.intake.auth.DemoAccounts.passwordFor(demoPassword, username);
    Response r = call("POST", "/api/v1/session", null, JSON.createObjectNode()
        .put("username", username).put("password", password).toString());
    return r.status() == 200 ? r.json().path("token").asText() : null;
  }

  public Response call(String method, String path, String token, String body) {
    return send(method, path, token, body, "application/json");
  }

  /** POSTs an HTML form (application/x-www-form-urlencoded), as a browser submits one; {@code form} may be null. */
  public Response form(String path, String form) {
    return send("POST", path, null, form, "application/x-www-form-urlencoded");
  }

  private Response send(String method, String path, String token, String body, String contentType) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", contentType);
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if ("POST".equals(method) && ("/api/v1/requests".equals(path) || path.endsWith("/handoff"))) {
      b.header("Idempotency-Key", UUID.randomUUID().toString());
    }
    try {
      HttpResponse<String> r = OpenApiResponses.check(HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()));
      return new Response(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
