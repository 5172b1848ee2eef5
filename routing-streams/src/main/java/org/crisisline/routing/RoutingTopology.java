package org.crisisline.routing;

import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.crisisline.events.Event;
import org.crisisline.events.LocalService;
import org.crisisline.events.RegionPartitions;
import org.crisisline.events.Topic;
import org.crisisline.events.Topics;
import org.crisisline.routing.market.RequestState;
import org.crisisline.routing.market.ResponderState;
import org.crisisline.routing.market.ResponderView;
import org.crisisline.routing.market.RoutingPolicy;
import org.crisisline.routing.market.ServiceState;
import org.crisisline.routing.market.Timer;
import org.crisisline.routing.streams.DeliveryFailures;
import org.crisisline.routing.streams.DirectoryRouter;
import org.crisisline.routing.streams.EarlyCommit;
import org.crisisline.routing.streams.JsonStateSerde;
import org.crisisline.routing.streams.MarketMessage;
import org.crisisline.routing.streams.MarketProcessor;
import org.crisisline.routing.streams.MarketSinks;
import org.crisisline.routing.streams.OnCallSchedules;
import org.crisisline.routing.streams.PoolSnapshots;
import org.crisisline.routing.streams.RequestRouter;
import org.crisisline.routing.streams.ResponderRouter;

/**
 * The routing topology, as one pure function of the policy.
 *
 * <pre>
 *  help-requests ─┐
 *  offer-answers ─┤
 *  sms-replies ─(as the answer it stands for)┤
 *  alert-acks ────┤
 *  sms-alert-acks ┼─ RequestRouter [request-markets] ─┬─ aligned with its region: in this task ─┐
 *  deliveries ─(all channels failed, re-key by requestId)┘ └─ not aligned ──┐                    │
 *  responders ───┬─ ResponderRouter [responder-views] ───────────────────┼─► {app-id}-markets ──┤
 *  responder-status┘                                                       │  (key region)       │
 *  directory ───── DirectoryRouter [directory-services] ──────────────────┘                     ▼
 *        MarketProcessor [market-requests, market-responders, market-services, market-timer-index, market-timers]
 *          │  reads global stores: oncall-schedules ─► [oncall-schedules-global] (who is on call),
 *          │                       queue-snapshots ─► [queue-snapshots-global] (other regions' pools)
 *          ├─► offers (OfferMade/OfferRescinded, key requestId)
 *          ├─► request-status (RequestStatusChanged, key requestId)
 *          ├─► alerts (AlertRaised/StepStarted/Paged/Acknowledged/Resolved, key requestId)
 *          ├─► queue-snapshots (QueueSnapshot, key poolId)
 *          ├─► follow-ups (FollowUpScheduled/Due/Done/Cancelled, key requestId of the request followed up)
 *          ├─► follow-ups repartition (caring contacts logged as requests) ─► a RequestRouter ─► markets
 *          └─► markets (rollover: the request re-keyed to the backup region)
 * </pre>
 * A request's records are keyed by its requestId, and intake chooses that id so that Kafka's
 * partitioner puts them in its region's partition ({@link RegionPartitions}). The task reading
 * that partition holds the region's market: the request router and the market are one
 * sub-topology, so such a request is placed, and its answers applied, in one exactly-once hop.
 * Every other request (an id minted elsewhere, a follow-up routing logs itself) and everything a
 * market must hear from elsewhere (responders, directory changes, rollovers) passes through the one
 * {@code <application.id>-markets} topic, keyed by region, so all of a region's records are in one
 * partition. The two global stores are read-only lookups every task shares: every instance holds
 * every schedule and every pool's latest snapshot.
 */
public final class RoutingTopology {
  /**
   * A record written this long after the one before it asks for an early commit
   * ({@link EarlyCommit}). So at most 10 early commits a second per processor kind, whatever the
   * load: a quiet line (a few requests a minute, the usual case) gets them on every request, and
   * a busy one commits on the interval alone (measured with 10 ms: at 400 req/s intake's
   * transactions arrive in bursts more than 10 ms apart, the extra commits doubled the commit
   * rate and delivered p50 went from 0.12 s to 1.2 s; a token bucket of 20 early commits a second
   * on top of a 10 ms quiet rule took delivered p50 at 50 req/s from 0.15 s to 2.6 s:
   * docs/performance.md).
   */
  public static final long EARLY_COMMIT_QUIET_MILLIS = 100;
  /** The market processor's node name: the parent of the output sinks. */
  private static final String MARKET = "market";

