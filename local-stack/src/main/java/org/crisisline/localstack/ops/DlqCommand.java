package org.crisisline.localstack.ops;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.crisisline.events.DeadLetters;
import org.crisisline.events.Topics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./crisisline dlq list | replay}. Reads {@code dead-letters} (raw bytes, read_committed, no
 * consumer group: listing moves nothing). {@code replay P:O ...} re-publishes exactly the named dead
 * letters, original key and value bytes, to the topic in their {@code dlq.topic} header, with a
 * {@value #REPLAY_OF} header naming the dead letter. Before sending it scans the source topic for that
 * header, so running the same replay twice publishes once ({@code --force} sends again).
 * Never prints values: they may hold sealed PII.
 */
@Command(name = "dlq", mixinStandardHelpOptions = true, versionProvider = Ops.Version.class,
    description = "Dead letters. See: dlq list --help, dlq replay --help", synopsisSubcommandLabel = "(list | replay)")
final class DlqCommand {
  /** Header on a replayed record: {@code dead-letters:<partition>:<offset>}. */
  static final String REPLAY_OF = "dlq.replay-of";
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Pattern ID = Pattern.compile("\\d+:\\d+");

  private DlqCommand() {}

  static CommandLine commandLine(Ops.Context ctx) {
    return new CommandLine(new DlqCommand())
        .addSubcommand(new CommandLine(new ListCommand(ctx)))
        .addSubcommand(new CommandLine(new ReplayCommand(ctx)));
  }

  @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Ops.Version.class,
      description = {"The newest dead letters: partition:offset, when, source topic[partition@offset], writer, "
          + "exception and reason, key, value size.", "Values are never printed (they may hold sealed PII). "
          + "Reads without a consumer group: listing moves nothing."})
  static final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--source", paramLabel = "TOPIC", description = "Only dead letters from this topic.")
    String source;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
        description = "Show the last N (default ${DEFAULT-VALUE}).")
    int limit;

    private final Ops.Context ctx;

    ListCommand(Ops.Context ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      Ops.atLeast(spec.commandLine(), "--limit", limit, 1);
      return list(ctx.reachableConnection(), source, limit, ctx.out());
    }
  }

  @Command(name = "replay", mixinStandardHelpOptions = true, versionProvider = Ops.Version.class,
      description = {"Re-publish the named dead letters (original key, value and headers) to their source topic, "
          + "with a dlq.replay-of header.", "Replaying the same one again publishes nothing unless --force. "
          + "Exit 1 when one is not found."})
  static final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "P:O", arity = "1..*", description = "partition:offset of a dead letter (see dlq list).")
    java.util.List<String> ids;

    @Option(names = "--force", description = "Send again even when already replayed.")
    boolean force;

    private final Ops.Context ctx;

    ReplayCommand(Ops.Context ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      Set<String> wanted = new LinkedHashSet<>();
      for (String id : ids) {
        if (!ID.matcher(id).matches()) {
          throw new ParameterException(spec.commandLine(),
              "replay takes partition:offset of dead letters (see dlq list), not '" + id + "'");
        }
        wanted.add(id);
      }
      return replay(ctx.reachableConnection(), wanted, force, ctx.out());
    }
  }

  private static int list(Ops.Connection c, String source, int limit, PrintStream out) {
    List<ConsumerRecord<byte[], byte[]>> shown = new ArrayList<>();
    scan(c, Topics.DEAD_LETTERS.name(), r -> {
      if (source == null || source.equals(DeadLetters.header(r.headers(), DeadLetters.SOURCE_TOPIC))) {
        shown.add(r);
      }
    });
    List<ConsumerRecord<byte[], byte[]>> last = shown.subList(Math.max(0, shown.size() - limit), shown.size());
    for (ConsumerRecord<byte[], byte[]> r : last) {
      out.printf("%d:%d  %s  from %s[%s@%s]  by %s  %s: %s  key=%s  value=%d bytes%n", r.partition(), r.offset(),
          Instant.ofEpochMilli(r.timestamp()), h(r, DeadLetters.SOURCE_TOPIC), h(r, DeadLetters.SOURCE_PARTITION),
          h(r, DeadLetters.SOURCE_OFFSET), h(r, DeadLetters.WRITER), h(r, DeadLetters.EXCEPTION),
          h(r, DeadLetters.REASON), r.key() == null ? "-" : new String(r.key(), StandardCharsets.UTF_8),
          r.value() == null ? 0 : r.value().length);
    }
    out.println(last.size() + " of " + shown.size() + " dead letter(s)");
    return 0;
  }

  private static int replay(Ops.Connection c, Set<String> wanted, boolean force, PrintStream out) {
    Map<String, ConsumerRecord<byte[], byte[]>> found = new LinkedHashMap<>();
    scan(c, Topics.DEAD_LETTERS.name(), r -> {
      if (wanted.contains(r.partition() + ":" + r.offset())) {
        found.put(r.partition() + ":" + r.offset(), r);
      }
    });
    wanted.stream().filter(w -> !found.containsKey(w)).forEach(w -> out.println(w + "  not found in dead-letters"));
    Set<String> already = new HashSet<>();
    if (!force) {
      found.values().stream().map(r -> h(r, DeadLetters.SOURCE_TOPIC)).distinct().forEach(topic -> scan(c, topic, r -> {
        String of = DeadLetters.header(r.headers(), REPLAY_OF);
        if (of != null) {
          already.add(of);
        }
      }));
    }
    int sent = 0;
    try (KafkaProducer<byte[], byte[]> producer = producer(c)) {
      for (Map.Entry<String, ConsumerRecord<byte[], byte[]>> e : found.entrySet()) {
        ConsumerRecord<byte[], byte[]> r = e.getValue();
        String id = Topics.DEAD_LETTERS.name() + ":" + e.getKey();
        String target = h(r, DeadLetters.SOURCE_TOPIC);
        if (already.contains(id)) {
          out.println(e.getKey() + "  already replayed to " + target + " (use --force to send again)");
          continue;
        }
        if (target == null || !target.startsWith(Topics.PREFIX)) {
          out.println(e.getKey() + "  has no crisisline source topic header; skipped");
          continue;
        }
        RecordHeaders headers = new RecordHeaders();
        r.headers().forEach(hd -> {
          if (!hd.key().startsWith("dlq.")) {
            headers.add(hd);
          }
        });
        headers.add(REPLAY_OF, id.getBytes(StandardCharsets.UTF_8));
        try {
          producer.send(new ProducerRecord<>(target, null, r.key(), r.value(), headers)).get();
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", ex);
        } catch (java.util.concurrent.ExecutionException ex) {
          throw new IllegalStateException("replaying " + e.getKey() + " failed: " + ex.getCause().getMessage(), ex);
        }
        out.println(e.getKey() + "  replayed to " + target);
        sent++;
      }
    }
    out.println(sent + " replayed");
    return found.size() == wanted.size() ? 0 : 1;
  }

  /** Every committed record of {@code topic} from the beginning to the end offsets seen at start. */
  static void scan(Ops.Connection c, String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
    Properties p = c.clientProperties();
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "crisisline-ops-dlq");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(10));
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("reading " + topic + " did not reach its end within 120 s");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
          if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
            each.accept(r);
          }
        }
      }
    }
  }

  private static KafkaProducer<byte[], byte[]> producer(Ops.Connection c) {
    Properties p = c.clientProperties();
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "crisisline-ops-replay");
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static String h(ConsumerRecord<byte[], byte[]> r, String name) {
    return DeadLetters.header(r.headers(), name);
  }
}
