package org.crisisline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.crisisline.events.AgeGroup;
import org.crisisline.events.Channel;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Ids;
import org.crisisline.events.Need;
import org.crisisline.events.QueueSnapshot;
import org.crisisline.events.RequestEvent;
import org.crisisline.events.Sealed;
import org.crisisline.events.Topics;
import org.crisisline.events.Urgency;
import org.crisisline.kafkalocal.EmbeddedKafka;
import org.crisisline.kafkalocal.TopicAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./crisisline bench --waiting N}: routing-streams' heap with N requests waiting. Starts an
 * embedded broker here and routing-streams alone in a child JVM ({@code -Xmx512m}, the target, so
 * an overrun fails loudly), writes N {@link HelpRequestLogged} (CRISIS_COUNSELLING, mixed urgency,
 * sealed PII of a realistic size) to {@code help-requests} for a region nobody serves, waits until
 * routing's queue snapshot counts all N waiting, then asks the child for a full GC
 * ({@code jcmd GC.run}) and reads its heap ({@code jcmd GC.heap_info}). Writes waiting-heap.md.
 */
final class WaitingHeap {
  private static final Logger LOG = LoggerFactory.getLogger(WaitingHeap.class);
  private static final Pattern USED = Pattern.compile("used (\\d+)K");

  private WaitingHeap() {}

  static void run(BenchOptions o) throws Exception {
    Path data = o.out().toAbsolutePath().resolve("waiting-data");
    Target.deleteTree(data);
    Files.createDirectories(data);
    Path policy = data.resolve("policy.properties");
    Files.writeString(policy, "regions=north,south,east," + o.region() + "\n");
    double load = Resources.loadAverage();
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().logDir(data.resolve("kafka")).ports(0).controllerPort(0).start()) {
      try (TopicAdmin admin = new TopicAdmin(kafka.bootstrapServers())) {
        admin.ensureTopics(TopicAdmin.Layout.LOCAL);
      }
      Process routing = startRouting(kafka.bootstrapServers(), data, policy);
      try {
        Instant began = Instant.now();
        produce(kafka.bootstrapServers(), o.region(), o.waiting());
        LOG.info("bench: {} requests written in {} ms; waiting for routing to queue them", o.waiting(),
            Duration.between(began, Instant.now()).toMillis());
        long queued = awaitQueued(kafka.bootstrapServers(), o.region(), o.waiting(), Duration.ofMinutes(10));
        Duration ingest = Duration.between(began, Instant.now());
        String before = jcmd(routing.pid(), "GC.heap_info");
        jcmd(routing.pid(), "GC.run");
        String after = jcmd(routing.pid(), "GC.heap_info");
        long usedMb = usedKb(after) / 1024;
        String report = String.format(Locale.ROOT, """
            # routing-streams heap with requests waiting

            %d requests waiting (queue snapshot of %s/HOTLINE_COUNSELLOR counted %d) after %d s; routing-streams
            alone in a child JVM with -Xmx512m (G1); load average %.2f at start.

            **heap used after a full GC: %d MB** (target ≤ 512 MB)

            jcmd GC.heap_info before the GC:
            ```
            %s```
            after `jcmd GC.run`:
            ```
            %s```
            """, o.waiting(), o.region(), queued, ingest.toSeconds(), load, usedMb, before, after);
        Files.createDirectories(o.out());
        Files.writeString(o.out().resolve("waiting-heap.md"), report);
        System.out.println(report);
      } finally {
        routing.destroy();
        if (!routing.waitFor(20, TimeUnit.SECONDS)) {
          routing.destroyForcibly();
        }
      }
    }
  }

  private static Process startRouting(String bootstrap, Path data, Path policy) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-XX:+UseG1GC",
        "-Dlogback.configurationFile=" + System.getProperty("logback.configurationFile", ""),
        "-cp", System.getProperty("java.class.path"), "org.crisisline.routing.RoutingApp");
    Map<String, String> env = pb.environment();
    env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    env.put("CRISISLINE_DATA_DIR", data.toString());
    env.put("CRISISLINE_ROUTING_PORT", String.valueOf(port));
    env.put("CRISISLINE_ROUTING_POLICY", policy.toString());
    pb.redirectErrorStream(true).redirectOutput(data.resolve("routing.log").toFile());
    Process p = pb.start();
    LOG.info("bench: routing-streams started in child JVM pid {} (log {})", p.pid(), data.resolve("routing.log"));
    return p;
  }

  private static void produce(String bootstrap, String region, int n) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    Urgency[] urgencies = {Urgency.HIGH, Urgency.MODERATE, Urgency.LOW};
    String cipher = Base64.getEncoder().encodeToString(new byte[96]);
    try (KafkaProducer<String, RequestEvent> producer = new KafkaProducer<>(p,
        Topics.HELP_REQUESTS.keySerde().serializer(), Topics.HELP_REQUESTS.valueSerde().serializer())) {
      for (int i = 0; i < n; i++) {
        String id = Ids.newId();
        HelpRequestLogged r = new HelpRequestLogged(Ids.newId(), Instant.now(), id, Channel.PHONE,
            urgencies[i % urgencies.length], Need.CRISIS_COUNSELLING, null, "en", region, "97201", AgeGroup.ADULT,
            List.of(), new Sealed("local1", cipher), new Sealed("local1", cipher), false, "bench");
        producer.send(new ProducerRecord<>(Topics.HELP_REQUESTS.name(), id, r));
      }
      producer.flush();
    }
  }

  /** Reads queue-snapshots until the region's pool counts {@code n} waiting; returns the count seen. */
  private static long awaitQueued(String bootstrap, String region, int n, Duration max) {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "crisisline-bench-heap-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    var values = Topics.QUEUE_SNAPSHOTS.valueSerde().deserializer();
    long seen = 0;
    long until = System.nanoTime() + max.toNanos();
    long lastLog = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.QUEUE_SNAPSHOTS.name()));
      while (System.nanoTime() < until) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          QueueSnapshot s = values.deserialize(r.topic(), r.value());
          if (s != null && region.equals(s.region())) {
            seen = s.waitingByUrgency().values().stream().mapToLong(Integer::longValue).sum();
          }
        }
        if (seen >= n) {
          return seen;
        }
        if (System.nanoTime() - lastLog > 10_000_000_000L) {
          LOG.info("bench: routing counts {} waiting so far", seen);
          lastLog = System.nanoTime();
        }
      }
    }
    throw new IllegalStateException("routing counted only " + seen + " of " + n + " waiting within " + max);
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  static long usedKb(String heapInfo) {
    Matcher m = USED.matcher(heapInfo);
    if (!m.find()) {
      throw new UncheckedIOException(new IOException("no heap figure in: " + heapInfo));
    }
    return Long.parseLong(m.group(1));
  }
}
