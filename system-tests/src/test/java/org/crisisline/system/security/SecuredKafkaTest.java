package org.crisisline.system.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.crisisline.events.KafkaClientSecurity;
import org.crisisline.events.PiiCipher;
import org.crisisline.events.Topics;
import org.crisisline.intake.IntakeApp;
import org.crisisline.intake.IntakeConfig;
import org.crisisline.localstack.MailCatcher;
import org.crisisline.smssink.OutboxMessage;
import org.crisisline.localstack.ops.AccessPlan;
import org.crisisline.notifier.NotifierApp;
import org.crisisline.notifier.NotifierConfig;
import org.crisisline.routing.RoutingApp;
import org.crisisline.routing.RoutingConfig;
import org.crisisline.system.e2e.Api;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, secured Kafka: the three services, each with its own SCRAM-SHA-512 principal, run the thin
 * path on a broker with SASL and the ACL authorizer ({@link SecuredBroker}); a principal reading or
 * writing a topic outside its {@link AccessPlan} is refused; anonymous and wrong-password clients
 * are refused. Reads help-requests / writes offers only to prove those refusals.
 */
class SecuredKafkaTest {
  private static final String PASSWORD = "sec-" + UUID.randomUUID();
  private static final String REGION = "secured";
  private static final List<AutoCloseable> STARTED = new ArrayList<>();
  private static SecuredBroker broker;
  private static MailCatcher mail;
  private static Api api;

  @BeforeAll
  static void startTheSecuredClusterAndTheThreeServices(@TempDir Path dataDir) {
    broker = started(new SecuredBroker());
    mail = started(new MailCatcher(0));
    Map<String, String> common = new HashMap<>();
    common.put("CRISISLINE_DATA_DIR", dataDir.toString());
    common.put("CRISISLINE_HTTP_PORT", "0");
    common.put("CRISISLINE_NOTIFIER_PORT", "0");
    common.put("CRISISLINE_ROUTING_PORT", "0");
    common.put("CRISISLINE_PII_KEY", PiiCipher.generateKeyring("sec"));
    common.put("CRISISLINE_LINK_SECRET", "sec-link-secret-0123456789");
    common.put("SMS_AUTH_TOKEN", "sec-sms-token-0123456789");
    common.put("CRISISLINE_DEMO_PASSWORD", PASSWORD);
    common.put("CRISISLINE_LINK_SECRET", "sec-link-" + UUID.randomUUID());
    common.put("CRISISLINE_JWT_SECRET", "sec-jwt-" + UUID.randomUUID());
    common.put("CRISISLINE_REGIONS", REGION);
    common.put("CRISISLINE_ROUTING_POLICY", writePolicy(dataDir, "regions=" + REGION + "\n").toString());
    common.put("SMTP_HOST", "localhost");
    common.put("SMTP_PORT", String.valueOf(mail.port()));
    started(RoutingApp.start(RoutingConfig.fromEnv(with(common, broker.envFor(AccessPlan.ROUTING)))));
    IntakeApp intake = started(IntakeApp.start(IntakeConfig.fromEnv(with(common, broker.envFor(AccessPlan.INTAKE)))));
    common.put("CRISISLINE_PUBLIC_URL", "http://localhost:" + intake.port());
    started(NotifierApp.start(NotifierConfig.fromEnv(with(common, broker.envFor(AccessPlan.NOTIFIER)))));
    api = new Api("http://localhost:" + intake.port());
  }

  @AfterAll
  static void stop() throws Exception {
    for (int i = STARTED.size() - 1; i >= 0; i--) {
      STARTED.get(i).close();
    }
  }

  @Test
  void eachServiceRunsTheThinPathWithItsOwnPrincipal() {
    // Given a counsellor registered through intake (intake principal writes responders)
    String responderId = "sec-counsellor";
    String admin = api.login("admin", PASSWORD);
    Map<String, Object> profile = Map.of("displayName", "Secured Counsellor", "kind", "HOTLINE_COUNSELLOR",
        "region", REGION, "languages", List.of("en"), "specialties", List.of(), "capacity", 1,
        "contact", Map.of("email", "sec@responders.example.org"), "channels", List.of("EMAIL"), "active", true);
    assertThat(api.call("PUT", "/api/v1/responders/" + responderId, admin, Api.json(profile)).status()).isLessThan(300);
    String[] responder = new String[1];
    await().atMost(Duration.ofSeconds(30)).until(() -> (responder[0] = api.login(responderId, PASSWORD)) != null);
    assertThat(api.call("PUT", "/api/v1/responders/" + responderId + "/status", responder[0],
        "{\"status\":\"AVAILABLE\"}").status()).isLessThan(300);

    // When staff log a request (intake's transactional request log)
    String staff = api.login("staff", PASSWORD);
    Map<String, Object> request = Map.of("channel", "PHONE", "urgency", "HIGH", "need", "CRISIS_COUNSELLING",
        "language", "en", "region", REGION, "ageGroup", "ADULT", "summary", "secured caller",
        "callerContact", Map.of("phone", "+15035550100", "consentToContact", true));
    Api.Response logged = api.call("POST", "/api/v1/requests", staff, Api.json(request));
    assertThat(logged.status()).as(logged.body()).isEqualTo(202);
    String requestId = logged.json().path("requestId").asText();

    // Then routing offers it (routing principal, exactly-once) and the notifier emails it (notifier principal)
    OutboxMessage[] handoff = new OutboxMessage[1];
    await().atMost(Duration.ofSeconds(60)).until(() -> (handoff[0] = mail.messages().stream()
        .filter(m -> responderId.equals(m.responderId())).findFirst().orElse(null)) != null);

    // And the responder's acceptance travels back through intake and routing to ACCEPTED
    Api.Response accepted = api.call("POST", "/api/v1/offers/" + handoff[0].offerId() + "/accept", responder[0], null);
    assertThat(accepted.status()).as(accepted.body()).isLessThan(300);
    await().atMost(Duration.ofSeconds(30)).until(() ->
        "ACCEPTED".equals(api.call("GET", "/api/v1/requests/" + requestId, staff, null).json().path("status").asText()));
  }

