package org.crisisline.notifier.send;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crisisline.events.Ids;
import org.crisisline.events.OfferMade;
import org.crisisline.events.SendRecord;
import org.crisisline.notifier.domain.OfferIndex;
import org.crisisline.notifier.domain.Recipient;
import org.crisisline.notifier.domain.SendStateMachine;
import org.crisisline.notifier.domain.StopRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns offers into sends, once per (offerId, channel). Everything runs on one Vert.x context,
 * so the in-memory jobs and ledger decisions need no locks; public methods hop onto it.
 * Reads the ledger to decide whether a channel starts, resumes or is left alone
 * ({@link SendStateMachine#onOffer}); {@link LegRunner} does the attempts and says when an
 * offer's legs are all done.
 */
public final class Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  /** A profile read a moment after its offer: wait this long for it before giving up. */
  static final Duration RECIPIENT_WAIT = Duration.ofSeconds(5);

  private final Context ctx;
  private final SendLog log;
  private final OfferIndex index;
  private final Handoffs handoffs;
  private final LegRunner runner;
  private final Clock clock;
  private final Map<String, Job> jobs = new HashMap<>();
  private boolean closing;

  public Dispatcher(Context ctx, SendLog log, OfferIndex index, Handoffs handoffs, LegRunner runner, Clock clock) {
    this.ctx = ctx;
    this.log = log;
    this.index = index;
    this.handoffs = handoffs;
    this.runner = runner;
    this.clock = clock;
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
          ctx.owner().cancelTimer(j.resolveTimer);
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

  /**
   * Tombstones ledger records older than {@code horizon} (offers that expired long before; no
   * replay reaches back that far), so the compacted ledger does not grow for ever.
   */
  public void sweep(Instant horizon) {
    ctx.runOnContext(v -> log.forgetOlderThan(horizon, jobs::containsKey));
  }

  private void awaitIdle(List<Job> pending, Promise<Void> done) {
    pending.removeIf(j -> !j.busy());
    if (pending.isEmpty()) {
      jobs.values().removeIf(j -> j.released);
      done.complete();
    } else {
      ctx.owner().setTimer(20, t -> awaitIdle(pending, done));
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
    Recipient recipient = handoffs.recipient(offer);
    if (recipient.targets().isEmpty()) {
      Instant now = clock.instant();
      if (now.isBefore(giveUpAt) && now.isBefore(job.deadline)) {
        job.resolveTimer = ctx.owner().setTimer(250, t -> resolve(job, giveUpAt));
      } else {
        runner.noContact(job);
        jobs.remove(offer.offerId(), job);
      }
      return;
    }
    job.recipient = recipient;
    job.handoff = handoffs.compose(offer, job.deadline);
    boolean fresh = false;
    for (Recipient.Target target : recipient.targets()) {
      SendRecord existing = log.latest(offer.offerId(), target.channel());
      switch (SendStateMachine.onOffer(existing)) {
        case FIRST_ATTEMPT -> {
          job.legs.put(target.channel(), new Job.Leg(target, 0));
          fresh = true;
        }
        case RESUME -> job.legs.put(target.channel(), new Job.Leg(target, existing.attempts()));
        case MARK_UNKNOWN -> log.write(SendStateMachine.markUnknown(existing, Ids.newId(), clock.instant(),
            "claimed by a process that stopped mid-send; not re-sent"));
        case SKIP -> { }
      }
    }
    if (job.legs.isEmpty()) {
      jobs.remove(offer.offerId(), job);
      return;
    }
    runner.start(job, fresh).onComplete(done -> jobs.remove(offer.offerId(), job));
  }

  private void stop(Job job, String reason) {
    if (job.stopped) {
      return;
    }
    job.stopped = true;
    job.stopReason = reason;
    runner.stopIdleLegs(job);
  }
}
