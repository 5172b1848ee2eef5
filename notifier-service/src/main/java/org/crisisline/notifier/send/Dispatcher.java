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
import org.crisisline.events.SendRecord;
import org.crisisline.notifier.domain.Notice;
import org.crisisline.notifier.domain.OfferIndex;
import org.crisisline.notifier.domain.OfferNotice;
import org.crisisline.notifier.domain.Recipient;
import org.crisisline.notifier.domain.SendStateMachine;
import org.crisisline.notifier.domain.StopRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns notices (offers' handoffs, pages, all-clears) into sends, once per (sendId, channel).
 * Everything runs on one Vert.x context, so the in-memory jobs and ledger decisions need no
 * locks; public methods hop onto it. Reads the ledger to decide whether a channel starts, resumes
 * or is left alone ({@link SendStateMachine#onOffer}); {@link LegRunner} does the attempts and
 * says when a notice's legs are all done.
 */
public final class Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  /** A profile or on-call person read a moment after the notice: wait this long for it before giving up. */
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

  /**
   * A notice read from an input partition ({@code source}, "topic-partition", kept for
   * rebalances). Any thread.
   */
  public void submit(Notice notice, String source) {
    ctx.runOnContext(v -> {
      try {
        onNotice(notice, source);
      } catch (RuntimeException e) {
        // One notice's fault must not stop the others; the ledger has nothing, so a replay retries it.
        jobs.remove(notice.sendId());
        LOG.error("could not start sending {}", notice.sendId(), e);
      }
    });
  }

  /**
   * Stops the notices {@code stop} covers ({@link StopRules}), and remembers it, so a notice it covers
   * that is read again later (a replay after a rebalance) is not started. Any thread.
   */
  public void stop(StopRules.Stop stop) {
    index.stop(stop, clock.instant());
    ctx.runOnContext(v -> List.copyOf(jobs.values()).stream()
        .filter(j -> stop.covers(j.notice))
        .forEach(j -> stop(j, stop.reason())));
  }

  /**
   * Lets go of the notices read from {@code sources} (null: all): no new attempt starts, pending
   * retries stay RETRYING in the ledger for the next owner, and the future completes once every
   * call already at a provider has its outcome written.
   */
  public Future<Void> release(Set<String> sources) {
    Promise<Void> done = Promise.promise();
    ctx.runOnContext(v -> {
      List<Job> mine = jobs.values().stream()
          .filter(j -> sources == null || sources.contains(j.source)).toList();
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

  /** Stops taking notices and releases everything. */
  public Future<Void> close() {
    ctx.runOnContext(v -> closing = true);
    return release(null);
  }

  /**
   * Tombstones ledger records older than {@code horizon} (notices that expired long before; no
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

  private void onNotice(Notice notice, String source) {
    if (closing || jobs.containsKey(notice.sendId())) {
      return;
    }
    if (notice instanceof OfferNotice o) {
      index.add(o.offer());
    }
    Instant now = clock.instant();
    Instant deadline = notice.deadline(now);
    if (!now.isBefore(deadline) || index.isStopped(notice)) {
      LOG.debug("{} expired or stopped before it was sent", notice.sendId());
      return;
    }
    Job job = new Job(notice, source, deadline);
    jobs.put(notice.sendId(), job);
    resolve(job, now.plus(RECIPIENT_WAIT));
  }

  private void resolve(Job job, Instant giveUpAt) {
    job.resolveTimer = -1;
    Notice notice = job.notice;
    if (job.released || job.stopped) {
      jobs.remove(notice.sendId(), job);
      return;
    }
    Recipient recipient = handoffs.recipient(notice);
    if (recipient.targets().isEmpty()) {
      Instant now = clock.instant();
      if (now.isBefore(giveUpAt) && now.isBefore(job.deadline)) {
        job.resolveTimer = ctx.owner().setTimer(250, t -> resolve(job, giveUpAt));
      } else {
        runner.noContact(job);
        jobs.remove(notice.sendId(), job);
      }
      return;
    }
    job.recipient = recipient;
    job.handoff = handoffs.compose(notice, job.deadline);
    boolean fresh = false;
    for (Recipient.Target target : recipient.targets()) {
      SendRecord existing = log.latest(notice.sendId(), target.channel());
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
      jobs.remove(notice.sendId(), job);
      return;
    }
    runner.start(job, fresh).onComplete(done -> jobs.remove(notice.sendId(), job));
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
