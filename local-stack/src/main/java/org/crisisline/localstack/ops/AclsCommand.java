package org.crisisline.localstack.ops;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./crisisline acls}: prints the {@link AccessPlan} (as kafka-acls.sh arguments); {@code --apply}
 * creates its bindings (idempotent: Kafka keeps one copy of an identical ACL). With
 * {@code CRISISLINE_KAFKA_PASSWORD_INTAKE} / {@code _NOTIFIER} / {@code _ROUTING} set, {@code --apply}
 * also creates or updates that service's SCRAM-SHA-512 credential. Run it as the admin principal.
 */
@Command(name = "acls", mixinStandardHelpOptions = true, versionProvider = Ops.Version.class,
    description = {"Print the ACL plan, one grant per line as kafka-acls.sh arguments; without --apply "
        + "Kafka is not contacted.",
        "With --apply (as the admin principal) create it, and set each service's SCRAM-SHA-512 credential "
        + "whose CRISISLINE_KAFKA_PASSWORD_INTAKE / _NOTIFIER / _ROUTING is set."})
public final class AclsCommand implements Callable<Integer> {
  private static final Map<String, String> PASSWORD_VARIABLES = Map.of(
      AccessPlan.INTAKE, "CRISISLINE_KAFKA_PASSWORD_INTAKE",
      AccessPlan.NOTIFIER, "CRISISLINE_KAFKA_PASSWORD_NOTIFIER",
      AccessPlan.ROUTING, "CRISISLINE_KAFKA_PASSWORD_ROUTING");

  @Option(names = "--apply", description = "Create the ACLs (and credentials) on the cluster.")
  boolean apply;

  private final Ops.Context ctx;

  AclsCommand(Ops.Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    Map<String, String> env = ctx.env();
    AccessPlan plan = new AccessPlan(
        env.getOrDefault("CRISISLINE_ROUTING_APPLICATION_ID", AccessPlan.DEFAULT.routingApplicationId()),
        env.getOrDefault("CRISISLINE_NOTIFIER_GROUP", AccessPlan.DEFAULT.notifierGroup()),
        env.getOrDefault("CRISISLINE_INTAKE_CLIENT_ID", AccessPlan.DEFAULT.intakeClientId()));
    plan.grants().forEach(g -> ctx.out().println(g.cliArguments()));
    if (!apply) {
      return 0;
    }
    Ops.Connection c = ctx.reachableConnection();
    try (Admin admin = c.admin()) {
      for (String user : AccessPlan.users()) {
        String password = env.get(PASSWORD_VARIABLES.get(user));
        if (password != null && !password.isBlank()) {
          upsertScramUser(admin, user, password);
          ctx.out().println("SCRAM-SHA-512 credential set for " + user);
        }
      }
      get(admin.createAcls(plan.bindings()).all());
      ctx.out().println(plan.grants().size() + " ACLs applied on " + c.bootstrapServers());
    }
    return 0;
  }

  /** Creates or replaces a principal's SCRAM-SHA-512 credential (stored in the KRaft metadata). */
  public static void upsertScramUser(Admin admin, String user, String password) {
    get(admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password))).all());
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
