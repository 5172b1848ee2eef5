package org.crisisline.routing.streams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.crisisline.events.AlertAckRequested;
import org.crisisline.events.AnswerEvent;
import org.crisisline.events.DeliveryEvent;
import org.crisisline.events.Event;
import org.crisisline.events.FollowUpRequested;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Need;
import org.crisisline.events.RegionPartitions;
import org.crisisline.events.RequestCancelled;
import org.crisisline.events.Urgency;
import org.crisisline.routing.RoutingMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each request-side input to its region's market. Reads {@code help-requests}
 * (HelpRequestLogged, RequestCancelled), {@code offer-answers} (AnswerEvent), delivery
 * failures re-keyed by requestId and alert acknowledgements ({@code alert-acks},
 * {@code sms-alert-acks}: AlertAckRequested), all keyed by requestId; keeps requestId -> home region in
 * the {@code request-markets} store (forgotten, hourly, once older than any request can live); writes {@link MarketMessage}s keyed by region.
 *
 * <p>One hop or two: a request whose id is aligned with its region ({@link RegionPartitions}) is
 * read in the task that holds its region's market, and goes to it directly, in the same
 * transaction; so do its later records, which this router does not know (the market finds the
 * request by its id). Any other request is remembered here and re-keyed through
 * {@code <application.id>-markets}, with every later record of it. A request later rolled over
 * is found by the home market, which forwards (re-keys) to where it went.
 * Logged requests lose their PII fields here: matching never needs them. Only the caller contact of a
 * caller who consented to be contacted stays, sealed as intake sealed it (routing has no key and never
 * opens it): the follow-ups' caring message needs it ({@code FollowUpDue}). A consented request's home
 * region is remembered as long as its follow-ups may come, and a follow-up a person adds
 * ({@link FollowUpRequested}) keeps it until that one is due, so cancellations find it.
 */
public final class RequestRouter implements Processor<String, Event, String, MarketMessage> {
  public static final String STORE = "request-markets";
  /** The child that re-keys through {@code -markets}. */
  public static final String TO_MARKETS = "request-side-to-markets";
  /** The child that is the market processor of this task (merged with {@code -markets}). */
  public static final String TO_MARKET = "request-side-and-markets";
  /** The follow-up router's child: it only re-keys. */
  public static final String FOLLOW_UPS_TO_MARKETS = "follow-ups-to-markets";

  /**
   * Where this router forwards: {@code rekey}, or {@code direct} (null: never) for a request aligned
   * with its region among {@code partitions} request-side partitions (0: none is).
   */
  public record Children(String rekey, String direct, int partitions) {
    public static final Children REKEY_ONLY = new Children(FOLLOW_UPS_TO_MARKETS, null, 0);

    public static Children of(int partitions) {
      return new Children(TO_MARKETS, TO_MARKET, partitions);
    }
  }

  private static final Logger log = LoggerFactory.getLogger(RequestRouter.class);
  private final RoutingMetrics metrics;
  private ProcessorContext<String, MarketMessage> context;
  private KeyValueStore<String, String> markets;

  private final Duration keep;
  private final Duration keepReferrals;
  private final Duration keepFollowedUp;
  private final EarlyCommit earlyCommit;
  private final Children children;

  /**
   * {@code keep}: how long a request's home region is remembered (longer than any request lives);
   * {@code keepReferrals}: the same for a REFERRAL request, whose service answers and reports its
   * outcome long after (only those are kept that long, so the store stays small);
   * {@code keepFollowedUp}: the same for a request whose caller consented to be contacted, followed up
   * (and its follow-ups cancelled) long after;
   * {@code earlyCommit}: when to commit without waiting for the interval;
   * {@code children}: where to forward.
   */
  public RequestRouter(RoutingMetrics metrics, Duration keep, Duration keepReferrals, Duration keepFollowedUp,
      EarlyCommit earlyCommit, Children children) {
    this.children = children;
    this.metrics = metrics;
    this.keep = keep;
    this.keepReferrals = keepReferrals;
    this.keepFollowedUp = keepFollowedUp;
    this.earlyCommit = earlyCommit;
  }

  @Override
  public void init(ProcessorContext<String, MarketMessage> context) {
    this.context = context;
    this.markets = context.getStateStore(STORE);
    context.schedule(Duration.ofHours(1), PunctuationType.WALL_CLOCK_TIME, this::forgetOld);
  }

  /**
   * Entries are {@code region|firstSeenMillis}, dropped once older than every request's lifetime,
   * or (referrals) {@code region|+forgetAtMillis}, dropped after that time.
   */
  private void forgetOld(long now) {
    List<String> old = new ArrayList<>();
    try (KeyValueIterator<String, String> it = markets.all()) {
      it.forEachRemaining(kv -> {
        String at = kv.value.substring(kv.value.lastIndexOf('|') + 1);
        if (at.startsWith("+") ? now > Long.parseLong(at.substring(1)) : now - seenAt(kv.value) > keep.toMillis()) {
          old.add(kv.key);
        }
      });
    }
    old.forEach(markets::delete);
  }

  private static String region(String entry) {
    int bar = entry.lastIndexOf('|');
    return bar < 0 ? entry : entry.substring(0, bar);
  }

