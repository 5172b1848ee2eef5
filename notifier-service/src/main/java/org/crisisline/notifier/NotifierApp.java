package org.crisisline.notifier;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.concurrent.atomic.AtomicReference;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.crisisline.events.Ids;
import org.crisisline.events.OfferLinks;
import org.crisisline.notifier.domain.Contacts;
import org.crisisline.notifier.domain.Ledger;
import org.crisisline.notifier.domain.MessageComposer;
import org.crisisline.notifier.domain.OfferIndex;
import org.crisisline.notifier.domain.RateLimits;
import org.crisisline.notifier.domain.RetryPolicy;
import org.crisisline.notifier.http.NotifierRoutes;
import org.crisisline.notifier.kafka.BackgroundReader;
import org.crisisline.notifier.kafka.KafkaWriter;
import org.crisisline.notifier.kafka.OfferConsumer;
import org.crisisline.notifier.send.Callbacks;
import org.crisisline.notifier.send.Dispatcher;
import org.crisisline.notifier.send.EmailSender;
import org.crisisline.notifier.send.LegRunner;
import org.crisisline.notifier.send.SmsSender;
import org.crisisline.notifier.send.StatusPoller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier service: reads {@code offers}, sends each handoff by SMS and email exactly once per
 * (offerId, channel), and reports on {@code deliveries}. Also reads {@code responders},
 * {@code directory}, {@code notifier-sends}, {@code offer-answers} and {@code request-status};
 * writes {@code notifier-sends}, {@code deliveries}, {@code offer-answers} (SMS replies) and
 * {@code dead-letters}. HTTP on {@code CRISISLINE_NOTIFIER_PORT}: /health, /ready, /metrics,
 * POST /api/v1/sms/status and POST /api/v1/sms/inbound.
 *
 * <p>{@link #start} returns once the ledger and contacts are loaded, HTTP listens and the offers
 * consumer has joined its group. {@link #close} is idempotent: it lets in-flight provider calls
 * finish and be recorded, then releases every port and thread.
 */
public final class NotifierApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NotifierApp.class);

  private final Vertx vertx;
  private final ScheduledExecutorService scheduler;
  private final KafkaWriter writer;
  private final BackgroundReader reader;
  private final Dispatcher dispatcher;
  private final OfferConsumer offers;
  private final SmsSender sms;
  private final EmailSender email;
  private final HttpServer server;
  private final NotifierMetrics metrics;
  // Provider probe and Kafka client metric binders, closed first.
  private AutoCloseable[] extras = new AutoCloseable[0];
  private final AtomicBoolean closed = new AtomicBoolean();

  private NotifierApp(Vertx vertx, ScheduledExecutorService scheduler, KafkaWriter writer, BackgroundReader reader,
      Dispatcher dispatcher, OfferConsumer offers, SmsSender sms, EmailSender email, HttpServer server,
      NotifierMetrics metrics) {
    this.vertx = vertx;
    this.scheduler = scheduler;
    this.writer = writer;
    this.reader = reader;
    this.dispatcher = dispatcher;
    this.offers = offers;
    this.sms = sms;
    this.email = email;
    this.server = server;
    this.metrics = metrics;
  }

  public static NotifierApp start(NotifierConfig config) {
    return start(config, Clock.systemUTC());
  }

  /** With a clock, for tests; everything else as {@link #start(NotifierConfig)}. */
  public static NotifierApp start(NotifierConfig config, Clock clock) {
    LOG.info("starting notifier: {}", config);
    String instanceId = Ids.newId().substring(0, 8);
    Vertx vertx = Vertx.vertx();
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "notifier-rate-" + instanceId);
      t.setDaemon(true);
      return t;
    });
    KafkaWriter writer = null;
    BackgroundReader reader = null;
    OfferConsumer consumer = null;
    ProviderProbe providers = null;
    KafkaClientMetrics consumerMetrics = null;
    KafkaClientMetrics producerMetrics = null;
    try {
      Context ctx = vertx.getOrCreateContext();
      NotifierMetrics metrics = new NotifierMetrics();
      Ledger ledger = new Ledger();
      Contacts contacts = new Contacts();
      OfferIndex index = new OfferIndex(config.lookback());
      writer = new KafkaWriter(config.bootstrapServers(), instanceId, config.kafkaSecurity());
      SmsSender sms = new SmsSender(vertx, config.sms(), config.sendTimeout(), clock);
      EmailSender email = new EmailSender(vertx, config.smtp(), config.sendTimeout());
      RateLimits limits = new RateLimits(config.perResponderPerMinute(), config.globalPerSecond(), scheduler);
      RetryPolicy retry = new RetryPolicy(config.maxAttempts(), config.retryInitial(), config.retryMax());

      // HTTP first: the port is known before any SMS names it in a StatusCallback.
      HttpServer server = vertx.createHttpServer();
      AtomicReference<Handler<HttpServerRequest>> routes =
          new AtomicReference<>(req -> req.response().setStatusCode(503).end());
      server.requestHandler(req -> routes.get().handle(req));
      int port = listen(ctx, server, config.httpPort());
      String callbackBase = config.callbackBase(port);
      LegRunner runner = new LegRunner(vertx, ctx, writer, ledger, retry, limits, sms, email, metrics, clock, callbackBase);
      Dispatcher dispatcher = new Dispatcher(vertx, ctx, contacts, ledger, index, new MessageComposer(),
          new OfferLinks(config.linkSecret(), clock), config.publicUrl(), limits, runner, clock);
      Callbacks callbacks = new Callbacks(ctx, runner, writer, ledger, index, contacts, metrics, clock);

      reader = new BackgroundReader(config.bootstrapServers(), instanceId, contacts, ledger, index, dispatcher::stop, clock,
          config.lookback(), config.kafkaSecurity());
      consumer = new OfferConsumer(config.bootstrapServers(), config.groupId(), instanceId, dispatcher, reader, writer,
          clock, config.lookback(), config.kafkaSecurity());
      OfferConsumer offers = consumer;
      BackgroundReader tail = reader;
      ProviderProbe probe = new ProviderProbe(config.smtp(), config.sms()).start(metrics.registry());
      providers = probe;
      routes.set(NotifierRoutes.router(vertx, callbacks, metrics, config.sms().authToken(),
          () -> callbackBase, () -> offers.assigned() && offers.alive(), probe::status));
      consumerMetrics = consumer.kafkaMetrics();
      consumerMetrics.bindTo(metrics.registry());
      producerMetrics = writer.kafkaMetrics();
      producerMetrics.bindTo(metrics.registry());
      reader.start(Duration.ofSeconds(60));
      consumer.start();
      if (!consumer.awaitAssigned(Duration.ofSeconds(60))) {
        throw new IllegalStateException("notifier did not join its consumer group in time");
      }
      vertx.setPeriodic(60_000, t -> index.purge(clock.instant()));
      if (!config.statusPoll().isZero()) {
        StatusPoller poller = new StatusPoller(ledger, sms, callbacks, clock, config.statusPoll());
        ctx.runOnContext(v -> vertx.setPeriodic(config.statusPoll().toMillis(), t -> poller.poll(ctx)));
      }
      // Twice the replay window: a record that old can no longer stop a duplicate.
      KafkaWriter ledgerWriter = writer;
      vertx.setPeriodic(600_000, t -> dispatcher.sweep(clock.instant().minus(config.lookback().multipliedBy(2)),
          ledgerWriter));
      LOG.info("notifier ready on port {}", port);
      NotifierApp app = new NotifierApp(vertx, scheduler, writer, tail, dispatcher, offers, sms, email, server, metrics);
      app.extras = new AutoCloseable[] {probe, consumerMetrics, producerMetrics};
      return app;
    } catch (Exception e) {
      LOG.error("notifier failed to start: {}", e.toString());
      quietly(providers);
      quietly(consumerMetrics);
      quietly(producerMetrics);
      quietly(consumer);
      quietly(reader);
      quietly(writer);
      vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).exceptionally(x -> null).join();
      scheduler.shutdownNow();
      throw e instanceof RuntimeException re ? re : new IllegalStateException("notifier failed to start", e);
    }
  }

  private static int listen(Context ctx, HttpServer server, int port) throws Exception {
    Promise<Integer> bound = Promise.promise();
    ctx.runOnContext(v -> server.listen(port).onComplete(ar -> {
      if (ar.succeeded()) {
        bound.complete(ar.result().actualPort());
      } else {
        bound.fail(ar.cause());
      }
    }));
    return bound.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** The HTTP port actually bound (useful with port 0). */
  public int port() {
    return server.actualPort();
  }

  public NotifierMetrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    LOG.info("stopping notifier");
    for (AutoCloseable extra : extras) {
      quietly(extra);
    }
    quietly(offers);
    try {
      dispatcher.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("in-flight sends did not finish in time: {}", e.toString());
    }
    quietly(reader);
    quietly(writer);
    sms.close();
    email.close();
    try {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("vert.x did not close cleanly: {}", e.toString());
    }
    scheduler.shutdownNow();
  }

  public static void main(String[] args) {
    NotifierApp app = start(NotifierConfig.fromEnv(Map.copyOf(System.getenv())));
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "notifier-shutdown"));
  }

  private static void quietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.warn("error while closing {}: {}", closeable.getClass().getSimpleName(), e.toString());
    }
  }
}
