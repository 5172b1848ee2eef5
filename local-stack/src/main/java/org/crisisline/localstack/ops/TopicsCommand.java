package org.crisisline.localstack.ops;

import java.io.PrintStream;
import java.util.Map;
import org.crisisline.events.Topic;
import org.crisisline.events.Topics;
import org.crisisline.kafkalocal.TopicAdmin;

/**
 * {@code ./crisisline topics}: creates every registry topic that is missing with the layout the cluster
 * can give (RF min(3, brokers), min.insync.replicas 2 from three brokers), then verifies all of them;
 * {@code --verify} only verifies. Writes no records.
 */
final class TopicsCommand {
  private TopicsCommand() {}

  static int run(String[] args, Map<String, String> env, PrintStream out) {
    Ops.Connection c = Ops.Connection.fromEnv(env);
    int partitions = Integer.parseInt(Ops.option(args, "--partitions",
        env.getOrDefault("CRISISLINE_TOPIC_PARTITIONS", "3")));
    try (TopicAdmin admin = new TopicAdmin(c.bootstrapServers(), c.security().clientProperties())) {
      TopicAdmin.Layout layout = admin.layoutForCluster(partitions);
      if (Ops.flag(args, "--verify")) {
        admin.verify(Topics.all(), layout);
      } else {
        admin.ensureTopics(layout);
      }
      for (Topic<?, ?> t : Topics.all()) {
        out.printf("%-40s ok  (>= %d partitions, RF %d, min.insync.replicas %d, %s)%n", t.name(), layout.partitions(),
            layout.replicationFactor(), layout.minInsyncReplicas(), t.compacted() ? "compact" : "delete");
      }
      out.println(Topics.all().size() + " topics verified on " + c.bootstrapServers());
      return 0;
    }
  }
}
