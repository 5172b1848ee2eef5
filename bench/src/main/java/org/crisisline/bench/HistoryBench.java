package org.crisisline.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.crisisline.events.CallerKeys;
import org.crisisline.events.GroupMembership;
import org.crisisline.events.PiiCipher;
import org.crisisline.events.RetentionPolicy;
import org.crisisline.events.Topics;
import org.crisisline.kafkalocal.EmbeddedKafka;
import org.crisisline.kafkalocal.TopicAdmin;
import org.crisisline.routing.RoutingTopics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./crisisline bench --history N}: intake's and routing's heap and restart time with N
 * completed requests of history. The broker and the contact-record database (PostgreSQL, its own
 * process) run from this JVM; intake and routing each run in a child JVM ({@link ServiceProcess}), so
 * each heap figure is that service's alone (in one JVM a heap cannot be split by owner honestly).
 * Steps: topics with their production retention; N requests through the topics
 * ({@link HistoryLoader}); routing's consumer group committed at the end of its input topics (what
 * routing leaves behind once it has handled them: its per-request state is purged
 * {@code retain.terminal} after the end, so its changelogs hold nothing for requests this old);
 * intake and routing started and ready; the records projector caught up with the topics; both
 * stopped (SIGTERM) and restarted on the same data one after the other, each timed from process
 * start to {@code /ready}; then a full GC in each and its heap. Writes {@code history.json}.
 */
final class HistoryBench {
  private static final Logger LOG = LoggerFactory.getLogger(HistoryBench.class);
  private static final Duration READY_MAX = Duration.ofMinutes(30);

  private HistoryBench() {}

  /** The figures of one run; seconds and MB. */
  record Result(long requests, long intakeHeapMb, long routingHeapMb, double intakeReadySeconds,
      double routingReadySeconds, double loadSeconds, double firstStartSeconds, double projectedSeconds,
      double loadAverage) {
    double readySeconds() {
      return Math.max(intakeReadySeconds, routingReadySeconds);
    }

    String json() {
      return String.format(Locale.ROOT, "{\"requests\": %d, \"intakeHeapMb\": %d, \"routingHeapMb\": %d, "
          + "\"readySeconds\": %.1f, \"intakeReadySeconds\": %.1f, \"routingReadySeconds\": %.1f, "
          + "\"loadSeconds\": %.1f, \"firstStartSeconds\": %.1f, \"projectedSeconds\": %.1f, "
          + "\"loadAverage\": %.2f}%n", requests, intakeHeapMb, routingHeapMb, readySeconds(), intakeReadySeconds,
          routingReadySeconds, loadSeconds, firstStartSeconds, projectedSeconds, loadAverage);
    }
  }

