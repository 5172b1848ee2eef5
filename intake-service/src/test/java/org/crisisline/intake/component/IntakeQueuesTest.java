package org.crisisline.intake.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.crisisline.intake.component.IntakeFixture.call;
import static org.crisisline.intake.component.IntakeFixture.login;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.crisisline.intake.openapi.OpenApiResponses;
import org.crisisline.events.Ids;
import org.crisisline.events.QueueSnapshot;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.ResponderStatus;
import org.crisisline.events.Topics;
import org.crisisline.events.Urgency;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The supervisor's queue view: snapshots from {@code queue-snapshots}, live over SSE with escalations. */
@ExtendWith(RealKafka.class)
class IntakeQueuesTest {
  private static String supervisor;

  @BeforeAll
  static void start() {
    IntakeFixture.app();
    supervisor = login("supervisor");
  }

  private static QueueSnapshot snapshot(String poolId, int waiting) {
    return new QueueSnapshot(Ids.newId(), Instant.now(), poolId, "north", "HOTLINE_COUNSELLOR",
        Map.of(Urgency.HIGH, waiting), 42, Urgency.HIGH, 60, Map.of(ResponderStatus.AVAILABLE, 1), Map.of(), 0, 0);
  }

  @Test
  void snapshotsAndEscalationsReachTheListAndTheStream() throws Exception {
    // Given a pool with a snapshot
    String poolId = "north/test-" + UUID.randomUUID().toString().substring(0, 6);
    try (var routing = new TestProducer()) {
      routing.send(Topics.QUEUE_SNAPSHOTS, poolId, snapshot(poolId, 1));
      await().atMost(Duration.ofSeconds(10)).until(() ->
          call("GET", "/api/v1/queues", supervisor, null).body().contains(poolId));

      // When a supervisor opens the stream with a ticket (EventSource cannot send headers)
      HttpResponse<java.io.InputStream> stream = openWithTicket(ticket());
      OpenApiResponses.check(stream, null);
      assertThat(stream.statusCode()).isEqualTo(200);
      assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
        // Then the current snapshot arrives, then a new one and an escalation as they happen
        assertThat(readUntil(lines, "event: snapshot", poolId)).isTrue();
        routing.send(Topics.QUEUE_SNAPSHOTS, poolId, snapshot(poolId, 7));
        assertThat(readUntil(lines, "event: snapshot", "\"HIGH\":7")).isTrue();
        String requestId = UUID.randomUUID().toString();
        routing.send(Topics.REQUEST_STATUS, requestId,
            IntakeThinPathTest.status(requestId, RequestStatus.ESCALATED, null, null));
        assertThat(readUntil(lines, "event: status", requestId)).isTrue();
      }
    }
  }

  @Test
  void everyChangeOfAnAlertReachesTheStream() throws Exception {
    // Given a supervisor watching the stream
    HttpResponse<java.io.InputStream> stream = openWithTicket(ticket());
    assertThat(stream.statusCode()).isEqualTo(200);
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      // When routing raises an alert and pages someone, then records its acknowledgement
      var alert = IntakeAlertsTest.raiseAndPage("sup-stream", Instant.now());
      // Then the stream carries the alert as the API shows it, open with its page, then acknowledged
      assertThat(readUntil(lines, "event: alert", "\"to\":\"sup-stream\"")).isTrue();
      IntakeAlertsTest.acknowledged(alert, "sup-stream", org.crisisline.events.AlertVia.SMS);
      assertThat(readUntil(lines, "event: alert", "\"state\":\"ACKNOWLEDGED\"")).isTrue();
    }
  }

  @Test
  void theStreamEndsWhenTheTokenExpires() throws Exception {
    // Given a supervisor token valid for two seconds
    String token = Tokens.shortLived("supervisor", "supervisor", Duration.ofSeconds(2));
    HttpRequest request = HttpRequest.newBuilder(URI.create(IntakeFixture.base() + "/api/v1/queues/stream"))
        .header("Authorization", "Bearer " + token).build();
    HttpResponse<java.io.InputStream> stream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .send(request, HttpResponse.BodyHandlers.ofInputStream());
    OpenApiResponses.check(stream, null);
    assertThat(stream.statusCode()).isEqualTo(200);
    // Then the server ends the stream once it expires
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      boolean ended = CompletableFuture.supplyAsync(() -> {
        try {
          while (lines.readLine() != null) {
            // drain until the server closes
          }
          return true;
        } catch (Exception e) {
          return true;
        }
      }).get(10, TimeUnit.SECONDS);
      assertThat(ended).isTrue();
    }
    // And once past the verifier's clock-skew leeway (5 s), the token no longer opens it
    await().atMost(Duration.ofSeconds(15)).until(() -> call("GET", "/api/v1/queues", token, null).status() == 401);
  }

  @Test
  void theStreamEndsWhenItsSessionLogsOut() throws Exception {
    // Given a supervisor signed in, watching the live queue
    String token = login("supervisor");
    HttpRequest request = HttpRequest.newBuilder(URI.create(IntakeFixture.base() + "/api/v1/queues/stream"))
        .header("Authorization", "Bearer " + token).build();
    HttpResponse<java.io.InputStream> stream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      CompletableFuture<Boolean> ended = CompletableFuture.supplyAsync(() -> {
        try {
          while (lines.readLine() != null) {
            // drain until the server closes
          }
        } catch (Exception e) {
          // closed
        }
        return true;
      });
      // When they sign out (the token itself is valid for hours yet)
      assertThat(call("POST", "/api/v1/session/logout", token, null).status()).isEqualTo(204);
      // Then the server ends the stream at once, not when the token would have expired
      assertThat(ended.get(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void sessionTokenInTheStreamUrlIsRefusedAndATicketOpensTheStreamOnce() throws Exception {
    // Given a supervisor's session token in the URL, Then the stream refuses it
    var inUrl = call("GET", "/api/v1/queues/stream?access_token=" + URLEncoder.encode(supervisor, StandardCharsets.UTF_8),
        null, null);
    assertThat(inUrl.status()).isEqualTo(400);
    // And with the header as well, the query token is still refused
    assertThat(call("GET", "/api/v1/queues?access_token=x", supervisor, null).status()).isEqualTo(400);
    // Given a ticket: it opens the stream once
    String ticket = ticket();
    HttpResponse<java.io.InputStream> first = openWithTicket(ticket);
    assertThat(first.statusCode()).isEqualTo(200);
    first.body().close();
    // And never again
    HttpResponse<java.io.InputStream> second = openWithTicket(ticket);
    assertThat(second.statusCode()).isEqualTo(401);
    second.body().close();
    // And a ticket is no bearer token, nor is a forged one a ticket
    assertThat(call("GET", "/api/v1/queues", ticket(), null).status()).isEqualTo(401);
    HttpResponse<java.io.InputStream> forged = openWithTicket(ticket.substring(0, ticket.length() - 3) + "AAA");
    assertThat(forged.statusCode()).isEqualTo(401);
    forged.body().close();
    // And only supervisors get tickets
    assertThat(call("POST", "/api/v1/queues/stream-ticket", login("staff"), null).status()).isEqualTo(403);
  }

  private static String ticket() {
    var r = call("POST", "/api/v1/queues/stream-ticket", supervisor, null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(Instant.parse(r.json().get("expiresAt").asText())).isBefore(Instant.now().plusSeconds(61));
    return r.json().get("ticket").asText();
  }

  private static HttpResponse<java.io.InputStream> openWithTicket(String ticket) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(IntakeFixture.base() + "/api/v1/queues/stream?ticket="
        + URLEncoder.encode(ticket, StandardCharsets.UTF_8))).build();
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .send(request, HttpResponse.BodyHandlers.ofInputStream());
  }

  @Test
  void aPoolWithNothingWaitingReadsWithoutALongestWaitUrgency() {
    // Given a pool where nobody waits (routing sends no urgency for the longest wait then)
    String poolId = "north/idle-" + UUID.randomUUID().toString().substring(0, 6);
    try (var routing = new TestProducer()) {
      routing.send(Topics.QUEUE_SNAPSHOTS, poolId, new QueueSnapshot(Ids.newId(), Instant.now(), poolId, "north",
          "HOTLINE_COUNSELLOR", Map.of(), 0, null, 0, Map.of(ResponderStatus.AVAILABLE, 1), Map.of(), 0, 0));
      // Then the list shows it with a null urgency, as openapi.yaml describes (checked by call)
      await().atMost(Duration.ofSeconds(10)).until(() ->
          call("GET", "/api/v1/queues", supervisor, null).body().contains(poolId));
      var pool = call("GET", "/api/v1/queues", supervisor, null).json().findParents("poolId").stream()
          .filter(n -> poolId.equals(n.path("poolId").asText())).findFirst().orElseThrow();
      assertThat(pool.get("longestWaitUrgency").isNull()).isTrue();
    }
  }

  /**
   * Reads events until one of {@code event} whose data contains {@code text}; false after 15 s.
   * Each snapshot and alert on the way must match openapi.yaml's QueueSnapshot and Alert.
   */
  private static boolean readUntil(BufferedReader lines, String event, String text) throws Exception {
    return CompletableFuture.supplyAsync(() -> {
      try {
        String current = null;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.startsWith("event: ")) {
            current = line;
          } else if (line.startsWith("data: ")) {
            if ("event: snapshot".equals(current)) {
              OpenApiResponses.checkSchema("QueueSnapshot", line.substring("data: ".length()));
            }
            if ("event: alert".equals(current)) {
              OpenApiResponses.checkSchema("Alert", line.substring("data: ".length()));
            }
            if (event.equals(current) && line.contains(text)) {
              return true;
            }
          }
        }
        return false;
      } catch (Exception e) {
        return false;
      }
    }).get(15, TimeUnit.SECONDS);
  }
}