  private RoutingTopology() {}

  /** The topology of the default application id ({@code crisisline-routing}), request-side topics of one partition. */
  public static Topology build(RoutingPolicy policy) {
    return build(policy, new RoutingMetrics(), RoutingTopics.DEFAULT_APPLICATION_ID, 1);
  }

  /**
   * {@code partitions}: how many partitions every request-side topic has (help-requests,
   * offer-answers, sms-replies, alert-acks, sms-alert-acks; failed deliveries are re-keyed into as
   * many), so that a request whose id
   * is aligned with its region ({@link RegionPartitions}) is placed in one hop; 0 when they differ,
   * which sends every request through {@code -markets} (two hops), as before.
   */
  public static Topology build(RoutingPolicy policy, RoutingMetrics metrics, String applicationId, int partitions) {
    Topic<String, MarketMessage> markets = RoutingTopics.markets(applicationId);
    EarlyCommit requestSideCommits = new EarlyCommit(EARLY_COMMIT_QUIET_MILLIS, metrics);
    EarlyCommit marketCommits = new EarlyCommit(EARLY_COMMIT_QUIET_MILLIS, metrics);
    StreamsBuilder b = new StreamsBuilder();
    Serde<String> keys = Serdes.String();
    // Cached: the puts of one key between two commits (a request admitted and offered, a timer set
    // and cleared) reach the changelog as one write, when the commit flushes the cache.
    b.addStateStore(cached(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(RequestRouter.STORE), keys, keys)));
    b.addStateStore(cached(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ResponderRouter.STORE), keys,
        new JsonStateSerde<>(ResponderView.class))));
    b.addStateStore(cached(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(DirectoryRouter.STORE), keys, Topics.DIRECTORY.valueSerde())));
    b.addStateStore(cached(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MarketProcessor.REQUESTS), keys,
        new JsonStateSerde<>(RequestState.class))));
    b.addStateStore(cached(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MarketProcessor.RESPONDERS),
        keys, new JsonStateSerde<>(ResponderState.class))));
    b.addStateStore(cached(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MarketProcessor.SERVICES), keys,
        new JsonStateSerde<>(ServiceState.class))));
    // Deadlines are kept in market-requests: their index by due time is rebuilt from it, so it needs no
    // changelog. The store they were kept in before is read once at start and emptied (TimerIndex).
    b.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MarketProcessor.TIMERS),
        keys, new JsonStateSerde<>(Timer.class)).withLoggingDisabled());
    b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MarketProcessor.LEGACY_TIMERS),
        keys, new JsonStateSerde<>(Timer.class)));

    KStream<String, Event> requests = source(b, Topics.HELP_REQUESTS, "help-requests");
    KStream<String, Event> answers = source(b, Topics.OFFER_ANSWERS, "offer-answers");
    // Acknowledgements of alerts, by API and link (intake) and by SMS (notifier): like answers, they
    // go to the market that holds the request, which decides whether they still apply.
    KStream<String, Event> acks = source(b, Topics.ALERT_ACKS, "alert-acks")
        .merge(source(b, Topics.SMS_ALERT_ACKS, "sms-alert-acks"), Named.as("alert-acks-and-sms-alert-acks"));
    // An SMS reply (the notifier's only way to answer) is a decision on one offer: from here on it
    // is the same answer intake would have written, and RequestRouter/the market judge it alike.
    KStream<String, Event> smsReplies = b.stream(Topics.SMS_REPLIES.name(),
            Consumed.with(Topics.SMS_REPLIES.keySerde(), Topics.SMS_REPLIES.valueSerde()).withName("sms-replies"))
        .mapValues(v -> (Event) v.toAnswer(), Named.as("sms-reply-as-answer"));
    // Only offers no channel could deliver matter here; the other delivery events are not decoded.
    KStream<String, Event> failures = b.stream(Topics.DELIVERIES.name(),
            Consumed.with(Topics.DELIVERIES.keySerde(), Serdes.ByteArray()).withName("deliveries"))
        .process(DeliveryFailures::new, Named.as("all-channels-failed"))
        .repartition(byRequest(keys, partitions).withName("failed-deliveries"));
    MarketSinks sinks = new MarketSinks(markets);
    KStream<String, MarketMessage> marketInputs = b.stream(markets.name(),
        Consumed.with(markets.keySerde(), markets.valueSerde()).withName("markets"));
    // The request side and the market are one sub-topology: a request aligned with its region
    // (RegionPartitions) goes from the router straight to its market in the same task and
    // transaction; the others are re-keyed through -markets first.
    KStream<String, MarketMessage> routed = requests.merge(answers, Named.as("requests-and-answers"))
        .merge(smsReplies, Named.as("requests-answers-and-sms-replies"))
        .merge(acks, Named.as("requests-answers-replies-and-acks")).merge(failures, Named.as("request-side"))
        .process(() -> new RequestRouter(metrics, remember(policy), rememberReferrals(policy),
                rememberFollowedUp(policy), requestSideCommits, RequestRouter.Children.of(partitions)),
            Named.as("request-router"),
            RequestRouter.STORE);
    routed.to(markets.name(), Produced.with(keys, markets.valueSerde()).withName(RequestRouter.TO_MARKETS));
    KStream<String, Object> marketOut = routed.merge(marketInputs, Named.as(RequestRouter.TO_MARKET))
        .process(() -> new MarketProcessor(policy, metrics, marketCommits, sinks), Named.as(MARKET),
            MarketProcessor.REQUESTS, MarketProcessor.RESPONDERS, MarketProcessor.SERVICES, MarketProcessor.TIMERS,
            MarketProcessor.LEGACY_TIMERS);
    // Follow-ups routing logs itself (caring contacts) go back to the request side, keyed by requestId,
    // so that their answers and cancellations find their market like any request's.
    marketOut
        .mapValues(v -> (Event) v, Named.as(MarketSinks.FOLLOW_UPS))
        .repartition(byRequest(keys, partitions).withName("follow-ups"))
        .process(() -> new RequestRouter(metrics, remember(policy), rememberReferrals(policy),
                rememberFollowedUp(policy), requestSideCommits, RequestRouter.Children.REKEY_ONLY),
            Named.as("follow-up-router"), RequestRouter.STORE)
        .to(markets.name(), Produced.with(keys, markets.valueSerde()).withName(RequestRouter.FOLLOW_UPS_TO_MARKETS));

    KStream<String, Event> profiles = source(b, Topics.RESPONDERS, "responders");
    KStream<String, Event> statuses = source(b, Topics.RESPONDER_STATUS, "responder-status");
    profiles.merge(statuses, Named.as("responder-side"))
        .process(ResponderRouter::new, Named.as("responder-router"), ResponderRouter.STORE)
        .to(markets.name(), Produced.with(keys, markets.valueSerde())
            .withName("responders-to-markets"));

    b.stream(Topics.DIRECTORY.name(),
            Consumed.with(Topics.DIRECTORY.keySerde(), Topics.DIRECTORY.valueSerde()).withName("directory"))
        .process(() -> new DirectoryRouter(policy), Named.as("directory-router"), DirectoryRouter.STORE)
        .to(markets.name(), Produced.with(keys, markets.valueSerde())
            .withName("directory-to-markets"));

    globalStore(b, Topics.ONCALL_SCHEDULES, "oncall-schedules", OnCallSchedules.STORE);
    globalStore(b, Topics.QUEUE_SNAPSHOTS, "queue-snapshots", PoolSnapshots.STORE);
    Topology topology = b.build();
    // One named sink per output topic, each with its topic's serdes: the market processor forwards
    // every record to the one sink of its type.
    sinks.addTo(topology, MARKET);
    return topology;
  }

  private static <K, V> StoreBuilder<KeyValueStore<K, V>> cached(StoreBuilder<KeyValueStore<K, V>> b) {
    return b.withCachingEnabled();
  }

  /** Request-side records keyed by requestId, in as many partitions as the request-side topics. */
  private static Repartitioned<String, Event> byRequest(Serde<String> keys, int partitions) {
    Repartitioned<String, Event> r = Repartitioned.with(keys, new org.crisisline.events.JsonSerde<>(Event.class));
    return partitions > 0 ? r.withNumberOfPartitions(partitions) : r;
  }

  /** How long the home region of a request is remembered: longer than any request lives. */
  static java.time.Duration remember(RoutingPolicy policy) {
    java.time.Duration longestTtl = java.util.Arrays.stream(org.crisisline.events.Urgency.values())
        .map(policy::ttl).max(java.util.Comparator.naturalOrder()).orElseThrow();
    return longestTtl.plus(policy.acceptedTtl()).plus(policy.retainTerminal()).multipliedBy(2);
  }

  /** The same for a REFERRAL request: services answer it and report its outcome for {@code referral.outcome.window}. */
  static java.time.Duration rememberReferrals(RoutingPolicy policy) {
    return remember(policy).plus(org.crisisline.routing.market.ReferralTimes.of(policy).outcomeWindow().multipliedBy(2));
  }

  /**
   * The same for a request whose caller consented to be contacted: its follow-ups come up to the
   * longest plan after its end, their retries after that, and they may be cancelled until then.
   */
  static java.time.Duration rememberFollowedUp(RoutingPolicy policy) {
    org.crisisline.routing.market.FollowUpSettings f = org.crisisline.routing.market.FollowUpSettings.of(policy);
    return remember(policy).plus(f.plan().longest()).plus(f.retriesWithin(policy));
  }

  /** A global (every instance, every partition) read-only table of a compacted topic, by its key. */
  private static <V> void globalStore(StreamsBuilder b, Topic<String, V> t, String name, String store) {
    b.globalTable(t.name(), Consumed.with(t.keySerde(), t.valueSerde()).withName(name),
        Materialized.<String, V, KeyValueStore<Bytes, byte[]>>as(store)
            .withKeySerde(t.keySerde()).withValueSerde(t.valueSerde()));
  }

  @SuppressWarnings("unchecked")
  private static <V extends Event> KStream<String, Event> source(StreamsBuilder b, Topic<String, V> t, String name) {
    return (KStream<String, Event>) (KStream<String, ?>) b.stream(t.name(),
        Consumed.with(t.keySerde(), t.valueSerde()).withName(name));
  }

  /** Streams configuration: exactly-once, persistent state under the data dir, dead letters. */
  public static Properties streamsConfig(RoutingConfig config) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    config.kafkaSecurity().applyTo(p);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir(config).toString());
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.replicationFactor());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
    // A warm copy of each store on another instance: failover without restoring from the changelog.
    p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    // The default fails on any non-retriable send error: never dropped silently; the thread is replaced.
    p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DefaultProductionExceptionHandler.class);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
    // Under exactly-once a record is visible downstream only once its transaction commits, and a
    // request crosses one commit (help-requests -> offers; two if re-keyed through markets). The
    // interval is the backstop: output that is waited on is committed early, paced by how long
    // commits take (EarlyCommit, CommitPace; docs/performance.md).
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) config.commitInterval().toMillis());
    // The interval commit is only checked between polls, and an idle thread blocks in poll for
    // poll.ms (100 ms by default): on a quiet line the records just processed waited for the next
    // poll to time out before they were committed (delivered p50 112 ms at 5 req/s, against 55 ms
    // at 50 req/s). An empty poll is a selector wake-up, so waking every 5 ms costs next to nothing.
    p.put(StreamsConfig.POLL_MS_CONFIG, 5L);
    // A send that meets the previous transaction still writing its markers is answered
    // CONCURRENT_TRANSACTIONS and retried after this backoff: 100 ms by default, a stall for every
    // record of the next commit. 10 ms retries while the markers finish.
    p.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 10);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // A killed instance's regions wait until the group notices it is gone: the 45 s default
    // session timeout was the whole of the measured failover (docs/reliability.md). 10 s with a
    // 3 s heartbeat (the defaults of GroupMembership) still rides out a long GC pause; a clean
    // close() leaves the group at once; with an instance id a restarted instance rejoins as itself
    // (static membership) and gets its tasks back without waiting for the session at all.
    Properties membership = new Properties();
    config.membership().applyTo(membership, "routing");
    membership.forEach((k, v) -> p.put(StreamsConfig.mainConsumerPrefix((String) k), v));
    p.put(StreamsConfig.topicPrefix("min.insync.replicas"), Math.min(2, config.replicationFactor()));
    return p;
  }

  static Path stateDir(RoutingConfig config) {
    return config.dataDir().resolve("routing-state");
  }
}