  @Test
  void theNotifierPrincipalCannotReadHelpRequests() {
    // Given a consumer with the notifier's own credentials
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(KafkaClientSecurity.scram(
        AccessPlan.NOTIFIER, SecuredBroker.PASSWORDS.get(AccessPlan.NOTIFIER)))) {
      // When it reads help-requests, which carry sealed caller details the notifier has no business with
      consumer.assign(List.of(new TopicPartition(Topics.HELP_REQUESTS.name(), 0)));
      consumer.seekToBeginning(consumer.assignment());
      // Then the broker refuses it
      assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
          .isInstanceOf(TopicAuthorizationException.class);
    }
  }

  @Test
  void theIntakePrincipalCannotWriteOffersWhichOnlyRoutingWrites() {
    // Given a producer with intake's credentials
    try (KafkaProducer<byte[], byte[]> producer = producer(KafkaClientSecurity.scram(
        AccessPlan.INTAKE, SecuredBroker.PASSWORDS.get(AccessPlan.INTAKE)))) {
      // When it writes an offer, Then the single-writer rule is enforced by the broker
      assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.OFFERS.name(), new byte[] {1}, new byte[] {1}))
          .get()).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
    }
  }

  @Test
  void notifierCannotWriteOfferAnswers() {
    // Given a producer with the notifier's credentials
    try (KafkaProducer<byte[], byte[]> producer = producer(KafkaClientSecurity.scram(
        AccessPlan.NOTIFIER, SecuredBroker.PASSWORDS.get(AccessPlan.NOTIFIER)))) {
      // When it writes an answer to offer-answers (say, accepting an offer for someone), Then the
      // broker refuses: its SMS replies go to sms-replies, which carries only a decision
      assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.OFFER_ANSWERS.name(), new byte[] {1},
          new byte[] {1})).get()).isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(TopicAuthorizationException.class);
    }
  }

  @Test
  void aServiceConnectsOverSaslSslWithTheTrustStoreFromItsEnvironment() {
    // Given the notifier's credentials and the CA trust store as a deployment sets them
    KafkaClientSecurity tls = KafkaClientSecurity.fromEnv(Map.of(
        "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
        "KAFKA_SASL_USERNAME", AccessPlan.NOTIFIER,
        "KAFKA_SASL_PASSWORD", SecuredBroker.PASSWORDS.get(AccessPlan.NOTIFIER),
        "KAFKA_SSL_TRUSTSTORE_LOCATION", broker.truststore().toString(),
        "KAFKA_SSL_TRUSTSTORE_PASSWORD", SecuredBroker.STORE_PASSWORD,
        "KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12"));
    Properties p = tls.toProperties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.tlsBootstrapServers());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      // When it reads offers, a topic of its plan, over TLS
      // Then the handshake, SCRAM and the ACL all pass: it sees the topic's partitions
      assertThat(consumer.partitionsFor(Topics.OFFERS.name(), Duration.ofSeconds(20))).isNotEmpty();
    }
  }

  @Test
  void aWrongPasswordIsRefusedAtAuthentication() {
    // Given the routing user with a wrong password
    try (Admin admin = admin(KafkaClientSecurity.scram(AccessPlan.ROUTING, "not-the-password"))) {
      // Then not even cluster metadata is served
      assertThatThrownBy(() -> admin.describeCluster().nodes().get())
          .hasCauseInstanceOf(SaslAuthenticationException.class);
    }
  }

  @Test
  void anAnonymousClientGetsNothing() {
    // Given a client without SASL on the SASL listener
    try (Admin admin = admin(KafkaClientSecurity.NONE)) {
      // Then it never gets an answer: the broker waits for a SASL handshake and drops it
      assertThatThrownBy(() -> admin.listTopics().names().get())
          .isInstanceOf(ExecutionException.class);
    }
  }

  private static KafkaConsumer<byte[], byte[]> consumer(KafkaClientSecurity security) {
    Properties p = security.toProperties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private static KafkaProducer<byte[], byte[]> producer(KafkaClientSecurity security) {
    Properties p = security.toProperties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static Admin admin(KafkaClientSecurity security) {
    Properties p = security.toProperties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
    return Admin.create(p);
  }

  private static Map<String, String> with(Map<String, String> common, Map<String, String> kafka) {
    Map<String, String> env = new HashMap<>(common);
    env.putAll(kafka);
    return env;
  }

  private static <T extends AutoCloseable> T started(T thing) {
    STARTED.add(thing);
    return thing;
  }

  /** A routing policy file for this test's regions (CRISISLINE_ROUTING_POLICY). */
  private static Path writePolicy(Path dir, String text) {
    try {
      return Files.writeString(dir.resolve("routing-policy.properties"), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
