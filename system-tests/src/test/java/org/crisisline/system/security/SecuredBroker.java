package org.crisisline.system.security;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.crisisline.events.KafkaClientSecurity;
import org.crisisline.events.Topics;
import org.crisisline.kafkalocal.EmbeddedKafka;
import org.crisisline.kafkalocal.TopicAdmin;
import org.crisisline.localstack.ops.AccessPlan;
import org.crisisline.localstack.ops.AclsCommand;

/**
 * A single-node in-JVM KRaft broker secured as production is (and as docker-compose.yml runs it):
 * clients on a SASL_PLAINTEXT listener with SCRAM-SHA-512 only; broker-to-broker and broker-to-
 * controller traffic on their own SASL listeners with the PLAIN admin (so no SCRAM credential has to
 * exist before the first start); the KRaft StandardAuthorizer with {@code allow.everyone.if.no.acl.found}
 * false and only the admin as super user. Then, as the admin: every registry topic, a SCRAM credential
 * per service principal, and the {@link AccessPlan#DEFAULT} ACLs. A second client listener offers the
 * same SCRAM over TLS (SASL_SSL). Not the shared RealKafka broker.
 */
final class SecuredBroker implements AutoCloseable {
  static final String ADMIN = "admin";
  static final String ADMIN_PASSWORD = "admin-secret-" + System.nanoTime();
  static final Map<String, String> PASSWORDS = Map.of(
      AccessPlan.INTAKE, "intake-pw-1", AccessPlan.NOTIFIER, "notifier-pw-2", AccessPlan.ROUTING, "routing-pw-3");

  static final String STORE_PASSWORD = "store-secret";

  private final EmbeddedKafka kafka;
  private final int internalPort;
  private final int tlsPort;
  private final Path truststore;

  SecuredBroker() {
    TestCertificates certs = TestCertificates.create(STORE_PASSWORD);
    truststore = certs.truststore();
    int clientPort = freePort();
    internalPort = freePort();
    tlsPort = freePort();
    int controllerPort = freePort();
    String plain = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN
        + "\" password=\"" + ADMIN_PASSWORD + "\" user_" + ADMIN + "=\"" + ADMIN_PASSWORD + "\";";
    kafka = EmbeddedKafka.builder().ports(clientPort).controllerPort(controllerPort).customize((node, p) -> {
      p.put("listeners", "CLIENT://localhost:" + clientPort + ",INTERNAL://localhost:" + internalPort
          + ",TLS://localhost:" + tlsPort + ",CONTROLLER://localhost:" + controllerPort);
      p.put("advertised.listeners", "CLIENT://localhost:" + clientPort + ",INTERNAL://localhost:" + internalPort
          + ",TLS://localhost:" + tlsPort);
      p.put("listener.security.protocol.map",
          "CLIENT:SASL_PLAINTEXT,INTERNAL:SASL_PLAINTEXT,TLS:SASL_SSL,CONTROLLER:SASL_PLAINTEXT");
      // The production listener: SCRAM over TLS (a certificate for localhost made for this run).
      p.put("listener.name.tls.sasl.enabled.mechanisms", "SCRAM-SHA-512");
      p.put("listener.name.tls.scram-sha-512.sasl.jaas.config",
          "org.apache.kafka.common.security.scram.ScramLoginModule required;");
      p.put("listener.name.tls.ssl.keystore.location", certs.keystore().toString());
      p.put("listener.name.tls.ssl.keystore.password", STORE_PASSWORD);
      p.put("listener.name.tls.ssl.key.password", STORE_PASSWORD);
      p.put("listener.name.tls.ssl.keystore.type", "PKCS12");
      p.put("inter.broker.listener.name", "INTERNAL");
      p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
      p.put("sasl.mechanism.controller.protocol", "PLAIN");
      p.put("listener.name.client.sasl.enabled.mechanisms", "SCRAM-SHA-512");
      p.put("listener.name.client.scram-sha-512.sasl.jaas.config",
          "org.apache.kafka.common.security.scram.ScramLoginModule required;");
      p.put("listener.name.internal.sasl.enabled.mechanisms", "PLAIN");
      p.put("listener.name.internal.plain.sasl.jaas.config", plain);
      p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
      p.put("listener.name.controller.plain.sasl.jaas.config", plain);
      p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
      p.put("super.users", "User:" + ADMIN);
      p.put("allow.everyone.if.no.acl.found", "false");
    }).start();
    try (TopicAdmin topics = new TopicAdmin(adminBootstrap(), adminSecurity().clientProperties())) {
      topics.ensureTopics(TopicAdmin.Layout.LOCAL);
      Admin admin = topics.admin();
      PASSWORDS.forEach((user, password) -> AclsCommand.upsertScramUser(admin, user, password));
      admin.createAcls(AccessPlan.DEFAULT.bindings()).all().get();
      // Credentials and ACLs reach the broker through the metadata log a moment after the controller
      // accepted them, and a client takes a failed SCRAM login as final: wait until each user is in.
      PASSWORDS.forEach((user, password) -> await("SCRAM login and ACLs of " + user)
          .atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> canDescribeOffers(user, password)));
    } catch (Exception e) {
      kafka.close();
      throw new IllegalStateException("could not prepare the secured broker", e);
    }
  }

  /** Every service principal may at least describe offers (READ or WRITE implies DESCRIBE). */
  private boolean canDescribeOffers(String user, String password) throws Exception {
    Properties p = KafkaClientSecurity.scram(user, password).toProperties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      return !admin.describeTopics(List.of(Topics.OFFERS.name())).allTopicNames().get(10, TimeUnit.SECONDS).isEmpty();
    }
  }

  /** The SCRAM client listener every service uses. */
  String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** The SASL_SSL listener (SCRAM over TLS). */
  String tlsBootstrapServers() {
    return "localhost:" + tlsPort;
  }

  /** PKCS12 trust store holding the broker certificate's issuer. */
  Path truststore() {
    return truststore;
  }

  /** The admin's listener (PLAIN), as kafka-init in docker-compose uses it. */
  String adminBootstrap() {
    return "localhost:" + internalPort;
  }

  static KafkaClientSecurity adminSecurity() {
    return new KafkaClientSecurity("SASL_PLAINTEXT", "PLAIN", ADMIN, ADMIN_PASSWORD, null, null, null);
  }

  /** The env a service gets in production: its own principal over SCRAM-SHA-512. */
  Map<String, String> envFor(String user) {
    return Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers(), "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
        "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512", "KAFKA_SASL_USERNAME", user,
        "KAFKA_SASL_PASSWORD", PASSWORDS.get(user));
  }

  @Override
  public void close() {
    kafka.close();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
