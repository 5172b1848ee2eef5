package org.crisisline.intake;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.crisisline.events.CallerKeys;
import org.crisisline.events.DataKeyTable;
import org.crisisline.events.DataKeys;
import org.crisisline.events.PiiCipher;
import org.crisisline.events.ResponderProfile;
import org.crisisline.intake.auth.DemoAccounts;
import org.crisisline.intake.auth.StreamTickets;
import org.crisisline.intake.auth.TokenService;
import org.crisisline.intake.domain.RequestValidator;
import org.crisisline.intake.http.AlertAcks;
import org.crisisline.intake.http.AlertJson;
import org.crisisline.intake.http.AlertRoutes;
import org.crisisline.intake.http.ApiRouter;
import org.crisisline.intake.http.Audit;
import org.crisisline.intake.http.CallerErasureRoutes;
import org.crisisline.intake.http.CallerHistoryRoutes;
import org.crisisline.intake.http.ReportRoutes;
import org.crisisline.intake.http.AuditRoutes;
import org.crisisline.intake.http.ClientAddress;
import org.crisisline.intake.http.LoginLockout;
import org.crisisline.intake.http.DirectoryRoutes;
import org.crisisline.intake.http.DirectorySearchRoutes;
import org.crisisline.intake.http.Guard;
import org.crisisline.intake.http.FollowUpBoardRoutes;
import org.crisisline.intake.http.FollowUpRoutes;
import org.crisisline.intake.http.HandoffRoutes;
import org.crisisline.intake.http.LinkRoutes;
import org.crisisline.intake.http.OfferAnswers;
import org.crisisline.intake.http.OfferRoutes;
import org.crisisline.intake.http.OnCallPeopleRoutes;
import org.crisisline.intake.http.OpenApiBodies;
import org.crisisline.intake.http.OpsRoutes;
import org.crisisline.intake.http.PageLinkRoutes;
import org.crisisline.intake.http.HttpMetrics;
import org.crisisline.intake.http.PolicyRoutes;
import org.crisisline.intake.http.QueueRoutes;
import org.crisisline.intake.http.RateLimits;
import org.crisisline.intake.http.ReferralBoardRoutes;
import org.crisisline.intake.http.ReferralLinkRoutes;
import org.crisisline.intake.http.ServiceAnswers;
import org.crisisline.intake.http.RequestActionRoutes;
import org.crisisline.intake.http.RequestReadRoutes;
import org.crisisline.intake.http.RequestRoutes;
import org.crisisline.intake.http.RequestWrites;
import org.crisisline.intake.http.ResponderRoutes;
import org.crisisline.intake.http.Routes;
import org.crisisline.intake.http.ScheduleRoutes;
import org.crisisline.intake.http.SessionRoutes;
import org.crisisline.intake.kafka.EventPublisher;
import org.crisisline.intake.kafka.RequestLog;
import org.crisisline.intake.kafka.ScheduleWriter;
import org.crisisline.intake.kafka.IntakeViews;
import org.crisisline.intake.kafka.OldRoots;
import org.crisisline.intake.kafka.ViewLoader;
import org.crisisline.records.Records;
import org.crisisline.records.RecordsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * intake-service: the HTTP front door. Reads its topics into views (rebuilt on every start, from
 * where {@code ReplayWindow} says) and {@code data-keys} into a table on disk; which topics it reads and writes
 * is listed in the module's README.md. {@link #start} returns once the views caught up and HTTP listens.
 */
