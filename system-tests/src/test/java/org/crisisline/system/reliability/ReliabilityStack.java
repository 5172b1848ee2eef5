package org.crisisline.system.reliability;

import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.crisisline.events.PiiCipher;
import org.crisisline.intake.IntakeApp;
import org.crisisline.intake.IntakeConfig;
import org.crisisline.kafkalocal.EmbeddedKafka;
import org.crisisline.kafkalocal.TopicAdmin;

/**
 * The system under fault: a KRaft cluster of {@code brokers} in this JVM (topics RF 3,
 * min.insync.replicas 2 when there are 3), {@code routingInstances} routing-streams JVMs and
 * optionally one notifier JVM ({@link ChildJvm}, SIGKILL-able), intake in this JVM, a GreenMail SMTP
 * server that can be taken down and brought back on the same port, and a {@link FlakySmsProvider}.
 * The routing policy is the run's ({@link #POLICY}): short offer timeouts and lifetimes so that
 * requests reach terminal states within a CI run. Everything lives under {@code target/reliability/<run>}.
 * Writes no records itself (intake, routing and notifier do).
 */
final class ReliabilityStack implements AutoCloseable {
  static final String PASSWORD = "reliability-demo-password";
  static final List<String> REGIONS = List.of("rel-north", "rel-south", "rel-east", "rel-west");
  /** Offer timeouts (s) by urgency rank order IMMINENT, HIGH, MODERATE, LOW; lifetimes below. */
  static final String POLICY = String.join("\n",
      "offer.timeout.IMMINENT_RISK=3", "offer.timeout.HIGH=4", "offer.timeout.MODERATE=5", "offer.timeout.LOW=5",
      "sla.IMMINENT_RISK=10", "sla.HIGH=15", "sla.MODERATE=20", "sla.LOW=30",
      "aging.HIGH=0", "aging.MODERATE=5", "aging.LOW=10", "specialty.relax.after=5",
      "ttl.IMMINENT_RISK=30", "ttl.HIGH=40", "ttl.MODERATE=50", "ttl.LOW=60", "ttl.accepted=45",
      "retain.terminal=3600",
      "regions=" + String.join(",", REGIONS),
      "backup.rel-north=rel-south", "backup.rel-south=rel-north", "backup.rel-east=rel-west", "backup.rel-west=rel-east",
      "emergency.region=", "referral.retry=5", "snapshot.min.interval.millis=1000", "snapshot.refresh=5",
      // No service answers referrals in this run: each moves on after 4 s and, its region having one
      // service, is handed to a peer specialist, so it still ends terminal within the run.
      "referral.ack.timeout=4",
      // Paging: the run's on-call schedule, acknowledged by nobody, so every alert pages twice
      // (two passes 8 s apart) and notifier kills fall among pages too.
      "page.steps=" + Traffic.ON_CALL_SCHEDULE, "page.ack.timeout=8", "page.repeat=1", "page.after.misses=2",
      // Caring contacts within the run: follow-ups of consenting callers fall due while the notifier is
      // killed and restarted, so duplicate_sends covers their caring SMS too. Every urgency has a plan
      // here (only IMMINENT_RISK and HIGH by default), so that enough of the few requests a slow machine
      // completes under faults are followed up for the run to see caring messages.
      "followup.plan.IMMINENT_RISK=6s,14s", "followup.plan.HIGH=6s,14s", "followup.plan.MODERATE=6s,14s",
      "followup.plan.LOW=6s,14s", "followup.attempts=2", "followup.retry=5s",
      "");
  static final Duration MAX_TTL = Duration.ofSeconds(60);

  final Path dir;
  final EmbeddedKafka kafka;
  final List<ChildJvm> routing = new ArrayList<>();
  final ChildJvm notifier;
  final Mail mail;
  final FlakySmsProvider sms;
  /** Intake in this JVM, or null when the run asked for a bounded one in its own ({@link #bounded}). */
  final IntakeApp intake;
  final BoundedIntake bounded;
  final String appId = "rel-routing";