  private static long seenAt(String entry) {
    int bar = entry.lastIndexOf('|');
    return bar < 0 ? Long.MAX_VALUE : Long.parseLong(entry.substring(bar + 1));
  }

  @Override
  public void process(Record<String, Event> record) {
    Event e = record.value();
    if (e == null) {
      return;
    }
    EarlyCommit.Reason early = earlyCommit.wanted(record.timestamp(), context);
    if (e instanceof HelpRequestLogged h) {
      validate(h);
      String entry = markets.get(h.requestId());
      Record<String, MarketMessage> placed = record.withKey(h.region()).withValue(MarketMessage.of(withoutPii(h)));
      if (entry == null && inThisTask(h)) {
        context.forward(placed, children.direct()); // the market asks for the commit if it is waited on
        return;
      }
      if (entry == null) {
        long seen = context.currentSystemTimeMs();
        long forgetAt = Math.max(h.need() == Need.REFERRAL ? seen + keepReferrals.toMillis() : 0,
            h.consentToContact() ? seen + keepFollowedUp.toMillis() : 0);
        entry = h.region() + "|" + (forgetAt > 0 ? "+" + forgetAt : seen);
        markets.put(h.requestId(), entry);
      }
      context.forward(placed.withKey(region(entry)), children.rekey());
      commitEarlyIf(early);
      return;
    }
    String requestId = requestIdOf(e);
    String entry = requestId == null ? null : markets.get(requestId);
    if (entry == null && requestId != null && children.direct() != null) {
      // Not remembered here: the request came in one hop, its market in this task knows it (or nobody does).
      context.forward(record.withKey((String) null).withValue(MarketMessage.of(e)), children.direct());
      return;
    }
    if (entry == null) {
      unroutable(metrics, e.type(), requestId);
      return;
    }
    if (e instanceof FollowUpRequested f && f.dueAt() != null) {
      entry = keptUntil(requestId, entry, f.dueAt().toEpochMilli() + keep.toMillis());
    }
    context.forward(record.withKey(region(entry)).withValue(MarketMessage.of(e)), children.rekey());
    commitEarlyIf(early);
  }

  /**
   * True if {@code h} may go to its market directly: its id is aligned with its region and this
   * task is its region's (a topic with another partition count would put it elsewhere).
   */
  private boolean inThisTask(HelpRequestLogged h) {
    int n = children.partitions();
    if (children.direct() == null || n < 1) {
      return false;
    }
    int home = RegionPartitions.of(h.region(), n);
    return RegionPartitions.of(h.requestId(), n) == home && context.taskId().partition() == home;
  }

  /** The request a cancellation, answer, delivery failure or acknowledgement is about; null for anything else. */
  public static String requestIdOf(Event e) {
    return e instanceof RequestCancelled c ? c.requestId()
        : e instanceof AnswerEvent a ? a.requestId()
        : e instanceof DeliveryEvent d ? d.requestId()
        : e instanceof AlertAckRequested k ? k.requestId()
        : null;
  }

  /** An answer, cancellation or acknowledgement for a request routing never saw: nothing can apply it. */
  public static void unroutable(RoutingMetrics metrics, String type, String requestId) {
    metrics.inc("unroutable.records",
        "Answers, cancellations, delivery failures and alert acknowledgements of requests routing never saw");
    log.warn("no market for {} of request {}", type, requestId);
  }

  /** Remembers {@code requestId}'s region at least until {@code forgetAt}. */
  private String keptUntil(String requestId, String entry, long forgetAt) {
    String at = entry.substring(entry.lastIndexOf('|') + 1);
    long now = at.startsWith("+") ? Long.parseLong(at.substring(1)) : seenAt(entry) + keep.toMillis();
    if (forgetAt <= now) {
      return entry;
    }
    String longer = region(entry) + "|+" + forgetAt;
    markets.put(requestId, longer);
    return longer;
  }

  /** Every record re-keyed here is waited on (a request to place, an answer, a cancellation). */
  private void commitEarlyIf(EarlyCommit.Reason why) {
    if (why != null) {
      earlyCommit.commit(context, why);
    }
  }

  /** Rejects (to dead-letters, via the processing handler) requests routing cannot place. */
  static void validate(HelpRequestLogged h) {
    String missing = h.requestId() == null ? "requestId"
        : h.region() == null || h.region().isBlank() ? "region"
        : h.urgency() == null ? "urgency"
        : h.need() == null ? "need"
        : h.language() == null || h.language().isBlank() ? "language"
        : h.need() == Need.REFERRAL && h.referralKind() == null && h.urgency() != Urgency.IMMINENT_RISK
            ? "referralKind" : null;
    if (missing != null) {
      throw new IllegalArgumentException("HelpRequestLogged lacks " + missing);
    }
  }

  static HelpRequestLogged withoutPii(HelpRequestLogged h) {
    return new HelpRequestLogged(h.eventId(), h.occurredAt(), h.requestId(), h.channel(), h.urgency(), h.need(),
        h.referralKind(), h.language(), h.region(), h.postalCode(), h.ageGroup(), h.specialties(), null,
        h.consentToContact() ? h.callerContact() : null, h.consentToContact(), h.loggedBy(), null, null, h.serviceId(), h.parentRequestId());
  }
}
