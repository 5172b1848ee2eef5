package org.crisisline.localstack.ops;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;

/**
 * {@code ./crisisline acls}: prints the {@link AccessPlan} (as kafka-acls.sh arguments); {@code --apply}
 * creates its bindings (idempotent: Kafka keeps one copy of an identical ACL). With
 * {@code CRISISLINE_KAFKA_PASSWORD_INTAKE} / {@code _NOTIFIER} / {@code _ROUTING} set, {@code --apply}
 * also creates or updates that service's SCRAM-SHA-512 credential. Run it as the admin principal.
 */
public final class AclsCommand {
  private static final Map<String, String> PASSWORD_VARIABLES = Map.of(
      AccessPlan.INTAKE, "CRISISLINE_KAFKA_PASSWORD_INTAKE",
      AccessPlan.NOTIFIER, "CRISISLINE_KAFKA_PASSWORD_NOTIFIER",
      AccessPlan.ROUTING, "CRISISLINE_KAFKA_PASSWORD_ROUTING");

  private AclsCommand() {}

  static int run(String[] args, Map<String, String> env, PrintStream out) {
    AccessPlan plan = new AccessPlan(
        env.getOrDefault("CRISISLINE_ROUTING_APPLICATION_ID", AccessPlan.DEFAULT.routingApplicationId()),
        env.getOrDefault("CRISISLINE_NOTIFIER_GROUP", AccessPlan.DEFAULT.notifierGroup()),
        env.getOrDefault("CRISISLINE_INTAKE_CLIENT_ID", AccessPlan.DEFAULT.intakeClientId()));
    plan.grants().forEach(g -> out.println(g.cliArguments()));
    if (!Ops.flag(args, "--apply")) {
      return 0;
    }
    Ops.Connection c = Ops.Connection.fromEnv(env);
    try (Admin admin = admin(c)) {
      for (String user : AccessPlan.users()) {
        String password = env.get(PASSWORD_VARIABLES.get(user));
        if (password != null && !password.isBlank()) {
          upsertScramUser(admin, user, password);
          out.println("SCRAM-SHA-512 credential set for " + user);
        }
      }
      get(admin.createAcls(plan.bindings()).all());
      out.println(plan.grants().size() + " ACLs applied on " + c.bootstrapServers());
    }
    return 0;
  }

  /** Creates or replaces a principal's SCRAM-SHA-512 credential (stored in the KRaft metadata). */
  public static void upsertScramUser(Admin admin, String user, String password) {
    get(admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password))).all());
  }

  static Admin admin(Ops.Connection c) {
    Properties p = c.security().toProperties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, c.bootstrapServers());
    return Admin.create(p);
  }

  static <T> T get(KafkaFuture<T> future) {
    try {
      return future.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not answer within 60 s", e);
    }
  }
}
