package org.crisisline.bench;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.crisisline.routing.RoutingConfig;
import org.crisisline.routing.RoutingTopology;
import org.crisisline.routing.streams.EarlyCommit;

/**
 * The exactly-once part of the floor: a Kafka Streams identity topology, {@code in → mid → out},
 * each arrow one stream task forwarding the record unchanged, run with routing's own Streams
 * configuration ({@link RoutingTopology#streamsConfig}: exactly_once_v2, routing's
 * {@code commit.interval.ms}, {@code poll.ms}, producer retry backoff) on one stream thread, and the
 * same early-commit rule per processor kind ({@link EarlyCommit}: after a quiet spell of {@link
 * RoutingTopology#EARLY_COMMIT_QUIET_MILLIS}, or paced by how long the thread's commits take). No state, no serde beyond bytes: what a
 * transactional router costs whatever it decides. {@code mid} seen by a read_committed consumer is
 * one hop; {@code out} is two.
 */
final class EosFloor implements AutoCloseable {
  static final String IN = "crisisline.bench-eos-in";
  static final String MID = "crisisline.bench-eos-mid";
  static final String OUT = "crisisline.bench-eos-out";

  private final KafkaStreams streams;

  EosFloor(String bootstrap, Path stateDir) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      for (String t : List.of(IN, MID, OUT)) {
        try {
          admin.createTopics(List.of(new NewTopic(t, 3, (short) 1))).all().get();
        } catch (Exception e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create " + t, e);
          }
        }
      }
    }
    RoutingConfig routing = RoutingConfig.fromEnv(withRoutingCommitInterval(Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
        "CRISISLINE_ROUTING_APPLICATION_ID", "crisisline-bench-eos-floor-" + UUID.randomUUID(),
        "CRISISLINE_DATA_DIR", stateDir.toString(),
        "CRISISLINE_ROUTING_THREADS", "1")));
    Properties p = RoutingTopology.streamsConfig(routing);
    p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 0);
    StreamsBuilder b = new StreamsBuilder();
    EarlyCommit first = new EarlyCommit(RoutingTopology.EARLY_COMMIT_QUIET_MILLIS);
    EarlyCommit second = new EarlyCommit(RoutingTopology.EARLY_COMMIT_QUIET_MILLIS);
    b.stream(IN, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("eos-in"))
        .process(() -> new Identity(first), Named.as("hop-1"))
        .to(MID, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("to-mid"));
    b.stream(MID, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("eos-mid"))
        .process(() -> new Identity(second), Named.as("hop-2"))
        .to(OUT, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("to-out"));
    streams = new KafkaStreams(b.build(), p);
    streams.start();
    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < until) {
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
    }
    if (streams.state() != KafkaStreams.State.RUNNING) {
      throw new IllegalStateException("the exactly-once floor topology did not start: " + streams.state());
    }
  }

  /** Routing's commit interval as the stack under test got it (the same variable, the same default). */
  private static Map<String, String> withRoutingCommitInterval(Map<String, String> env) {
    Map<String, String> out = new java.util.HashMap<>(env);
    String interval = System.getenv("CRISISLINE_ROUTING_COMMIT_INTERVAL_MS");
    if (interval != null && !interval.isBlank()) {
      out.put("CRISISLINE_ROUTING_COMMIT_INTERVAL_MS", interval);
    }
    return out;
  }

  /** Forwards each record unchanged; commits early on the same rule as routing's processors. */
  private static final class Identity implements Processor<byte[], byte[], byte[], byte[]> {
    private final EarlyCommit early;
    private ProcessorContext<byte[], byte[]> context;

    Identity(EarlyCommit early) {
      this.early = early;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
      this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
      EarlyCommit.Reason why = early.wanted(record.timestamp(), context);
      context.forward(record);
      if (why != null) {
        early.commit(context, why);
      }
    }
  }

  static long dueOf(byte[] value) {
    return ByteBuffer.wrap(value).getLong();
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(10));
  }
}
