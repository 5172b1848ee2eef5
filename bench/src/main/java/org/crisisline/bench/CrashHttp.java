package org.crisisline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.crisisline.intake.auth.DemoAccounts;

/** The crash bench's HTTP calls to intake and the SMS sink: blocking, short timeouts, JSON bodies. */
final class CrashHttp {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
      .version(HttpClient.Version.HTTP_1_1).build();

  private CrashHttp() {}

  static String login(String intake, String user) throws Exception {
    String body = JSON.writeValueAsString(Map.of("username", user, "password", DemoAccounts.passwordFor(CrashBench.PASSWORD, user)));
    HttpResponse<String> r = send("POST", intake + "/api/v1/session", null, body, null);
    if (r.statusCode() != 200) {
      throw new IllegalStateException("login " + user + " answered " + r.statusCode());
    }
    return JSON.readTree(r.body()).path("token").asText();
  }

  static JsonNode get(String url, String token) throws Exception {
    HttpResponse<String> r = send("GET", url, token, null, null);
    return r.statusCode() == 200 ? JSON.readTree(r.body()) : JSON.createArrayNode();
  }

  static int status(String method, String url, String token, String body) {
    try {
      return send(method, url, token, body, null).statusCode();
    } catch (Exception down) {
      return -1;
    }
  }

  static HttpResponse<String> send(String method, String url, String token, String body, String key)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (key != null) {
      b.header("Idempotency-Key", key);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
