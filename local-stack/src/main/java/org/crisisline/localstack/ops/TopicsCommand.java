package org.crisisline.localstack.ops;

import java.util.concurrent.Callable;
import org.crisisline.events.RetentionPolicy;
import org.crisisline.events.Topic;
import org.crisisline.events.Topics;
import org.crisisline.kafkalocal.TopicAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./crisisline topics}: creates every registry topic that is missing with the layout the cluster
 * can give (RF min(3, brokers), min.insync.replicas 2 from three brokers) and each topic's retention
 * ({@code CRISISLINE_TOPIC_LIVE_RETENTION_DAYS}, {@code CRISISLINE_RECORDS_RETENTION_DAYS}), sets the
 * retention of existing topics, then verifies all of them; {@code --verify} only verifies. Writes no records.
 */
@Command(name = "topics", mixinStandardHelpOptions = true, versionProvider = Ops.Version.class,
    description = {"Create every missing registry topic with the layout the cluster can give "
        + "(RF min(3, brokers), min.insync.replicas 2 from three brokers) and its retention "
        + "($CRISISLINE_TOPIC_LIVE_RETENTION_DAYS, $CRISISLINE_RECORDS_RETENTION_DAYS), set the retention "
        + "of existing ones, then verify them all.",
        "Writes no records. Exit 1 when a topic differs from the registry."})
final class TopicsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--verify", description = "Only verify; create nothing.")
  boolean verifyOnly;

  @Option(names = "--partitions", paramLabel = "N",
      description = "Partitions per topic (default: $CRISISLINE_TOPIC_PARTITIONS, else 3).")
  Integer partitions;

  private final Ops.Context ctx;

  TopicsCommand(Ops.Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    int n = Ops.atLeast(spec.commandLine(), "--partitions", partitions(), 1);
    Ops.Connection c = ctx.reachableConnection();
    try (TopicAdmin admin = new TopicAdmin(c.bootstrapServers(), c.clientPropertiesMap())) {
      TopicAdmin.Layout layout = admin.layoutForCluster(n, retention());
      if (verifyOnly) {
        admin.verify(Topics.all(), layout);
      } else {
        admin.ensureTopics(layout);
      }
      for (Topic<?, ?> t : Topics.all()) {
        long ms = layout.retention().retentionMs(t.retention());
        ctx.out().printf("%-40s ok  (>= %d partitions, RF %d, min.insync.replicas %d, %s, %s, %s)%n", t.name(),
            layout.partitions(), layout.replicationFactor(), layout.minInsyncReplicas(),
            t.retention().cleanupPolicy(), t.retention().label(),
            ms < 0 ? "kept" : "retention " + java.time.Duration.ofMillis(ms).toDays() + " d");
      }
      ctx.out().println(Topics.all().size() + " topics verified on " + c.bootstrapServers());
      return 0;
    }
  }

  private RetentionPolicy retention() {
    try {
      return RetentionPolicy.fromEnv(ctx.env());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private int partitions() {
    if (partitions != null) {
      return partitions;
    }
    String fromEnv = ctx.env().getOrDefault("CRISISLINE_TOPIC_PARTITIONS", "3").trim();
    try {
      return Integer.parseInt(fromEnv);
    } catch (NumberFormatException e) {
      throw new ParameterException(spec.commandLine(),
          "CRISISLINE_TOPIC_PARTITIONS must be a whole number, not '" + fromEnv + "'");
    }
  }
}
