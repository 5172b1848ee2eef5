package org.crisisline.kafkalocal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.crisisline.events.RetentionPolicy;
import org.crisisline.events.Topic;
import org.crisisline.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and verifies every topic of the registry ({@link Topics#all()}) with the partitions,
 * replication factor, {@code min.insync.replicas}, {@code cleanup.policy} and {@code retention.ms}
 * asked for (the last two from each topic's {@link org.crisisline.events.Retention}). Idempotent:
 * missing topics are created, existing ones get their retention set, then all are verified. Writes
 * no records; {@link #isEmpty} reads end offsets only.
 */
public final class TopicAdmin implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);
  private static final long TIMEOUT_S = 60;

  /**
   * Partitions, replication factor, min.insync.replicas and the retention durations for every
   * topic (each topic's {@link org.crisisline.events.Retention} picks which duration applies).
   */
  public record Layout(int partitions, short replicationFactor, int minInsyncReplicas, RetentionPolicy retention) {
    /** The local stack and single-broker tests: 3 partitions, RF 1, default retention. */
    public static final Layout LOCAL = new Layout(3, (short) 1, 1);
    /** A production-shaped cluster: RF 3, min.insync.replicas 2, default retention. */
    public static final Layout PRODUCTION = new Layout(3, (short) 3, 2);

    public Layout(int partitions, short replicationFactor, int minInsyncReplicas) {
      this(partitions, replicationFactor, minInsyncReplicas, RetentionPolicy.DEFAULTS);
    }

    public Layout withRetention(RetentionPolicy policy) {
      return new Layout(partitions, replicationFactor, minInsyncReplicas, policy);
    }
  }

  private final Admin admin;

  public TopicAdmin(String bootstrapServers) {
    this(bootstrapServers, Map.of());
  }

  /** {@code clientProperties} carry security settings (SASL, TLS) when the cluster needs them. */
  public TopicAdmin(String bootstrapServers, Map<String, Object> clientProperties) {
    Properties p = new Properties();
    p.putAll(clientProperties);
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    admin = Admin.create(p);
  }

  /** Creates missing topics of the registry and verifies all of them. */
  public void ensureTopics(Layout layout) {
    ensureTopics(Topics.all(), layout);
  }

  public void ensureTopics(Collection<Topic<?, ?>> topics, Layout layout) {
    List<NewTopic> wanted = topics.stream().map(t -> newTopic(t, layout)).toList();
    List<String> created = new ArrayList<>();
    admin.createTopics(wanted).values().forEach((name, future) -> {
      try {
        future.get(TIMEOUT_S, TimeUnit.SECONDS);
        created.add(name);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("creating topic " + name + " failed", e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted creating " + name, e);
      } catch (TimeoutException e) {
        throw new IllegalStateException("timed out creating " + name, e);
      }
    });
    if (!created.isEmpty()) {
      LOG.info("created topics {}", created);
    }
    alignRetention(topics, layout);
    verify(topics, layout);
  }

  /**
   * Sets {@code cleanup.policy} and {@code retention.ms} of existing topics to what their
   * retention asks for (topics made before retention was explicit, or after the operator changed
   * a retention setting). Partitions and replication are never changed here; verify reports them.
   */
  private void alignRetention(Collection<Topic<?, ?>> topics, Layout layout) {
    List<ConfigResource> resources = topics.stream()
        .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList();
    Map<ConfigResource, Config> configs = onceVisible(() -> admin.describeConfigs(resources).all());
    Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
    for (Topic<?, ?> topic : topics) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
      Config current = configs.get(resource);
      List<AlterConfigOp> ops = new ArrayList<>();
      layout.retention().topicConfigs(topic.retention()).forEach((key, want) -> {
        String have = current.get(key).value();
        boolean same = key.equals(TopicConfig.CLEANUP_POLICY_CONFIG) ? policies(have).equals(policies(want))
            : have.equals(want);
        if (!same) {
          ops.add(new AlterConfigOp(new ConfigEntry(key, want), AlterConfigOp.OpType.SET));
        }
      });
      if (!ops.isEmpty()) {
        changes.put(resource, ops);
      }
    }
    if (!changes.isEmpty()) {
      get(admin.incrementalAlterConfigs(changes).all());
      LOG.info("set retention of existing topics {}", changes.keySet().stream().map(ConfigResource::name).sorted().toList());
      awaitVisible(changes);
    }
  }

  /** The broker asked applies an altered config from the metadata log a moment after the alter returns. */
  private void awaitVisible(Map<ConfigResource, Collection<AlterConfigOp>> changes) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
    while (true) {
      Map<ConfigResource, Config> now = onceVisible(() -> admin.describeConfigs(changes.keySet()).all());
      boolean visible = changes.entrySet().stream().allMatch(e -> e.getValue().stream().allMatch(op -> policies(
          now.get(e.getKey()).get(op.configEntry().name()).value()).equals(policies(op.configEntry().value()))));
      if (visible || System.nanoTime() > deadline) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Fails with every difference listed when a topic is missing or set up differently. */
  public void verify(Collection<Topic<?, ?>> topics, Layout layout) {
    List<String> names = topics.stream().map(Topic::name).toList();
    Map<String, TopicDescription> described = onceVisible(() -> admin.describeTopics(names).allTopicNames());
    List<ConfigResource> resources = names.stream()
        .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
    Map<ConfigResource, Config> configs = onceVisible(() -> admin.describeConfigs(resources).all());
    List<String> problems = new ArrayList<>();
    for (Topic<?, ?> topic : topics) {
      TopicDescription d = described.get(topic.name());
      if (d.partitions().size() < layout.partitions()) {
        problems.add(topic.name() + ": " + d.partitions().size() + " partitions, want " + layout.partitions());
      }
      int rf = d.partitions().get(0).replicas().size();
      if (rf != layout.replicationFactor()) {
        problems.add(topic.name() + ": replication factor " + rf + ", want " + layout.replicationFactor());
      }
      Config c = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()));
      String policy = c.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
      String wantPolicy = topic.retention().cleanupPolicy();
      if (!policies(policy).equals(policies(wantPolicy))) {
        problems.add(topic.name() + ": cleanup.policy " + policy + ", want " + wantPolicy);
      }
      long retentionMs = Long.parseLong(c.get(TopicConfig.RETENTION_MS_CONFIG).value());
      long wantMs = layout.retention().retentionMs(topic.retention());
      if (retentionMs != wantMs) {
        problems.add(topic.name() + ": retention.ms " + retentionMs + ", want " + wantMs
            + " (" + topic.retention().label() + ")");
      }
      String isr = c.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value();
      if (Integer.parseInt(isr) != layout.minInsyncReplicas()) {
        problems.add(topic.name() + ": min.insync.replicas " + isr + ", want " + layout.minInsyncReplicas());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("topics differ from the registry: " + problems);
    }
  }

  /**
   * Asks the cluster, waiting up to {@value #TIMEOUT_S} s for topics just created: on a
   * multi-broker cluster the broker asked may not have the new metadata yet.
   */
  private static <T> T onceVisible(java.util.function.Supplier<org.apache.kafka.common.KafkaFuture<T>> ask) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
    while (true) {
      try {
        return get(ask.get());
      } catch (IllegalStateException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /** True when none of the topics holds a record (first run of a fresh data directory). */
  public boolean isEmpty(Collection<Topic<?, ?>> topics) {
    List<String> names = topics.stream().map(Topic::name).toList();
    Map<String, TopicDescription> described = get(admin.describeTopics(names).allTopicNames());
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    described.values().forEach(d -> d.partitions().forEach(
        p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = get(admin.listOffsets(latest).all());
    return ends.values().stream().allMatch(info -> info.offset() == 0);
  }

  /**
   * The layout for whatever cluster this admin talks to: RF = min(3, brokers), min.insync.replicas 2
   * from three brokers up (1 below), so one command fits the embedded broker and a real cluster.
   */
  public Layout layoutForCluster(int partitions) {
    return layoutForCluster(partitions, RetentionPolicy.DEFAULTS);
  }

  /** As {@link #layoutForCluster(int)}, with the operator's retention durations. */
  public Layout layoutForCluster(int partitions, RetentionPolicy retention) {
    int brokers = get(admin.describeCluster().nodes()).size();
    short rf = (short) Math.min(3, brokers);
    return new Layout(partitions, rf, rf >= 3 ? 2 : 1, retention);
  }

  /** Names of the registry topics that exist on the cluster. */
  public List<String> existing() {
    var all = get(admin.listTopics().names());
    return Topics.all().stream().map(Topic::name).filter(all::contains).collect(Collectors.toList());
  }

  public Admin admin() {
    return admin;
  }

  @Override
  public void close() {
    admin.close();
  }

  private static NewTopic newTopic(Topic<?, ?> topic, Layout layout) {
    Map<String, String> configs = new HashMap<>(layout.retention().topicConfigs(topic.retention()));
    configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(layout.minInsyncReplicas()));
    return new NewTopic(topic.name(), layout.partitions(), layout.replicationFactor()).configs(configs);
  }

  /** {@code compact,delete} and {@code delete,compact} are the same policy. */
  private static Set<String> policies(String cleanupPolicy) {
    return Arrays.stream(cleanupPolicy.split(",")).map(String::trim).collect(Collectors.toSet());
  }

  private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
    try {
      return future.get(TIMEOUT_S, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not answer within " + TIMEOUT_S + " s", e);
    }
  }
}
