package org.crisisline.localstack;

import java.io.IOException;
import org.crisisline.kafkalocal.EmbeddedKafka;
import org.crisisline.kafkalocal.TopicAdmin;
import java.net.ServerSocket;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import org.crisisline.events.GroupMembership;
import org.crisisline.events.KafkaClientSecurity;
import org.crisisline.events.RetentionPolicy;
import org.crisisline.events.Topics;
import org.crisisline.intake.IntakeApp;
import org.crisisline.intake.IntakeConfig;
import org.crisisline.records.RecordsConfig;
import org.crisisline.notifier.NotifierApp;
import org.crisisline.notifier.NotifierConfig;
import org.crisisline.routing.RoutingApp;
import org.crisisline.routing.RoutingConfig;
import org.crisisline.smssink.SmsSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-command local run ({@code ./crisisline up}): an embedded KRaft broker (or the cluster
 * of {@code KAFKA_BOOTSTRAP_SERVERS}), every topic of the registry, GreenMail SMTP, the SMS sink
 * with its dev outbox, then routing-streams, intake and the notifier in this JVM, and the demo
 * data through intake's admin API when the responder and directory topics are empty. Closes
 * everything in reverse order, on {@link #close()} or Ctrl-C / SIGTERM. Writes topics only
 * through the services it starts.
 */
public final class LocalStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

  private final StackSettings settings;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final CountDownLatch closedLatch = new CountDownLatch(1);
  private boolean closed;
  private String bootstrap;
  private MailCatcher mail;
  private SmsSink sms;
  private EmbeddedKafka kafka;
  private RoutingApp routing;
  private IntakeApp intake;
  private NotifierApp notifier;
  private boolean demoLoaded;
  private long startMillis;

  private LocalStack(StackSettings settings) {
    this.settings = settings;
  }

  /** Starts the whole stack; on any failure closes what had started and throws. */
  public static LocalStack start(StackSettings settings) {
    LocalStack stack = new LocalStack(settings);
    try {
      stack.startAll();
    } catch (RuntimeException | Error e) {
      stack.close();
      throw e;
    }
    return stack;
  }

  private void startAll() {
    long began = System.currentTimeMillis();
    if (settings.externalBootstrap() == null) {
      kafka = track(EmbeddedKafka.builder().logDir(settings.kafkaDir())
          .ports(settings.kafkaPort()).controllerPort(settings.kafkaControllerPort()).start());
      bootstrap = kafka.bootstrapServers();
    } else {
      bootstrap = settings.externalBootstrap();
      LOG.info("using the Kafka cluster at {} (KAFKA_BOOTSTRAP_SERVERS); no embedded broker", bootstrap);
    }
    boolean fresh;
    // An external cluster may be secured: the same KAFKA_SECURITY_PROTOCOL / KAFKA_SASL_* the services use.
    Map<String, Object> security = settings.externalBootstrap() == null ? Map.of()
        : KafkaClientSecurity.fromEnv(settings.env()).clientProperties();
    try (TopicAdmin admin = new TopicAdmin(bootstrap, security)) {
      admin.ensureTopics(admin.layoutForCluster(3, RetentionPolicy.fromEnv(settings.env())));
      fresh = admin.isEmpty(List.of(Topics.RESPONDERS, Topics.DIRECTORY));
    }
    mail = track(new MailCatcher(settings.smtpPort()));
    sms = track(new SmsSink(settings.smsSinkPort(), StackSettings.SMS_ACCOUNT_SID, StackSettings.SMS_AUTH_TOKEN,
        mail::messages));
    Map<String, String> env = serviceEnv();
    LocalRecords records = LocalRecords.configure(settings.dataDir(), env);
    if (records != null) {
      track(records);
    }
    // The three services start side by side: nothing at start-up depends on another, and after a
    // crash every second counts until the next offer's SMS. The notifier needs only intake's address
    // for its links, known in advance unless intake takes any free port.
    CompletableFuture<RoutingApp> routingStart =
        CompletableFuture.supplyAsync(() -> track(RoutingApp.start(RoutingConfig.fromEnv(Map.copyOf(env)))));
    CompletableFuture<NotifierApp> notifierStart = null;
    try {
      if (settings.httpPort() != 0) {
        env.putIfAbsent("CRISISLINE_PUBLIC_URL", "http://localhost:" + settings.httpPort());
        Map<String, String> notifierEnv = Map.copyOf(env);
        notifierStart = CompletableFuture.supplyAsync(() -> track(NotifierApp.start(NotifierConfig.fromEnv(notifierEnv))));
      }
      intake = track(IntakeApp.start(IntakeConfig.fromEnv(env), RecordsConfig.fromEnv(env)));
      if (notifierStart == null) {
        env.putIfAbsent("CRISISLINE_PUBLIC_URL", intakeUrl());
        notifier = track(NotifierApp.start(NotifierConfig.fromEnv(env)));
      }
    } finally {
      try {
        if (notifierStart != null) {
          notifier = join(notifierStart);
        }
      } finally {
        routing = join(routingStart);
      }
    }
    if (fresh) {
      new DemoDataLoader(intakeUrl()).load(settings.demoPassword());
      demoLoaded = true;
    } else {
      LOG.info("topics already hold responders/services: keeping the data of {}", settings.dataDir());
    }
    startMillis = System.currentTimeMillis() - began;
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /** The environment the three services see: the stack's own choices over the process environment. */
  private Map<String, String> serviceEnv() {
    Map<String, String> env = new HashMap<>(settings.env());
    env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    env.put("CRISISLINE_DATA_DIR", settings.dataDir().toString());
    env.put("CRISISLINE_HTTP_PORT", String.valueOf(settings.httpPort()));
    env.put("CRISISLINE_NOTIFIER_PORT", String.valueOf(settings.notifierPort()));
    env.put("CRISISLINE_ROUTING_PORT", String.valueOf(settings.routingPort()));
    if (settings.externalBootstrap() == null) {
      // One instance of each service on its own broker: a restart after kill -9 rejoins the groups as
      // the same static member and gets its partitions back at once (on a shared cluster the operator
      // names each instance).
      env.putIfAbsent(GroupMembership.INSTANCE_ID_ENV, "local");
    }
    env.put("CRISISLINE_PII_KEY", settings.piiKey());
    env.put("CRISISLINE_LINK_SECRET", settings.linkSecret());
    env.put("CRISISLINE_JWT_SECRET", settings.jwtSecret());
    env.put("CRISISLINE_DEMO_PASSWORD", settings.demoPassword());
    env.put("CRISISLINE_DEV_OUTBOX_URL", sms.baseUrl() + "/outbox");
    // Mail and SMS always go to the local catchers: a demo must never reach real people.
    env.put("SMTP_HOST", "localhost");
    env.put("SMTP_PORT", String.valueOf(mail.port()));
    env.put("SMTP_STARTTLS", "DISABLED");
    env.remove("SMTP_USERNAME");
    env.remove("SMTP_PASSWORD");
    env.put("SMS_BASE_URL", sms.baseUrl());
    env.put("SMS_ACCOUNT_SID", StackSettings.SMS_ACCOUNT_SID);
    env.put("SMS_AUTH_TOKEN", StackSettings.SMS_AUTH_TOKEN);
    env.remove("SMS_MESSAGING_SERVICE_SID");
    return env;
  }

  public String bootstrapServers() {
    return bootstrap;
  }

  public String intakeUrl() {
    return "http://localhost:" + intake.port();
  }

  public String outboxUrl() {
    return sms.baseUrl() + "/outbox";
  }

  public MailCatcher mail() {
    return mail;
  }

  public SmsSink sms() {
    return sms;
  }

  public StackSettings settings() {
    return settings;
  }

  /** Every TCP port this stack listens on (broker, SMTP, SMS sink, the three services). */
  public List<Integer> boundPorts() {
    List<Integer> ports = new java.util.ArrayList<>();
    if (kafka != null) {
      kafka.brokerIds().forEach(id -> ports.add(kafka.brokerPort(id)));
      ports.add(kafka.controllerPort());
    }
    ports.addAll(List.of(mail.port(), sms.port(), routing.port(), intake.port(), notifier.port()));
    return ports;
  }

  /** True when this start found empty topics and loaded the demo data. */
  public boolean demoLoaded() {
    return demoLoaded;
  }

  public long startMillis() {
    return startMillis;
  }

  /** Closes services, sinks and broker in reverse start order; idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    while (!started.isEmpty()) {
      AutoCloseable c = started.pop();
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed: {}", c.getClass().getSimpleName(), e.toString());
      }
    }
    closedLatch.countDown();
  }

  public void awaitClosed() throws InterruptedException {
    closedLatch.await();
  }

  private synchronized <T extends AutoCloseable> T track(T resource) {
    if (closed) {
      // Ctrl-C arrived while starting: do not leave this one running.
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
      }
      throw new IllegalStateException("stopped while starting");
    }
    started.push(resource);
    return resource;
  }

  /** Fails early, naming the variable to change, when a fixed port is taken. */
  static void checkPortsFree(StackSettings settings) {
    settings.fixedPorts().forEach((var, port) -> {
      try (ServerSocket s = new ServerSocket(port)) {
        s.setReuseAddress(true);
      } catch (IOException e) {
        throw new IllegalStateException("port " + port + " is in use; stop what holds it or set " + var);
      }
    });
  }

  public static void main(String[] args) throws InterruptedException {
    StackSettings settings = StackSettings.fromEnv(System.getenv());
    try {
      checkPortsFree(settings);
    } catch (IllegalStateException e) {
      LOG.error("cannot start: {}", e.getMessage());
      System.exit(2);
    }
    LOG.info("starting crisisline local stack ({})", settings);
    LocalStack stack = new LocalStack(settings);
    // Registered before anything starts, so Ctrl-C during start-up also stops what is running.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("stopping crisisline ...");
      stack.close();
      LOG.info("crisisline stopped");
    }, "crisisline-shutdown"));
    try {
      stack.startAll();
    } catch (RuntimeException | Error e) {
      // Errors too (a missing class, out of memory): the broker's threads would keep the JVM alive.
      LOG.error("crisisline failed to start: {}", e.toString(), e);
      System.exit(1);
    }
    Banner.print(stack);
    stack.awaitClosed();
  }
}
