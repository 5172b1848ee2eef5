package org.crisisline.notifier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.crisisline.events.AlertPaged;
import org.crisisline.events.AlertReason;
import org.crisisline.events.Contact;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.Event;
import org.crisisline.events.Ids;
import org.crisisline.events.Need;
import org.crisisline.events.OfferMade;
import org.crisisline.events.OnCallPerson;
import org.crisisline.events.ResponderKind;
import org.crisisline.events.ResponderProfile;
import org.crisisline.events.Topic;
import org.crisisline.events.Urgency;
import org.crisisline.kafkalocal.RealKafka;

/**
 * A notifier against the shared broker, a real SMTP server (GreenMail) and a Twilio-compatible
 * SMS API (WireMock). Every test gets its own group id, responders and phone numbers, so tests
 * sharing the broker never see each other's messages.
 */
final class NotifierFixture implements AutoCloseable {
  static final String ACCOUNT = "AC-test";
  static final String TOKEN = "test-sms-auth-token";
  static final String MESSAGES = "/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json";
  static final String PUBLIC_URL = "http://crisisline.test";
  static final String LINK_SECRET = "system-test-link-secret-0123456789";

  final String run = UUID.randomUUID().toString().substring(0, 8);
  final int smtpPort = freePort();
  final WireMockServer sms = new WireMockServer(options().dynamicPort());
  GreenMail mail;
  final KafkaProducer<String, byte[]> producer;
  final Tap tap;
  NotifierApp app;
  private int phones;

  NotifierFixture() {
    RealKafka.createTopics();
    startMail();
    sms.start();
    smsAnswers(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
        .withBody("{\"sid\":\"SM{{randomValue length=16 type='ALPHANUMERIC'}}\",\"status\":\"queued\"}")
        .withTransformers("response-template"));
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealKafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    producer = new KafkaProducer<>(p, new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer());
    tap = new Tap();
  }

  void startMail() {
    mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
  }

  /** Replaces the SMS API's answer for every message. */
  void smsAnswers(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
    sms.resetMappings();
    sms.stubFor(post(urlEqualTo(MESSAGES)).willReturn(response));
  }

  void smsStub(MappingBuilder mapping) {
    sms.stubFor(mapping);
  }

  NotifierConfig config() {
    return config(Map.of());
  }

  /** The test defaults, with some variables replaced. */
  NotifierConfig config(Map<String, String> overrides) {
    return NotifierConfig.fromEnv(env(overrides));
  }