  static Result run(BenchOptions o) throws Exception {
    Path data = o.out().toAbsolutePath().resolve("history-data");
    Target.lock(o.out().toAbsolutePath());
    Target.deleteTree(data);
    Files.createDirectories(data);
    Path policy = data.resolve("policy.properties");
    Files.writeString(policy, "regions=north,south,east," + o.region() + "\n");
    double load = Resources.loadAverage();
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().logDir(data.resolve("kafka")).ports(0).controllerPort(0).start();
         EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(data.resolve("postgres"))
             .setCleanDataDirectory(true).start()) {
      String bootstrap = kafka.bootstrapServers();
      try (TopicAdmin admin = new TopicAdmin(bootstrap)) {
        admin.ensureTopics(admin.layoutForCluster(3, RetentionPolicy.DEFAULTS));
      }
      String pii = PiiCipher.generateKeyring("local1");
      long began = System.nanoTime();
      HistoryLoader loader = new HistoryLoader(PiiCipher.fromKeyring(pii), o.region(), Instant.now(),
          Duration.ofDays(365), Duration.ofDays(3));
      long records = loader.load(bootstrap, o.history());
      double loadSeconds = (System.nanoTime() - began) / 1e9;
      LOG.info("bench: {} requests ({} records) written in {} s", o.history(), records, Math.round(loadSeconds));
      commitRoutingAtEnd(bootstrap);

      Map<String, String> common = new HashMap<>();
      common.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
      common.put("CRISISLINE_DATA_DIR", data.toString());
      common.put(GroupMembership.INSTANCE_ID_ENV, "local");
      common.put("CRISISLINE_PII_KEY", pii);
      Map<String, String> routingEnv = new HashMap<>(common);
      int routingPort = freePort();
      routingEnv.put("CRISISLINE_ROUTING_PORT", String.valueOf(routingPort));
      routingEnv.put("CRISISLINE_ROUTING_POLICY", policy.toString());
      Map<String, String> intakeEnv = new HashMap<>(common);
      int intakePort = freePort();
      intakeEnv.put("CRISISLINE_HTTP_PORT", String.valueOf(intakePort));
      intakeEnv.put("CRISISLINE_LINK_SECRET", random(32));
      intakeEnv.put("CRISISLINE_JWT_SECRET", random(48));
      intakeEnv.put("CRISISLINE_REGIONS", "north,south,east," + o.region());
      intakeEnv.put("CRISISLINE_CALLER_KEY", CallerKeys.generate());
      String jdbc = pg.getJdbcUrl("postgres", "postgres");
      intakeEnv.put("CRISISLINE_RECORDS_JDBC_URL", jdbc);
      intakeEnv.put("CRISISLINE_RECORDS_DB_USER", "postgres");
      intakeEnv.put("CRISISLINE_INTAKE_START_TIMEOUT_SECONDS", String.valueOf(READY_MAX.toSeconds()));
      routingEnv.put("CRISISLINE_ROUTING_START_TIMEOUT_SECONDS", String.valueOf(READY_MAX.toSeconds()));
      ServiceProcess routing = new ServiceProcess("routing", "org.crisisline.routing.RoutingApp", "512m", routingEnv,
          routingPort, data.resolve("routing.log"));
      ServiceProcess intake = new ServiceProcess("intake", "org.crisisline.intake.IntakeApp", "1g", intakeEnv,
          intakePort, data.resolve("intake.log"));
      try {
        long first = System.nanoTime();
        routing.start();
        intake.start();
        intake.awaitReady(first, READY_MAX);
        double firstStart = routing.awaitReady(first, READY_MAX);
        firstStart = Math.max(firstStart, (System.nanoTime() - first) / 1e9);
        LOG.info("bench: first start of intake and routing ready after {} s; waiting for the records projector",
            Math.round(firstStart));
        awaitProjected(bootstrap, jdbc, READY_MAX);
        double projected = (System.nanoTime() - first) / 1e9;
        LOG.info("bench: records database caught up {} s after start; restarting intake, then routing",
            Math.round(projected));
        intake.stop();
        routing.stop();
        long t = System.nanoTime();
        intake.start();
        double intakeReady = intake.awaitReady(t, READY_MAX);
        t = System.nanoTime();
        routing.start();
        double routingReady = routing.awaitReady(t, READY_MAX);
        long intakeHeap = intake.heapAfterFullGcMb();
        long routingHeap = routing.heapAfterFullGcMb();
        Result r = new Result(o.history(), intakeHeap, routingHeap, intakeReady, routingReady, loadSeconds, firstStart,
            projected, load);
        Files.createDirectories(o.out());
        Files.writeString(o.out().resolve("history.json"), r.json());
        return r;
      } finally {
        intake.stop();
        routing.stop();
      }
    }
  }

  /** Commits routing's group at the end of the history topics it consumes, as routing would have. */
  private static void commitRoutingAtEnd(String bootstrap) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Map<TopicPartition, OffsetAndMetadata> ends = endOffsets(admin,
          List.of(Topics.HELP_REQUESTS.name(), Topics.OFFER_ANSWERS.name())).entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue())));
      admin.alterConsumerGroupOffsets(RoutingTopics.DEFAULT_APPLICATION_ID, ends).all().get();
    }
  }

  private static Map<TopicPartition, Long> endOffsets(Admin admin, List<String> topics) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    admin.describeTopics(topics).allTopicNames().get().forEach((name, d) -> d.partitions()
        .forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
    return admin.listOffsets(latest).all().get().entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  /**
   * Waits until the projector's stored offsets reach the end of the history topics it reads, less one:
   * a partition may end with a transaction marker (routing's writes), which is no record and never
   * stored. (The loaded history itself has no markers, so its last record may be the one not waited for.)
   */
  private static void awaitProjected(String bootstrap, String jdbc, Duration max) throws Exception {
    // The history topics the projector reads (it does not read offers).
    List<String> topics = List.of(Topics.HELP_REQUESTS.name(), Topics.OFFER_ANSWERS.name(),
        Topics.REQUEST_STATUS.name());
    Map<TopicPartition, Long> ends;
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      ends = endOffsets(admin, topics);
    }
    long until = System.nanoTime() + max.toNanos();
    long lastLog = System.nanoTime();
    while (System.nanoTime() < until) {
      Map<TopicPartition, Long> stored = stored(jdbc);
      long behind = ends.entrySet().stream()
          .mapToLong(e -> Math.max(0, e.getValue() - 1 - stored.getOrDefault(e.getKey(), 0L))).sum();
      if (behind == 0) {
        return;
      }
      if (System.nanoTime() - lastLog > 30_000_000_000L) {
        LOG.info("bench: records projector {} records behind", behind);
        lastLog = System.nanoTime();
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("records projector did not catch up within " + max);
  }

  private static Map<TopicPartition, Long> stored(String jdbc) {
    Map<TopicPartition, Long> out = new HashMap<>();
    try (Connection c = DriverManager.getConnection(jdbc, "postgres", null);
         ResultSet rs = c.createStatement().executeQuery("SELECT topic, partition, next_offset FROM topic_offsets")) {
      while (rs.next()) {
        out.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
      }
    } catch (SQLException e) {
      // the schema is not there yet: intake creates it when it starts
    }
    return out;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
