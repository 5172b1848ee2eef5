package org.crisisline.notifier.send;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crisisline.events.OfferLinks;
import org.crisisline.events.OfferMade;
import org.crisisline.events.SendRecord;
import org.crisisline.notifier.domain.Contacts;
import org.crisisline.notifier.domain.Ledger;
import org.crisisline.notifier.domain.MessageComposer;
import org.crisisline.notifier.domain.OfferIndex;
import org.crisisline.notifier.domain.RateLimits;
import org.crisisline.notifier.domain.Recipient;
import org.crisisline.notifier.domain.SendState;
import org.crisisline.notifier.domain.SendStateMachine;
import org.crisisline.notifier.domain.StopRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns offers into sends, once per (offerId, channel). Everything runs on one Vert.x context,
 * so the in-memory jobs and ledger decisions need no locks; public methods hop onto it.
 * Reads the ledger to decide whether a channel starts, resumes or is left alone
 * ({@link SendStateMachine#onOffer}); {@link LegRunner} does the attempts.
 */
public final class Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  /** A profile read a moment after its offer: wait this long for it before giving up. */
  static final Duration RECIPIENT_WAIT = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final Context ctx;
  private final Contacts contacts;
  private final Ledger ledger;
  private final OfferIndex index;
  private final MessageComposer composer;
  private final OfferLinks links;
  private final String publicUrl;
  private final RateLimits limits;
  private final LegRunner runner;
  private final Clock clock;
  private final Map<String, Job> jobs = new HashMap<>();
  private boolean closing;

  public Dispatcher(Vertx vertx, Context ctx, Contacts contacts, Ledger ledger, OfferIndex index,
      MessageComposer composer, OfferLinks links, String publicUrl, RateLimits limits, LegRunner runner, Clock clock) {
    this.vertx = vertx;
    this.ctx = ctx;
    this.contacts = contacts;
    this.ledger = ledger;
    this.index = index;
    this.composer = composer;
    this.links = links;
    this.publicUrl = publicUrl;
    this.limits = limits;
    this.runner = runner;
    this.clock = clock;
    runner.onLegDone(this::legDone);
  }

  /** An offer read from {@code offers} (partition kept for rebalances). Any thread. */
  public void submit(OfferMade offer, int partition) {
    ctx.runOnContext(v -> {
      try {
        onOffer(offer, partition);
      } catch (RuntimeException e) {
        // One offer's fault must not stop the others; the ledger has nothing, so a replay retries it.
        jobs.remove(offer.offerId());
        LOG.error("could not start sending offer {}", offer.offerId(), e);
      }
    });
  }

  /** Stops the offers {@code stop} covers ({@link StopRules}). Any thread. */
  public void stop(StopRules.Stop stop) {
    ctx.runOnContext(v -> List.copyOf(jobs.values()).stream()
        .filter(j -> stop.covers(j.offer.offerId(), j.offer.requestId()))
        .forEach(j -> stop(j, stop.reason())));
  }

  /**
   * Lets go of the offers of {@code partitions} (null: all): no new attempt starts, pending
   * retries stay RETRYING in the ledger for the next owner, and the future completes once every
   * call already at a provider has its outcome written.
   */
  public Future<Void> release(Set<Integer> partitions) {
    Promise<Void> done = Promise.promise();
    ctx.runOnContext(v -> {
      List<Job> mine = jobs.values().stream()
          .filter(j -> partitions == null || partitions.contains(j.partition)).toList();
      mine.forEach(j -> {
        j.released = true;
        runner.cancelTimers(j);
        if (j.resolveTimer >= 0) {
          vertx.cancelTimer(j.resolveTimer);
        }
      });
      awaitIdle(new ArrayList<>(mine), done);
    });
    return done.future();
  }

  /** Stops taking offers and releases everything. */
  public Future<Void> close() {
    ctx.runOnContext(v -> closing = true);
    return release(null);
  }

  private void awaitIdle(List<Job> pending, Promise<Void> done) {
    pending.removeIf(j -> !j.busy());
    if (pending.isEmpty()) {
      jobs.values().removeIf(j -> j.released);
      done.complete();
    } else {
      vertx.setTimer(20, t -> awaitIdle(pending, done));
    }
  }

  private void onOffer(OfferMade offer, int partition) {
    if (closing || jobs.containsKey(offer.offerId())) {
      return;
    }
    index.add(offer);
    Instant now = clock.instant();
    Instant deadline = StopRules.deadline(offer, now);
    if (!now.isBefore(deadline) || index.isStopped(offer)) {
      LOG.debug("offer {} expired or stopped before it was sent", offer.offerId());
      return;
    }
    Job job = new Job(offer, partition, deadline);
    jobs.put(offer.offerId(), job);
    resolve(job, now.plus(RECIPIENT_WAIT));
  }

  private void resolve(Job job, Instant giveUpAt) {
    job.resolveTimer = -1;
    if (job.released || job.stopped) {
      jobs.remove(job.offer.offerId(), job);
      return;
    }
    OfferMade offer = job.offer;
    Recipient recipient = offer.isReferral()
        ? Recipient.forService(offer, contacts.service(offer.serviceId()))
        : Recipient.forResponder(offer, contacts.responder(offer.responderId()));
    if (recipient.targets().isEmpty()) {
      Instant now = clock.instant();
      if (now.isBefore(giveUpAt) && now.isBefore(job.deadline)) {
        job.resolveTimer = vertx.setTimer(250, t -> resolve(job, giveUpAt));
      } else {
        runner.noContact(job);
        jobs.remove(offer.offerId(), job);
      }
      return;
    }
    job.recipient = recipient;
    String token = links.sign(new OfferLinks.Claims(offer.offerId(), job.deadline));
    job.handoff = composer.compose(offer, publicUrl + "/r/" + token);
    boolean fresh = false;
    for (Recipient.Target target : recipient.targets()) {
      SendRecord existing = ledger.get(offer.offerId(), target.channel());
      switch (SendStateMachine.onOffer(existing)) {
        case FIRST_ATTEMPT -> {
          job.legs.put(target.channel(), new Job.Leg(target, 0));
          fresh = true;
        }
        case RESUME -> job.legs.put(target.channel(), new Job.Leg(target, existing.attempts()));
        case MARK_UNKNOWN -> runner.markUnknown(existing, "claimed by a process that stopped mid-send; not re-sent");
        case SKIP -> { }
      }
    }
    if (job.legs.isEmpty()) {
      jobs.remove(offer.offerId(), job);
      return;
    }
    if (!fresh) {
      job.legs.values().forEach(leg -> runner.attempt(job, leg));
      return;
    }
    // One token per offer and recipient: a page is one page, whatever the number of channels.
    // Waiting in line is worth it only while the page still leaves time to answer it.
    Duration maxWait = RateLimits.maxWait(clock.instant(), job.deadline);
    limits.recipient(job.recipientId(), maxWait).whenComplete((granted, error) -> ctx.runOnContext(v -> {
      if (Boolean.TRUE.equals(granted)) {
        job.legs.values().forEach(leg -> runner.attempt(job, leg));
      } else {
        runner.rateLimited(job);
      }
    }));
  }

  private void stop(Job job, String reason) {
    if (job.stopped) {
      return;
    }
    job.stopped = true;
    job.stopReason = reason;
    runner.stopIdleLegs(job);
  }

  /**
   * Tombstones ledger records older than {@code horizon} (offers that expired long before; no
   * replay reaches back that far), so the compacted ledger does not grow for ever.
   */
  public void sweep(java.time.Instant horizon, org.crisisline.notifier.kafka.KafkaWriter writer) {
    ctx.runOnContext(v -> ledger.olderThan(horizon).stream()
        .filter(r -> !jobs.containsKey(r.offerId()))
        .forEach(r -> {
          ledger.remove(r.offerId(), r.channel());
          writer.forget(ctx, r.offerId(), r.channel())
              .onFailure(e -> LOG.warn("could not tombstone ledger key of offer {}: {}", r.offerId(), e.toString()));
        }));
  }

  /** Called by the runner once a leg is done: forget finished offers. */
  void legDone(Job job) {
    if (job.finished()) {
      jobs.remove(job.offer.offerId(), job);
    }
  }

  public Context context() {
    return ctx;
  }

  /** For /ready and tests: offers with a send in progress. */
  public int activeOffers() {
    return jobs.size();
  }

  static boolean isFinal(SendRecord r) {
    return r != null && SendState.parse(r.state()).isFinal();
  }
}