public final class IntakeApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IntakeApp.class);
  /** How long a resolved alert stays on show (the dashboard's "all"); the topic keeps the history. */
  private static final Duration ALERT_RETENTION = Duration.ofHours(24);

  private final IntakeConfig config;
  private final RecordsConfig recordsConfig;
  private Records records;
  private EventPublisher publisher;
  private RequestLog requestLog;
  private DataKeyTable dataKeyTable;
  private ViewLoader loader;
  private org.crisisline.intake.kafka.ConsentFanOut optOuts;
  private final List<KafkaClientMetrics> kafkaMetrics = new ArrayList<>();
  private Vertx vertx;
  private volatile int port;
  private volatile boolean closed;

  private IntakeApp(IntakeConfig config, RecordsConfig recordsConfig) {
    this.config = config;
    this.recordsConfig = recordsConfig;
  }

  /** Starts intake without the contact-record read model (reports and caller history answer 503). */
  public static IntakeApp start(IntakeConfig config) {
    return start(config, RecordsConfig.NONE);
  }

  /**
   * Starts intake and blocks until it is ready, or throws (having released what it took). With a
   * read model configured it also runs its projector (topics → PostgreSQL) and serves reports and
   * caller history from it.
   */
  public static IntakeApp start(IntakeConfig config, RecordsConfig recordsConfig) {
    IntakeApp app = new IntakeApp(config, recordsConfig);
    try {
      app.boot();
      return app;
    } catch (Exception e) {
      app.close();
      throw e instanceof RuntimeException re ? re : new IllegalStateException("intake failed to start", e);
    }
  }

  private void boot() throws Exception {
    LOG.info("starting intake with {}", config);
    Clock clock = Clock.systemUTC();
    CallerKeys callerKeys = recordsConfig.callerKey() == null ? null : CallerKeys.fromBase64(recordsConfig.callerKey());
    if (recordsConfig.enabled()) {
      LOG.info("contact records: {}", recordsConfig);
      records = Records.start(recordsConfig, config.bootstrapServers(), config.clientId(), config.kafkaSecurity(), clock);
    }
    publisher = new EventPublisher(config.bootstrapServers(), config.clientId(), config.kafkaSecurity());
    // Kept in the instance's data directory, a restart reads only the keys written since it stopped.
    dataKeyTable = DataKeyTable.started(config.bootstrapServers(), config.clientId(), config.kafkaSecurity(),
        config.dataDir() == null ? null : config.dataDir().resolve("intake-state").resolve(config.clientId() + "-data-keys"),
        config.startTimeout());
    // With a records database, finished requests leave memory after the recent window and are read from it.
    IntakeViews views = new IntakeViews(ALERT_RETENTION, records == null ? null : config.recentWindow(),
        config.idempotencyTtl(), clock);
    // Sealed under each request's own data key (from the table on disk); none for an erased request.
    DataKeys cipher = new DataKeys(PiiCipher.fromKeyring(config.piiKeyring()), dataKeyTable).loggedBeforeDataKeysWhen(
        id -> views.requests.get(id).map(r -> !DataKeys.enveloped(r.logged())).orElse(true));
    loader = views.loader(config.bootstrapServers(), config.clientId(), publisher, config.kafkaSecurity());
    optOuts = views.stopFollowUpsOnOptOut(publisher, records, clock);
    loader.start(config.startTimeout());
    if (!loader.awaitCaughtUp(config.startTimeout())) {
      throw new IllegalStateException("views did not catch up within " + config.startTimeout());
    }
    if (records != null) { // requests logged before the replay window that must still be in memory
      OldRoots.restore(views.requests, views.followUps, records, config.bootstrapServers(), config.clientId(), config.kafkaSecurity());
    }
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    vertx = HttpMetrics.vertx(metrics);
    TokenService tokens = new TokenService(vertx, config);
    DemoAccounts accounts = config.demoPassword() == null ? null
        : new DemoAccounts(config.demoPassword(),
            id -> views.responders.profile(id).filter(p -> p.active()).isPresent());
    RateLimits limits = new RateLimits(config.ratePerMinute());
    ClientAddress clientAddress = new ClientAddress(config.trustedProxies());
    // Kafka client metrics on /metrics: the views consumer's lag and the publisher's sends.
    loader.bindTo(metrics);
    kafkaMetrics.add(loader.kafkaMetrics());
    kafkaMetrics.add(publisher.kafkaMetrics());
    kafkaMetrics.forEach(m -> m.bindTo(metrics));
    OpenApiBodies openApi = OpenApiBodies.load(vertx, config.startTimeout());
    requestLog = new RequestLog(config.bootstrapServers(), config.clientId(), config.kafkaSecurity());
    Guard guard = new Guard(tokens, limits, views.revocations,
        id -> views.responders.profile(id).filter(p -> p.active()).isPresent(), clock);
    Audit audit = new Audit(publisher, clock);
    OfferAnswers answers = new OfferAnswers(views.offers, publisher, cipher, clock);
    AlertAcks alertAcks = new AlertAcks(views.alerts, publisher, clock);
    // A person's name: from the on-call views.directory, else a responder's display name.
    Function<String, Optional<String>> names = id -> views.people.name(id)
        .or(() -> views.responders.profile(id).map(ResponderProfile::displayName));
    AlertJson alertJson = new AlertJson(names);
    // A region a request may name: one of the routing policy's, configured (CRISISLINE_REGIONS, for
    // intake run without routing), or one where a responder or a service is.
    RequestValidator validator = new RequestValidator(region -> views.policies.hasRegion(region)
        || config.knownRegions().contains(region) || views.responders.hasRegion(region) || views.directory.hasRegion(region),
        id -> views.directory.get(id).orElse(null));
    RequestWrites writes = new RequestWrites(views.idempotency, requestLog, views.requests);
    // Each route group gets only what it uses. Every HTTP server below shares them, so they hold only
    // thread-safe state: the views (concurrent maps), rate-limit buckets, the Kafka producers, metrics.
    List<Routes> routes = List.of(
        new OpsRoutes(loader::isCaughtUp, metrics, guard, config.devOutboxUrl()),
        new SessionRoutes(guard, openApi, limits, new LoginLockout(clock), tokens, accounts, views.revocations, publisher,
            audit, clock),
        new RequestRoutes(guard, openApi, validator, writes, cipher, audit, metrics, clock).withCallerKeys(callerKeys),
        new RequestReadRoutes(guard, views.requests, audit, clock).withArchive(records),
        new HandoffRoutes(guard, openApi, views.requests, writes, cipher, audit, clock),
        new RequestActionRoutes(guard, openApi, views.requests, publisher, cipher, audit, clock, config.detailsGrace())
            .withArchive(records),
        new ResponderRoutes(guard, openApi, views.responders, views.offers, publisher, audit, clock),
        new OfferRoutes(guard, openApi, views.offers, answers, audit, clock),
        new LinkRoutes(limits, config.linkSecret(), views.offers, answers, audit, clock),
        new ReferralLinkRoutes(limits, config.linkSecret(), views.referrals, views.requests,
            new ServiceAnswers(views.referrals, publisher, clock), cipher, audit, clock),
        new ReferralBoardRoutes(guard, views.referrals, views.directory, clock),
        new QueueRoutes(guard, views.queues, views.requests, views.alerts, alertJson, new StreamTickets(config.jwtSecret()),
            views.revocations, publisher, clock),
        new DirectoryRoutes(guard, openApi, views.directory, publisher, audit, clock),
        new DirectorySearchRoutes(guard, views.directory.search(), clock),
        new AuditRoutes(guard, views.auditTrail, audit),
        new PolicyRoutes(guard, views.policies, clock),
        new ScheduleRoutes(guard, openApi, views.schedules, new ScheduleWriter(publisher, views.schedules, clock), names, audit,
            clock),
        new OnCallPeopleRoutes(guard, openApi, views.people, publisher, audit, clock),
        new AlertRoutes(guard, views.alerts, alertAcks, alertJson, audit),
        new PageLinkRoutes(limits, config.linkSecret(), views.alerts, alertAcks, audit, clock),
        new ReportRoutes(guard, records, recordsConfig.retention(), views.policies, validator::knownRegion, audit, clock),
        new CallerHistoryRoutes(guard, records, callerKeys, recordsConfig.historyDays(), 30, audit, clock),
        new CallerErasureRoutes(guard, openApi, views.requests, writes, cipher, publisher, audit, clock, callerKeys,
            records),
        new FollowUpRoutes(guard, openApi, views.requests, views.followUps, writes, views.idempotency, publisher, cipher,
            audit, clock),
        new FollowUpBoardRoutes(guard, openApi, views.requests, views.followUps, views.offers, publisher, audit, clock));
    views.sweep(clock.instant(), config.recentWindow()); // before serving: nothing the replay left to sweep is answered
    // One HTTP server per event loop, all on one port: Vert.x hands each new connection to the next
    // of them, so views.requests are served on every core instead of one.
    port = deployHttp(() -> ApiRouter.create(vertx, metrics, routes, config.publicUrl(), clientAddress), config.httpPort(), config.httpEventLoops());
    LOG.info("intake listening on port {} ({} event loops)", port, config.httpEventLoops());
    // Idempotency keys past their time (CRISISLINE_IDEMPOTENCY_HOURS) and revocations no token can use any more are tombstoned (IntakeViews).
    views.tombstoneExpired(publisher, clock.instant());
    vertx.setPeriodic(Math.min(Duration.ofMinutes(10).toMillis(), config.idempotencyTtl().toMillis() / 4),
        id -> views.tombstoneExpired(publisher, clock.instant()));
    // Finished requests, old offers, referrals and alerts leave memory (see IntakeViews.sweep), at least
    // four times per window so that none stays much past it.
    long sweepEvery = Math.min(Duration.ofMinutes(10).toMillis(), config.recentWindow().toMillis() / 4);
    vertx.setPeriodic(sweepEvery, id -> views.sweep(clock.instant(), config.recentWindow()));
    if (config.jwksUrl() != null) {
      vertx.setPeriodic(Duration.ofMinutes(15).toMillis(), id -> vertx.executeBlocking(() -> {
        tokens.refreshKeys();
        return null;
      }, false).onFailure(e -> LOG.warn("JWKS refresh failed, keeping the current keys: {}", e.getClass().getSimpleName())));
    }
  }

  /** The port HTTP listens on (useful with CRISISLINE_HTTP_PORT=0). */
  public int port() {
    return port;
  }

  /** Deploys {@code instances} HTTP servers on {@code port}, each on its own event loop; returns the port. */
  private int deployHttp(Supplier<Router> routers, int requestedPort, int instances) throws Exception {
    // Port 0 would give each server a port of its own; Vert.x shares one random port among servers
    // that ask for the same negative port.
    int listenPort = requestedPort == 0 ? -1 : requestedPort;
    AtomicInteger bound = new AtomicInteger();
    vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        return vertx.createHttpServer(new HttpServerOptions().setIdleTimeout(120).setMaxHeaderSize(16 * 1024))
            .requestHandler(routers.get())
            .listen(listenPort)
            .onSuccess(server -> bound.set(server.actualPort()));
      }
    }, new DeploymentOptions().setInstances(instances))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return bound.get();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    kafkaMetrics.forEach(KafkaClientMetrics::close);
    if (vertx != null) {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("vert.x did not close cleanly: {}", e.getClass().getSimpleName());
      }
    }
    for (AutoCloseable part : new AutoCloseable[] {loader, optOuts, records, dataKeyTable, requestLog, publisher}) {
      try {
        if (part != null) {
          part.close();
        }
      } catch (Exception e) {
        LOG.warn("{} did not close cleanly: {}", part.getClass().getSimpleName(), e.getClass().getSimpleName());
      }
    }
    LOG.info("intake stopped");
  }

  public static void main(String[] args) {
    IntakeApp app = start(IntakeConfig.fromEnv(System.getenv()), RecordsConfig.fromEnv(System.getenv()));
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "intake-shutdown"));
  }
}
