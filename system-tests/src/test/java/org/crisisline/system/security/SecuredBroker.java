package org.crisisline.system.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.crisisline.events.KafkaClientSecurity;
import org.crisisline.localstack.EmbeddedKafka;
import org.crisisline.localstack.TopicAdmin;
import org.crisisline.localstack.ops.AccessPlan;
import org.crisisline.localstack.ops.AclsCommand;

/**
 * A single-node in-JVM KRaft broker secured as production is (and as docker-compose.yml runs it):
 * clients on a SASL_PLAINTEXT listener with SCRAM-SHA-512 only; broker-to-broker and broker-to-
 * controller traffic on their own SASL listeners with the PLAIN admin (so no SCRAM credential has to
 * exist before the first start); the KRaft StandardAuthorizer with {@code allow.everyone.if.no.acl.found}
 * false and only the admin as super user. Then, as the admin: every registry topic, a SCRAM credential
 * per service principal, and the {@link AccessPlan#DEFAULT} ACLs. Not the shared RealKafka broker.
 */
final class SecuredBroker implements AutoCloseable {
  static final String ADMIN = "admin";
  static final String ADMIN_PASSWORD = "admin-secret-" + System.nanoTime();
  static final Map<String, String> PASSWORDS = Map.of(
      AccessPlan.INTAKE, "intake-pw-1", AccessPlan.NOTIFIER, "notifier-pw-2", AccessPlan.ROUTING, "routing-pw-3");

  private final EmbeddedKafka kafka;
  private final int internalPort;

  SecuredBroker() {
    int clientPort = freePort();
    internalPort = freePort();
    int controllerPort = freePort();
    String plain = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN
        + "\" password=\"" + ADMIN_PASSWORD + "\" user_" + ADMIN + "=\"" + ADMIN_PASSWORD + "\";";
    kafka = EmbeddedKafka.builder().ports(clientPort).controllerPort(controllerPort).customize((node, p) -> {
      p.put("listeners", "CLIENT://localhost:" + clientPort + ",INTERNAL://localhost:" + internalPort
          + ",CONTROLLER://localhost:" + controllerPort);
      p.put("advertised.listeners", "CLIENT://localhost:" + clientPort + ",INTERNAL://localhost:" + internalPort);
      p.put("listener.security.protocol.map",
          "CLIENT:SASL_PLAINTEXT,INTERNAL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
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
    } catch (Exception e) {
      kafka.close();
      throw new IllegalStateException("could not prepare the secured broker", e);
    }
  }

  /** The SCRAM client listener every service uses. */
  String bootstrapServers() {
    return kafka.bootstrapServers();
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