  /** The environment of {@link #config(Map)}: what a notifier process of this test is started with. */
  Map<String, String> env(Map<String, String> overrides) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", RealKafka.bootstrapServers());
    env.put("CRISISLINE_NOTIFIER_PORT", "0");
    env.put("CRISISLINE_PUBLIC_URL", PUBLIC_URL);
    env.put("CRISISLINE_LINK_SECRET", LINK_SECRET);
    env.put("SMTP_HOST", "127.0.0.1");
    env.put("SMTP_PORT", Integer.toString(smtpPort));
    env.put("SMTP_FROM", "notifier@crisisline.test");
    env.put("SMS_BASE_URL", "http://localhost:" + sms.port());
    env.put("SMS_ACCOUNT_SID", ACCOUNT);
    env.put("SMS_AUTH_TOKEN", TOKEN);
    env.put("SMS_FROM", "+15550001111");
    env.put("CRISISLINE_NOTIFIER_GROUP", "notifier-test-" + run);
    env.put("CRISISLINE_NOTIFIER_MAX_ATTEMPTS", "5");
    env.put("CRISISLINE_NOTIFIER_RETRY_INITIAL_MS", "100");
    env.put("CRISISLINE_NOTIFIER_RETRY_MAX_MS", "1000");
    env.put("CRISISLINE_NOTIFIER_SEND_TIMEOUT_MS", "1500");
    env.put("CRISISLINE_NOTIFIER_RATE_PER_RESPONDER", "60");
    env.put("CRISISLINE_NOTIFIER_RATE_GLOBAL", "500");
    env.put("CRISISLINE_NOTIFIER_LOOKBACK_MINUTES", "3");
    env.putAll(overrides);
    return env;
  }

  NotifierApp start(NotifierConfig config) {
    app = NotifierApp.start(config);
    return app;
  }

  /** A responder of this test with a unique phone and email, published to {@code responders}. */
  ResponderProfile responder(DeliveryChannel... channels) {
    String id = "r-" + run + "-" + (++phones);
    String phone = String.format("+1503%07d", Math.abs((run + phones).hashCode()) % 10_000_000);
    ResponderProfile profile = new ResponderProfile(Ids.newId(), Instant.now(), id, "Responder " + phones,
        ResponderKind.HOTLINE_COUNSELLOR, "north", List.of("en", "es"), List.of(), 2,
        new Contact(phone, id + "@responders.test"), Arrays.asList(channels), true);
    produce(org.crisisline.events.Topics.RESPONDERS, id, profile);
    return profile;
  }

  /** A person who may be on call, with a unique work phone and email, published to {@code oncall-people}. */
  OnCallPerson onCallPerson(DeliveryChannel... channels) {
    String id = "sup-" + run + "-" + (++phones);
    String phone = String.format("+1971%07d", Math.abs((run + phones).hashCode()) % 10_000_000);
    OnCallPerson person = new OnCallPerson(Ids.newId(), Instant.now(), id, "Supervisor " + phones,
        new Contact(phone, id + "@supervisors.test"), Arrays.asList(channels));
    produce(org.crisisline.events.Topics.ONCALL_PEOPLE, id, person);
    return person;
  }

  /** Routing's page of {@code person} for alert {@code alertId} (code {@code code}) of {@code requestId}, now. */
  AlertPaged page(OnCallPerson person, String alertId, String code, String requestId) {
    Instant now = Instant.now();
    return new AlertPaged(Ids.newId(), now, alertId, Ids.newId(), code, requestId, "north", Urgency.IMMINENT_RISK,
        AlertReason.NO_COUNSELLOR_AVAILABLE, person.userId(), "supervisors", 1, 1, now.minusSeconds(75));
  }

  OfferMade offer(ResponderProfile to, Duration ttl) {
    Instant now = Instant.now();
    return new OfferMade(Ids.newId(), now, "req-" + UUID.randomUUID(), "off-" + UUID.randomUUID(), Ids.offerCode(),
        to.responderId(), null, 1, now.plus(ttl), Urgency.HIGH, Need.CRISIS_COUNSELLING, null, "es", "north");
  }

  <V extends Event> void produce(Topic<String, V> topic, String key, V value) {
    byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
    try {
      producer.send(new ProducerRecord<>(topic.name(), key, bytes)).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  void produceRaw(String topic, String key, byte[] bytes) {
    try {
      producer.send(new ProducerRecord<>(topic, key, bytes)).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** SMS requests the provider received for {@code phone}. */
  List<LoggedRequest> smsTo(String phone) {
    return sms.findAll(postRequestedFor(urlEqualTo(MESSAGES))).stream()
        .filter(r -> phone.equals(form(r.getBodyAsString()).get("To"))).toList();
  }

  List<MimeMessage> mailTo(String address) {
    return Arrays.stream(mail.getReceivedMessages()).filter(m -> {
      try {
        return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals(address));
      } catch (Exception e) {
        return false;
      }
    }).toList();
  }

  /** An inbound SMS to the notifier's webhook, signed as the provider signs it: the TwiML answer. */
  java.net.http.HttpResponse<String> smsInbound(Map<String, String> params) throws Exception {
    String url = "http://localhost:" + app.port() + "/api/v1/sms/inbound";
    Map<String, List<String>> lists = new LinkedHashMap<>();
    params.forEach((k, v) -> lists.put(k, List.of(v)));
    String body = params.entrySet().stream()
        .map(e -> java.net.URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(java.util.stream.Collectors.joining("&"));
    var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", org.crisisline.notifier.domain.TwilioSignature.compute(TOKEN, url, lists))
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
    return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  static Map<String, String> form(String body) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    if (app != null) {
      app.close();
    }
    tap.close();
    producer.close();
    sms.stop();
    if (mail != null) {
      mail.stop();
    }
  }
}
