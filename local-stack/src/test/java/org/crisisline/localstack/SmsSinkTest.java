package org.crisisline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.crisisline.smssink.SmsSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SmsSinkTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private MailCatcher mail;
  private SmsSink sink;
  private HttpServer notifier;
  private final List<Map<String, String>> callbacks = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    mail = new MailCatcher(0);
    sink = new SmsSink(0, "AC-test", "tok", mail::messages);
    notifier = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
    notifier.createContext("/api/v1/sms/status", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> form = new LinkedHashMap<>();
      for (String pair : body.split("&")) {
        String[] kv = pair.split("=", 2);
        form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
      }
      String url = "http://127.0.0.1:" + notifier.getAddress().getPort() + ex.getRequestURI();
      form.put("signatureValid", String.valueOf(
          twilioSignature("tok", url, form).equals(ex.getRequestHeaders().getFirst("X-Twilio-Signature"))));
      callbacks.add(form);
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    notifier.start();
  }

  @AfterEach
  void stop() {
    sink.close();
    mail.close();
    notifier.stop(0);
  }

  @Test
  void aMessageIsAcceptedLikeTwilioAndASignedDeliveredCallbackFollows() throws Exception {
    // Given the notifier's status callback URL with the offer and recipient in its query
    String callback = "http://127.0.0.1:" + notifier.getAddress().getPort()
        + "/api/v1/sms/status?offerId=o-1&channel=SMS&recipientId=alex";

    // When a message is posted to the Messages endpoint with basic auth
    HttpResponse<String> response = post("AC-test", "tok", Map.of("To", "+15035550101", "From", "+15550000000",
        "Body", "Offer ABC123", "StatusCallback", callback));

    // Then it is created as queued, shows in the outbox, and a valid signed "delivered" callback arrives
    assertThat(response.statusCode()).isEqualTo(201);
    JsonNode created = JSON.readTree(response.body());
    assertThat(created.path("status").asText()).isEqualTo("queued");
    assertThat(created.path("sid").asText()).startsWith("SM");
    assertThat(sink.outbox()).singleElement().satisfies(m -> {
      assertThat(m.channel()).isEqualTo("SMS");
      assertThat(m.offerId()).isEqualTo("o-1");
      assertThat(m.responderId()).isEqualTo("alex");
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> !callbacks.isEmpty());
    assertThat(callbacks.get(0)).containsEntry("MessageStatus", "delivered")
        .containsEntry("MessageSid", created.path("sid").asText())
        .containsEntry("signatureValid", "true");
  }

  @Test
  void aStatusPollByMessageSidAnswersDelivered() throws Exception {
    // Given a message the sink accepted
    String sid = JSON.readTree(post("AC-test", "tok", Map.of("To", "+15035550101", "From", "+1", "Body", "x")).body())
        .path("sid").asText();
    // When the notifier asks for its status by sid
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
            URI.create(sink.baseUrl() + "/2010-04-01/Accounts/AC-test/Messages/" + sid + ".json"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("AC-test:tok".getBytes(StandardCharsets.UTF_8)))
        .build(), HttpResponse.BodyHandlers.ofString());
    // Then it is delivered; an unknown sid is 404
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).path("status").asText()).isEqualTo("delivered");
    assertThat(http.send(HttpRequest.newBuilder(
            URI.create(sink.baseUrl() + "/2010-04-01/Accounts/AC-test/Messages/SMnope.json"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("AC-test:tok".getBytes(StandardCharsets.UTF_8)))
        .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
  }

  @Test
  void wrongCredentialsAreRefusedAsTwilioWould() throws Exception {
    // When a message is posted with a wrong token
    HttpResponse<String> response = post("AC-test", "wrong", Map.of("To", "+15035550101", "From", "+1", "Body", "x"));
    // Then it is refused and nothing is kept
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(sink.smsMessages()).isEmpty();
  }

  @Test
  void theOutboxMergesEmailsAndSmsNewestFirst() throws Exception {
    // Given an SMS, then an email with the crisisline headers
    post("AC-test", "tok", Map.of("To", "+15035550101", "From", "+15550000000", "Body", "first"));
    Properties props = new Properties();
    props.put("mail.smtp.host", "127.0.0.1");
    props.put("mail.smtp.port", String.valueOf(mail.port()));
    MimeMessage email = new MimeMessage(Session.getInstance(props));
    email.setFrom(new InternetAddress("crisisline@localhost"));
    email.setRecipient(Message.RecipientType.TO, new InternetAddress("alex@responders.example.org"));
    email.setSubject("New offer");
    email.setText("second");
    email.setHeader(MailCatcher.OFFER_HEADER, "o-2");
    email.setHeader(MailCatcher.RECIPIENT_HEADER, "alex");
    Transport.send(email);

    // When the outbox is fetched over HTTP
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(sink.baseUrl() + "/outbox")).build(),
        HttpResponse.BodyHandlers.ofString());

    // Then both are there, the email first, with offer and recipient
    JsonNode outbox = JSON.readTree(response.body());
    assertThat(outbox).hasSize(2);
    assertThat(outbox.get(0).path("channel").asText()).isEqualTo("EMAIL");
    assertThat(outbox.get(0).path("offerId").asText()).isEqualTo("o-2");
    assertThat(outbox.get(0).path("responderId").asText()).isEqualTo("alex");
    assertThat(outbox.get(0).path("subject").asText()).isEqualTo("New offer");
    assertThat(outbox.get(0).path("body").asText().trim()).isEqualTo("second");
    assertThat(outbox.get(1).path("channel").asText()).isEqualTo("SMS");
    assertThat(outbox.get(1).path("sentAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
  }

  /** Twilio's documented scheme, computed independently of the sink. */
  private static String twilioSignature(String token, String url, Map<String, String> params) {
    try {
      StringBuilder data = new StringBuilder(url);
      new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> post(String sid, String token, Map<String, String> form) throws Exception {
    List<String> pairs = new ArrayList<>();
    form.forEach((k, v) -> pairs.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return http.send(HttpRequest.newBuilder(URI.create(sink.baseUrl() + "/2010-04-01/Accounts/" + sid + "/Messages.json"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((sid + ":" + token).getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs))).build(), HttpResponse.BodyHandlers.ofString());
  }
}