  ReliabilityStack(String run, int brokers, int routingInstances, int standbyReplicas, boolean withNotifier) {
    try {
      dir = Files.createDirectories(Path.of("target", "reliability", run)).toAbsolutePath();
      Files.writeString(dir.resolve("routing-policy.properties"), POLICY);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    kafka = EmbeddedKafka.builder().brokers(brokers).logDir(dir.resolve("kafka")).start();
    try (TopicAdmin admin = new TopicAdmin(kafka.bootstrapServers())) {
      admin.ensureTopics(admin.layoutForCluster(3));
    }
    String bootstrap = kafka.bootstrapServers();
    int rf = Math.min(3, brokers);
    for (int i = 1; i <= routingInstances; i++) {
      Map<String, String> env = new HashMap<>();
      env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
      env.put("CRISISLINE_ROUTING_PORT", Integer.toString(freePort()));
      env.put("CRISISLINE_DATA_DIR", dir.resolve("routing-" + i).toString());
      env.put("CRISISLINE_ROUTING_POLICY", dir.resolve("routing-policy.properties").toString());
      env.put("CRISISLINE_ROUTING_REPLICATION_FACTOR", Integer.toString(rf));
      env.put("CRISISLINE_ROUTING_APPLICATION_ID", appId);
      env.put("CRISISLINE_ROUTING_STANDBY_REPLICAS", Integer.toString(standbyReplicas));
      env.put("CRISISLINE_ROUTING_START_TIMEOUT_SECONDS", "120");
      routing.add(new ChildJvm("routing-" + i, "org.crisisline.routing.RoutingApp", env,
          Integer.parseInt(env.get("CRISISLINE_ROUTING_PORT")), dir));
    }
    mail = new Mail(freePort());
    sms = new FlakySmsProvider(withNotifier ? 0.20 : 0, withNotifier ? 0.05 : 0, 3000);
    Map<String, String> intakeEnv = new HashMap<>();
    intakeEnv.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    intakeEnv.put("CRISISLINE_HTTP_PORT", "0");
    intakeEnv.put("CRISISLINE_PII_KEY", PiiCipher.generateKeyring("rel-" + run));
    intakeEnv.put("CRISISLINE_DEMO_PASSWORD", PASSWORD);
    intakeEnv.put("CRISISLINE_LINK_SECRET", "rel-link-secret-" + run);
    intakeEnv.put("CRISISLINE_JWT_SECRET", "rel-jwt-secret-" + run + "-" + java.util.UUID.randomUUID());
    intakeEnv.put("CRISISLINE_INTAKE_CLIENT_ID", "rel-intake-" + run);
    intakeEnv.put("CRISISLINE_RATE_LIMIT_PER_MINUTE", "10000000");
    intakeEnv.put("CRISISLINE_REGIONS", String.join(",", REGIONS));
    intakeEnv.put("CRISISLINE_JWT_TTL_SECONDS", "86400");
    intakeEnv.put("CRISISLINE_LINK_SECRET", "rel-link-secret-" + run);
    if (BoundedIntake.requested()) {
      bounded = new BoundedIntake(intakeEnv, dir);
      intake = null;
    } else {
      bounded = null;
      intake = IntakeApp.start(IntakeConfig.fromEnv(intakeEnv));
    }
    if (withNotifier) {
      Map<String, String> env = new HashMap<>();
      env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
      env.put("CRISISLINE_NOTIFIER_PORT", Integer.toString(freePort()));
      env.put("SMTP_HOST", "127.0.0.1");
      env.put("SMTP_PORT", Integer.toString(mail.port));
      env.put("SMS_BASE_URL", sms.baseUrl());
      env.put("SMS_AUTH_TOKEN", "rel-sms-token-" + run);
      env.put("CRISISLINE_LINK_SECRET", intakeEnv.get("CRISISLINE_LINK_SECRET"));
      env.put("CRISISLINE_PUBLIC_URL", intakeUrl());
      env.put("CRISISLINE_LINK_SECRET", intakeEnv.get("CRISISLINE_LINK_SECRET"));
      env.put("CRISISLINE_NOTIFIER_GROUP", "rel-notifier");
      env.put("CRISISLINE_NOTIFIER_SEND_TIMEOUT_MS", "2000");
      env.put("CRISISLINE_NOTIFIER_STATUS_POLL_SECONDS", "0");
      env.put("CRISISLINE_NOTIFIER_RATE_PER_RESPONDER", "120");
      env.put("CRISISLINE_NOTIFIER_RATE_GLOBAL", "500");
      env.put("CRISISLINE_NOTIFIER_RETRY_INITIAL_MS", "200");
      env.put("CRISISLINE_NOTIFIER_RETRY_MAX_MS", "2000");
      // Follow-ups' caring messages go out (their sends are counted like offers'): the caller's sealed
      // contact opens with intake's keyring; a caller key of its own, as the run texts no STOP
      env.put("CRISISLINE_PII_KEY", intakeEnv.get("CRISISLINE_PII_KEY"));
      env.put("CRISISLINE_CALLER_KEY", org.crisisline.events.CallerKeys.generate());
      notifier = new ChildJvm("notifier", "org.crisisline.notifier.NotifierApp", env,
          Integer.parseInt(env.get("CRISISLINE_NOTIFIER_PORT")), dir);
    } else {
      notifier = null;
    }
  }

  /** Starts every child JVM and waits until all report ready. */
  ReliabilityStack startChildren() {
    routing.forEach(ChildJvm::start);
    if (notifier != null) {
      notifier.start();
    }
    List<ChildJvm> all = new ArrayList<>(routing);
    if (bounded != null) {
      all.add(bounded.jvm());
    }
    if (notifier != null) {
      all.add(notifier);
    }
    await("child JVMs ready").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
        .until(() -> all.stream().allMatch(ChildJvm::ready));
    return this;
  }

  String bootstrap() {
    return kafka.bootstrapServers();
  }

  String intakeUrl() {
    return bounded != null ? bounded.url() : "http://localhost:" + intake.port();
  }

  static String newRun(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    routing.forEach(ChildJvm::kill);
    if (notifier != null) {
      notifier.kill();
    }
    closeQuietly(intake);
    closeQuietly(bounded);
    closeQuietly(sms);
    closeQuietly(mail);
    closeQuietly(kafka);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      if (c != null) {
        c.close();
      }
    } catch (Exception e) {
      // The rest must still be released; ports matter more than one close error.
    }
  }

  /**
   * GreenMail on a fixed port that can go down and come back; counts what it received, per
   * "offerId/EMAIL" (header X-Crisisline-Offer-Id), across restarts.
   */
  static final class Mail implements AutoCloseable {
    final int port;
    private final Map<String, Integer> before = new HashMap<>();
    private GreenMail server;

    Mail(int port) {
      this.port = port;
      start();
    }

    synchronized void start() {
      server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
      server.start();
    }

    synchronized void stop() {
      if (server != null) {
        count(server, before);
        server.stop();
        server = null;
      }
    }

    synchronized Map<String, Integer> takenByOffer() {
      Map<String, Integer> all = new HashMap<>(before);
      if (server != null) {
        count(server, all);
      }
      return all;
    }

    private static void count(GreenMail gm, Map<String, Integer> into) {
      for (MimeMessage m : gm.getReceivedMessages()) {
        try {
          String[] h = m.getHeader("X-Crisisline-Offer-Id");
          into.merge((h == null ? "<none>" : h[0]) + "/EMAIL", 1, Integer::sum);
        } catch (MessagingException e) {
          into.merge("<unreadable>/EMAIL", 1, Integer::sum);
        }
      }
    }

    @Override
    public void close() {
      stop();
    }
  }
}
