package org.crisisline.notifier;

import io.micrometer.core.instrument.FunctionCounter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.crisisline.events.DataKeyTable;
import org.crisisline.events.DataKeys;
import org.crisisline.events.Ids;
import org.crisisline.events.OfferLinks;
import org.crisisline.notifier.domain.CaringTemplates;
import org.crisisline.notifier.domain.Contacts;
import org.crisisline.notifier.domain.Ledger;
import org.crisisline.notifier.domain.OfferIndex;
import org.crisisline.notifier.domain.PageIndex;
import org.crisisline.notifier.domain.RateLimits;
import org.crisisline.notifier.domain.RetryPolicy;
import org.crisisline.notifier.http.NotifierRoutes;
import org.crisisline.notifier.kafka.BackgroundReader;
import org.crisisline.notifier.kafka.KafkaConnection;
import org.crisisline.notifier.kafka.KafkaWriter;
import org.crisisline.notifier.kafka.OfferAndAlertConsumer;
import org.crisisline.notifier.kafka.Replay;
import org.crisisline.notifier.send.CallerContacts;
import org.crisisline.notifier.send.Dispatcher;
import org.crisisline.notifier.send.EmailSender;
import org.crisisline.notifier.send.Handoffs;
import org.crisisline.notifier.send.LegRunner;
import org.crisisline.notifier.send.Pacing;
import org.crisisline.notifier.send.Providers;
import org.crisisline.notifier.send.SendLog;
import org.crisisline.notifier.send.SmsAcks;
import org.crisisline.notifier.send.SmsOptOuts;
import org.crisisline.notifier.send.SmsReplies;
import org.crisisline.notifier.send.SmsSender;
import org.crisisline.notifier.send.StatusCallbacks;
import org.crisisline.notifier.send.StatusPoller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier service: reads {@code offers} and {@code alerts}, sends each offer's handoff, each
 * page and each all-clear by SMS and email exactly once per (offerId or pageId, channel), and
 * reports on {@code deliveries}. Also reads {@code responders}, {@code directory},
 * {@code oncall-people}, {@code notifier-sends}, {@code offer-answers}, {@code sms-replies} and
 * {@code request-status}; reads {@code follow-ups} (a caller's caring message, see
 * {@link org.crisisline.notifier.domain.CaringNotice}); writes {@code notifier-sends}, {@code deliveries}, {@code sms-replies}
 * (SMS replies: a decision, never {@code offer-answers}), {@code sms-alert-acks} (SMS
 * {@code ACK <code>} from a paged phone, never {@code alert-acks}), {@code consent-withdrawals} (a
 * caller's STOP, as a caller key) and {@code dead-letters}. HTTP on
 * {@code CRISISLINE_NOTIFIER_PORT}: /health, /ready, /metrics, POST /api/v1/sms/status and
 * POST /api/v1/sms/inbound.
 *
 * <p>{@link #start} wires one pipeline, top to bottom: offers and alerts consumer → {@link Dispatcher}
 * (ledger decides start / resume / skip) → {@link LegRunner} (rate tokens, claim, provider call)
 * → {@link SendLog} (ledger and delivery records) → retry timers. It returns once the ledger and
 * contacts are loaded, HTTP listens and the offers and alerts consumer has joined its group. Everything
 * started is closed in reverse by {@link #close}, which is idempotent and lets in-flight provider
 * calls finish and be recorded before the ledger reader and the producer stop.
 */
public final class NotifierApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NotifierApp.class);

  private final CloseStack resources;
  private final int port;
  private final NotifierMetrics metrics;
  private final AtomicBoolean closed = new AtomicBoolean();

  private NotifierApp(CloseStack resources, int port, NotifierMetrics metrics) {
    this.resources = resources;
    this.port = port;
    this.metrics = metrics;
  }

  public static NotifierApp start(NotifierConfig config) {
    return start(config, Clock.systemUTC());
  }

  private static NotifierApp start(NotifierConfig config, Clock clock) {
    LOG.info("starting notifier: {}", config);
    String instanceId = Ids.newId().substring(0, 8);
    CloseStack resources = new CloseStack();
    try {
      // Threads: the rate limiter's scheduler, and Vert.x with the one context every send runs on.
      ScheduledExecutorService scheduler = rateScheduler(instanceId);
      resources.onClose("rate scheduler", scheduler::shutdownNow);
      Vertx vertx = Vertx.vertx();
      resources.onClose("vert.x", () -> await(vertx.close(), 10));
      Context ctx = vertx.getOrCreateContext();

      // HTTP first: the port is known before any SMS names it in a StatusCallback. 503 until routed.
      AtomicReference<Handler<HttpServerRequest>> routes =
          new AtomicReference<>(req -> req.response().setStatusCode(503).end());
      // Idle connections are closed, so a client that opens sockets and sends nothing cannot hold them.
      HttpServer server = vertx.createHttpServer(new HttpServerOptions()
              .setIdleTimeout((int) Math.max(1, config.idleTimeout().toSeconds())).setIdleTimeoutUnit(TimeUnit.SECONDS))
          .requestHandler(req -> routes.get().handle(req));
      int port = await(listen(ctx, server, config.httpPort()), 30);
      resources.onClose("http server", () -> await(server.close(), 10));
      String callbackBase = config.callbackBase(port);

      // What the Kafka readers fill in: contacts, the send ledger, recent offers, pages and stops.
      NotifierMetrics metrics = new NotifierMetrics();
      Contacts contacts = new Contacts();
      Ledger ledger = new Ledger();
      OfferIndex offers = new OfferIndex(config.lookback());
      PageIndex pages = new PageIndex(config.lookback());

      // Outputs: the providers, then the one producer.
      SmsSender sms = resources.track(new SmsSender(vertx, config.sms(), config.sendTimeout(), clock));
      EmailSender email = resources.track(new EmailSender(vertx, config.smtp(), config.sendTimeout()));
      KafkaConnection kafka = new KafkaConnection(config.bootstrapServers(), instanceId, config.kafkaSecurity());
      KafkaWriter writer = resources.track(new KafkaWriter(kafka));

      // The pipeline: dispatch → send legs → record → retry.
      SendLog log = new SendLog(ctx, ledger, writer);
      Pacing pacing = new Pacing(new RateLimits(config.perResponderPerMinute(), config.globalPerSecond(), scheduler),
          new RetryPolicy(config.maxAttempts(), config.retryInitial(), config.retryMax()));
      // A caller's contact is sealed under their request's data key: read from the data-keys table on
      // disk, so an erased caller's contact opens nowhere, this notifier included.
      DataKeys dataKeys = config.callers().cipher() == null ? null : new DataKeys(config.callers().cipher(),
          // A kept table is found again by the name of the instance, the same at every start.
          resources.track(DataKeyTable.started(config.bootstrapServers(),
              "notifier-" + (config.dataKeysDir() == null ? instanceId : config.membership().instanceId()),
              config.kafkaSecurity(), config.dataKeysDir(), Duration.ofSeconds(60))));
      CallerContacts callers = new CallerContacts(dataKeys, config.callers().keys());
      if (!callers.canRecogniseCallers() || config.callers().cipher() == null) {
        LOG.warn("CRISISLINE_PII_KEY or CRISISLINE_CALLER_KEY is not set: no caring message will be sent");
      }
      LegRunner legs = new LegRunner(ctx, log, new Providers(sms, email, callbackBase, callers), pacing, metrics, clock);
      Handoffs handoffs = new Handoffs(contacts, new OfferLinks(config.linkSecret(), clock),
          OfferLinks.forPages(config.linkSecret(), clock), OfferLinks.forReferrals(config.linkSecret(), clock),
          config.publicUrl(), new CaringTemplates(config.callers().templatesDir()), clock);
      Dispatcher dispatcher = new Dispatcher(ctx, log, offers, handoffs, legs, clock);

      // Inputs: the background reader (contacts, ledger, pages, stops), then the offers and alerts consumer.
      Replay replay = new Replay(config.lookback(), clock);
      BackgroundReader reader = resources.track(
          new BackgroundReader(kafka, replay, contacts, ledger, offers, pages, dispatcher::stop));
      // Closed after the consumer and before the reader and producer: in-flight outcomes get recorded.
      resources.onClose("in-flight sends", () -> await(dispatcher.close(), 30));
      OfferAndAlertConsumer consumer = resources.track(
          new OfferAndAlertConsumer(kafka, config.groupId(), config.membership(), replay, dispatcher,
              reader::ledgerBarrier, writer));

      // Ops: Kafka client metrics, provider reachability, the HTTP routes.
      resources.track(writer.kafkaMetrics()).bindTo(metrics.registry());
      FunctionCounter.builder("crisisline.dead.letters", writer, KafkaWriter::deadLettered)
          .description("Records the notifier could not decode or act on, sent to dead-letters").register(metrics.registry());
      resources.track(consumer.kafkaMetrics()).bindTo(metrics.registry());
      ProviderProbe probe = resources.track(new ProviderProbe(config.smtp(), config.sms()).start(metrics.registry()));
      StatusCallbacks statuses = new StatusCallbacks(log, offers, metrics, clock);
      SmsAcks acks = new SmsAcks(ack -> writer.smsAlertAck(ctx, ack), pages, contacts, metrics, clock);
      SmsOptOuts optOuts = new SmsOptOuts(withdrawn -> writer.consentWithdrawn(ctx, withdrawn), dispatcher::submit,
          callers, metrics, clock);
      SmsReplies replies = new SmsReplies(reply -> writer.smsReply(ctx, reply), acks, optOuts, offers, contacts,
          metrics, clock);
      routes.set(NotifierRoutes.router(vertx, metrics,
          new NotifierRoutes.Webhooks(statuses, replies, config.sms().authToken(), callbackBase),
          () -> consumer.assigned() && consumer.alive(), probe::status));

      // Go: the ledger and contacts are caught up before the first offer or alert is read.
      reader.start(Duration.ofSeconds(60));
      consumer.start();
      if (!consumer.awaitAssigned(Duration.ofSeconds(60))) {
        throw new IllegalStateException("notifier did not join its consumer group in time");
      }

      // Housekeeping, on the send context.
      StatusPoller poller = new StatusPoller(ledger, sms, statuses, clock, config.statusPoll());
      ctx.runOnContext(v -> {
        vertx.setPeriodic(60_000, t -> {
          offers.purge(clock.instant());
          pages.purge(clock.instant());
        });
        if (!config.statusPoll().isZero()) {
          vertx.setPeriodic(config.statusPoll().toMillis(), t -> poller.poll());
        }
        // Twice the replay window: a record that old can no longer stop a duplicate.
        vertx.setPeriodic(600_000, t -> dispatcher.sweep(clock.instant().minus(config.lookback().multipliedBy(2))));
      });
      LOG.info("notifier ready on port {}", port);
      return new NotifierApp(resources, port, metrics);
    } catch (Exception e) {
      LOG.error("notifier failed to start: {}", e.toString());
      resources.close();
      throw e instanceof RuntimeException re ? re : new IllegalStateException("notifier failed to start", e);
    }
  }

  /** The HTTP port actually bound (useful with port 0). */
  public int port() {
    return port;
  }

  public NotifierMetrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      LOG.info("stopping notifier");
      resources.close();
    }
  }

  public static void main(String[] args) {
    NotifierApp app = start(NotifierConfig.fromEnv(Map.copyOf(System.getenv())));
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "notifier-shutdown"));
  }

  private static ScheduledExecutorService rateScheduler(String instanceId) {
    return Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "notifier-rate-" + instanceId);
      t.setDaemon(true);
      return t;
    });
  }

  private static Future<Integer> listen(Context ctx, HttpServer server, int port) {
    return Future.future(bound -> ctx.runOnContext(v -> server.listen(port)
        .onComplete(ar -> {
          if (ar.succeeded()) {
            bound.complete(ar.result().actualPort());
          } else {
            bound.fail(ar.cause());
          }
        })));
  }

  private static <T> T await(Future<T> future, int seconds) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
  }
}
