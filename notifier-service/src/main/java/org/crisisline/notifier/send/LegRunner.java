package org.crisisline.notifier.send;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.crisisline.events.DeliveryAttempted;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.DeliveryDelivered;
import org.crisisline.events.DeliveryFailed;
import org.crisisline.events.Ids;
import org.crisisline.events.SendRecord;
import org.crisisline.notifier.NotifierMetrics;
import org.crisisline.notifier.domain.ProviderResult;
import org.crisisline.notifier.domain.RateLimits;
import org.crisisline.notifier.domain.Recipient;
import org.crisisline.notifier.domain.SendState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attempts of each channel of one notice (offer, page, all-clear), on the dispatcher's
 * context. Per notice: one per-recipient rate token for a fresh one. Per attempt: global rate token, CLAIMED written and
 * acknowledged, DeliveryAttempted, the provider call, then SENT / UNKNOWN / RETRYING (+ timer) /
 * FAILED written through {@link SendLog}. {@link #start} returns a future that completes when
 * every leg of the notice is done; the runner knows nothing of who waits for it.
 */
public final class LegRunner {
  private static final Logger LOG = LoggerFactory.getLogger(LegRunner.class);

  private final Context ctx;
  private final SendLog log;
  private final Providers providers;
  private final Pacing pacing;
  private final NotifierMetrics metrics;
  private final Clock clock;

  public LegRunner(Context ctx, SendLog log, Providers providers, Pacing pacing, NotifierMetrics metrics,
      Clock clock) {
    this.ctx = ctx;
    this.log = log;
    this.providers = providers;
    this.pacing = pacing;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Runs the job's legs. A {@code fresh} notice (nothing in the ledger yet) first takes one token
   * per notice and recipient: a page is one page, whatever the number of channels. Waiting in line
   * is worth it only while the message still leaves time to act on it.
   */
  Future<Void> start(Job job, boolean fresh) {
    if (!fresh) {
      job.legs.values().forEach(leg -> attempt(job, leg));
      return job.finished();
    }
    Duration maxWait = RateLimits.maxWait(clock.instant(), job.deadline);
    pacing.limits().recipient(job.recipientId(), maxWait).whenComplete((granted, error) -> ctx.runOnContext(v -> {
      if (Boolean.TRUE.equals(granted)) {
        job.legs.values().forEach(leg -> attempt(job, leg));
      } else {
        rateLimited(job);
      }
    }));
    return job.finished();
  }

  /** The recipient has no usable address: one FAILED record and one DeliveryFailed for the notice. */
  void noContact(Job job) {
    if (log.hasAny(job.sendId())) {
      return; // already reported by an earlier run
    }
    var leg = new Job.Leg(new Recipient.Target(DeliveryChannel.SMS, "-"), 0);
    job.recipient = new Recipient(job.recipientId(), List.of(leg.target));
    job.legs.put(DeliveryChannel.SMS, leg);
    fail(job, leg, "no contact address for the recipient", true);
  }

  /** Stop legs that are not at a provider right now; in-flight ones stop when their call returns. */
  void stopIdleLegs(Job job) {
    for (Job.Leg leg : job.legs.values()) {
      if (idle(leg)) {
        cancelTimer(leg);
        settle(job, leg, SendState.STOPPED, job.stopReason);
      }
    }
  }

  /** Let go of idle legs without a record: a pending retry stays RETRYING in the ledger for the next owner. */
  void cancelTimers(Job job) {
    for (Job.Leg leg : job.legs.values()) {
      if (idle(leg)) {
        cancelTimer(leg);
        job.legDone(leg);
      }
    }
  }

  private void attempt(Job job, Job.Leg leg) {
    if (leg.phase == Job.Leg.Phase.DONE || leg.phase == Job.Leg.Phase.IN_FLIGHT) {
      return;
    }
    if (job.released) {
      job.legDone(leg);
      return;
    }
    if (job.stopped) {
      settle(job, leg, SendState.STOPPED, job.stopReason);
      return;
    }
    Instant now = clock.instant();
    if (!now.isBefore(job.deadline)) {
      fail(job, leg, "expired before the message could be sent", false);
      return;
    }
    var unsendable = providers.unsendable(job, leg);
    if (unsendable.isPresent()) {
      fail(job, leg, unsendable.get(), true);
      return;
    }
    leg.phase = Job.Leg.Phase.WAITING;
    pacing.limits().global(RateLimits.maxWait(now, job.deadline)).whenComplete((granted, error) -> ctx.runOnContext(v -> {
      if (leg.phase != Job.Leg.Phase.WAITING) {
        return; // stopped or released while waiting
      }
      if (job.released) {
        job.legDone(leg);
      } else if (job.stopped) {
        settle(job, leg, SendState.STOPPED, job.stopReason);
      } else if (!Boolean.TRUE.equals(granted)) {
        metrics.rateLimited("global");
        fail(job, leg, "rate limited: global send rate would outlast the message's deadline", false);
      } else {
        claim(job, leg);
      }
    }));
  }

  private void claim(Job job, Job.Leg leg) {
    int attempt = leg.attempts + 1;
    SendRecord previous = log.latest(job.sendId(), leg.channel());
    leg.phase = Job.Leg.Phase.IN_FLIGHT;
    log.write(record(job, leg, SendState.CLAIMED, attempt, null, null, "attempt " + attempt)).onComplete(ar -> {
      if (ar.failed()) {
        // Not acknowledged, so not sent: undo in memory and try the claim again shortly.
        LOG.warn("could not record claim for {} {}: {}", job.sendId(), leg.channel(), ar.cause().toString());
        log.undo(job.sendId(), leg.channel(), previous);
        backoff(job, leg, Duration.ofSeconds(1));
        return;
      }
      leg.attempts = attempt;
      if (job.stopped) {
        settle(job, leg, SendState.STOPPED, job.stopReason);
        return;
      }
      if (job.released) {
        settle(job, leg, SendState.RETRYING, "released before the provider was called");
        return;
      }
      log.emit(new DeliveryAttempted(Ids.newId(), clock.instant(), job.sendId(), job.notice.requestId(),
          job.recipientId(), leg.channel(), attempt));
      Instant started = clock.instant();
      providers.send(job, leg).onComplete(res -> onResult(job, leg, res.succeeded() ? res.result()
          : ProviderResult.ambiguous("provider call failed: " + res.cause().getClass().getSimpleName()), started));
    });
  }

  private void onResult(Job job, Job.Leg leg, ProviderResult result, Instant started) {
    Instant now = clock.instant();
    metrics.providerLatency(leg.channel(), Duration.between(started, now));
    switch (result.kind()) {
      case ACCEPTED -> {
        SendRecord current = log.latest(job.sendId(), leg.channel());
        if (current != null && SendState.CLAIMED.name().equals(current.state())) {
          metrics.outcome(leg.channel(), "sent");
          if (job.notice.madeAt() != null) {
            metrics.handoffLatency(leg.channel(), Duration.between(job.notice.madeAt(), now));
          }
          settle(job, leg, record(job, leg, SendState.SENT, leg.attempts, result.messageId(),
              result.providerStatus(), "accepted by provider"));
          log.emit(new DeliveryDelivered(Ids.newId(), now, job.sendId(), job.notice.requestId(),
              job.recipientId(), leg.channel(), result.messageId(), result.providerStatus()));
        } else {
          job.legDone(leg); // a status callback got there first and recorded more
        }
      }
      case AMBIGUOUS -> {
        metrics.outcome(leg.channel(), "unknown");
        LOG.warn("send {} {}: {}; recorded UNKNOWN, not re-sent", job.sendId(), leg.channel(), result.reason());
        settle(job, leg, SendState.UNKNOWN, result.reason());
      }
      default -> retryOrFail(job, leg, result, now);
    }
  }

  private void retryOrFail(Job job, Job.Leg leg, ProviderResult result, Instant now) {
    if (job.stopped) {
      settle(job, leg, SendState.STOPPED, job.stopReason);
      return;
    }
    var delay = pacing.retry().nextDelay(leg.attempts, result, now, job.deadline);
    if (delay.isEmpty()) {
      fail(job, leg, result.reason(), result.kind() == ProviderResult.Kind.PERMANENT);
      return;
    }
    metrics.retried(leg.channel());
    log.write(record(job, leg, SendState.RETRYING, leg.attempts, null, null, result.reason())).onComplete(ar -> {
      if (job.released) {
        job.legDone(leg);
      } else {
        backoff(job, leg, delay.get());
      }
    });
  }

  private void backoff(Job job, Job.Leg leg, Duration delay) {
    leg.phase = Job.Leg.Phase.BACKOFF;
    leg.timer = ctx.owner().setTimer(Math.max(1, delay.toMillis()), t -> {
      leg.timer = -1;
      leg.phase = Job.Leg.Phase.WAITING;
      attempt(job, leg);
    });
  }

  private void fail(Job job, Job.Leg leg, String reason, boolean permanent) {
    SendRecord failed = record(job, leg, SendState.FAILED, leg.attempts, null, null, reason);
    leg.phase = Job.Leg.Phase.IN_FLIGHT;
    Future<Void> written = log.write(failed);
    // Decided when the record is taken, so of two channels failing together only the last says "all".
    boolean all = log.allFailed(job.sendId(), job.recipient.channels());
    metrics.outcome(leg.channel(), "failed");
    written.onComplete(ar -> {
      log.emit(new DeliveryFailed(Ids.newId(), clock.instant(), job.sendId(), job.notice.requestId(),
          job.recipientId(), leg.channel(), reason, permanent, all));
      job.legDone(leg);
    });
  }

  /** All waiting legs of a notice refused by the per-recipient limit. */
  private void rateLimited(Job job) {
    metrics.rateLimited("recipient");
    job.legs.values().stream().filter(leg -> leg.phase == Job.Leg.Phase.WAITING)
        .forEach(leg -> fail(job, leg, "rate limited: too many messages for this recipient", false));
  }

  private static boolean idle(Job.Leg leg) {
    return leg.phase == Job.Leg.Phase.BACKOFF || leg.phase == Job.Leg.Phase.WAITING;
  }

  private void cancelTimer(Job.Leg leg) {
    if (leg.timer >= 0) {
      ctx.owner().cancelTimer(leg.timer);
      leg.timer = -1;
    }
  }

  private void settle(Job job, Job.Leg leg, SendState state, String detail) {
    if (state == SendState.STOPPED) {
      metrics.outcome(leg.channel(), "stopped");
    }
    settle(job, leg, record(job, leg, state, leg.attempts, null, null, detail));
  }

  private void settle(Job job, Job.Leg leg, SendRecord record) {
    leg.phase = Job.Leg.Phase.IN_FLIGHT;
    log.write(record).onComplete(ar -> job.legDone(leg));
  }

  private SendRecord record(Job job, Job.Leg leg, SendState state, int attempts, String messageId,
      String providerStatus, String detail) {
    SendRecord previous = log.latest(job.sendId(), leg.channel());
    return new SendRecord(Ids.newId(), clock.instant(), job.sendId(), leg.channel(), job.recipientId(),
        state.name(), attempts,
        messageId != null ? messageId : previous == null ? null : previous.providerMessageId(),
        providerStatus != null ? providerStatus : previous == null ? null : previous.providerStatus(), detail);
  }
}
