package org.crisisline.notifier.send;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.crisisline.events.DeliveryAttempted;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.DeliveryDelivered;
import org.crisisline.events.DeliveryFailed;
import org.crisisline.events.Ids;
import org.crisisline.events.SendRecord;
import org.crisisline.notifier.NotifierMetrics;
import org.crisisline.notifier.domain.Ledger;
import org.crisisline.notifier.domain.ProviderResult;
import org.crisisline.notifier.domain.RateLimits;
import org.crisisline.notifier.domain.RetryPolicy;
import org.crisisline.notifier.domain.SendState;
import org.crisisline.notifier.kafka.KafkaWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attempts of one channel of one offer, on the dispatcher's context. Order per attempt:
 * global rate token, CLAIMED written and acknowledged, DeliveryAttempted, the provider call,
 * then SENT / UNKNOWN / RETRYING (+ timer) / FAILED written. Writes {@code notifier-sends} and
 * {@code deliveries} through {@link KafkaWriter}. The in-memory ledger takes each record when it
 * is written, so a provider callback racing the provider's own answer sees the CLAIMED record.
 */
public final class LegRunner {
  private static final Logger LOG = LoggerFactory.getLogger(LegRunner.class);

  private final Vertx vertx;
  private final Context ctx;
  private final KafkaWriter writer;
  private final Ledger ledger;
  private final RetryPolicy retry;
  private final RateLimits limits;
  private final SmsSender sms;
  private final EmailSender email;
  private final NotifierMetrics metrics;
  private final Clock clock;
  private final String callbackBase;
  private Consumer<Job> onLegDone = job -> { };

  public LegRunner(Vertx vertx, Context ctx, KafkaWriter writer, Ledger ledger, RetryPolicy retry, RateLimits limits,
      SmsSender sms, EmailSender email, NotifierMetrics metrics, Clock clock, String callbackBase) {
    this.vertx = vertx;
    this.ctx = ctx;
    this.writer = writer;
    this.ledger = ledger;
    this.retry = retry;
    this.limits = limits;
    this.sms = sms;
    this.email = email;
    this.metrics = metrics;
    this.clock = clock;
    this.callbackBase = callbackBase;
  }

  void onLegDone(Consumer<Job> listener) {
    this.onLegDone = listener;
  }

  void attempt(Job job, Job.Leg leg) {
    if (leg.phase == Job.Leg.Phase.DONE || leg.phase == Job.Leg.Phase.IN_FLIGHT) {
      return;
    }
    if (job.released) {
      done(job, leg);
      return;
    }
    if (job.stopped) {
      settle(job, leg, SendState.STOPPED, job.stopReason);
      return;
    }
    Instant now = clock.instant();
    if (!now.isBefore(job.deadline)) {
      fail(job, leg, "offer expired before the message could be sent", false);
      return;
    }
    leg.phase = Job.Leg.Phase.WAITING;
    limits.global(RateLimits.maxWait(now, job.deadline)).whenComplete((granted, error) -> ctx.runOnContext(v -> {
      if (leg.phase != Job.Leg.Phase.WAITING) {
        return; // stopped or released while waiting
      }
      if (job.released) {
        done(job, leg);
      } else if (job.stopped) {
        settle(job, leg, SendState.STOPPED, job.stopReason);
      } else if (!Boolean.TRUE.equals(granted)) {
        metrics.rateLimited("global");
        fail(job, leg, "rate limited: global send rate would outlast the offer", false);
      } else {
        claim(job, leg);
      }
    }));
  }

  private void claim(Job job, Job.Leg leg) {
    int attempt = leg.attempts + 1;
    SendRecord previous = ledger.get(job.offer.offerId(), leg.channel());
    leg.phase = Job.Leg.Phase.IN_FLIGHT;
    write(record(job, leg, SendState.CLAIMED, attempt, null, null, "attempt " + attempt)).onComplete(ar -> {
      if (ar.failed()) {
        // Not acknowledged, so not sent: undo in memory and try the claim again shortly.
        LOG.warn("could not record claim for offer {} {}: {}", job.offer.offerId(), leg.channel(), ar.cause().toString());
        if (previous != null) {
          ledger.apply(previous);
        } else {
          ledger.remove(job.offer.offerId(), leg.channel());
        }
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
      emit(new DeliveryAttempted(Ids.newId(), clock.instant(), job.offer.offerId(), job.offer.requestId(),
          job.recipientId(), leg.channel(), attempt));
      Instant started = clock.instant();
      call(job, leg).onComplete(res -> onResult(job, leg, res.succeeded() ? res.result()
          : ProviderResult.ambiguous("provider call failed: " + res.cause().getClass().getSimpleName()), started));
    });
  }

  private Future<ProviderResult> call(Job job, Job.Leg leg) {
    if (leg.channel() == DeliveryChannel.SMS) {
      String callback = callbackBase + "/api/v1/sms/status?offerId=" + enc(job.offer.offerId())
          + "&channel=SMS&recipientId=" + enc(job.recipientId()) + "&requestId=" + enc(job.offer.requestId());
      return sms.send(leg.target.address(), job.handoff.smsBody(), callback);
    }
    return email.send(leg.target.address(), job.handoff.emailSubject(), job.handoff.emailBody(),
        job.offer.offerId(), job.recipientId());
  }

  private void onResult(Job job, Job.Leg leg, ProviderResult result, Instant started) {
    Instant now = clock.instant();
    metrics.providerLatency(leg.channel(), Duration.between(started, now));
    switch (result.kind()) {
      case ACCEPTED -> {
        SendRecord current = ledger.get(job.offer.offerId(), leg.channel());
        if (current != null && SendState.CLAIMED.name().equals(current.state())) {
          metrics.outcome(leg.channel(), "sent");
          if (job.offer.occurredAt() != null) {
            metrics.handoffLatency(leg.channel(), Duration.between(job.offer.occurredAt(), now));
          }
          settle(job, leg, record(job, leg, SendState.SENT, leg.attempts, result.messageId(),
              result.providerStatus(), "accepted by provider"));
          emit(new DeliveryDelivered(Ids.newId(), now, job.offer.offerId(), job.offer.requestId(), job.recipientId(),
              leg.channel(), result.messageId(), result.providerStatus()));
        } else {
          done(job, leg); // a status callback got there first and recorded more
        }
      }
      case AMBIGUOUS -> {
        metrics.outcome(leg.channel(), "unknown");
        LOG.warn("offer {} {}: {}; recorded UNKNOWN, not re-sent", job.offer.offerId(), leg.channel(), result.reason());
        settle(job, leg, SendState.UNKNOWN, result.reason());
      }
      default -> {
        if (job.stopped) {
          settle(job, leg, SendState.STOPPED, job.stopReason);
          return;
        }
        var delay = retry.nextDelay(leg.attempts, result, now, job.deadline);
        if (delay.isEmpty()) {
          fail(job, leg, result.reason(), result.kind() == ProviderResult.Kind.PERMANENT);
          return;
        }
        metrics.retried(leg.channel());
        write(record(job, leg, SendState.RETRYING, leg.attempts, null, null, result.reason())).onComplete(ar -> {
          if (job.released) {
            done(job, leg);
          } else {
            backoff(job, leg, delay.get());
          }
        });
      }
    }
  }

  private void backoff(Job job, Job.Leg leg, Duration delay) {
    leg.phase = Job.Leg.Phase.BACKOFF;
    leg.timer = vertx.setTimer(Math.max(1, delay.toMillis()), t -> {
      leg.timer = -1;
      leg.phase = Job.Leg.Phase.WAITING;
      attempt(job, leg);
    });
  }

  void fail(Job job, Job.Leg leg, String reason, boolean permanent) {
    SendRecord failed = record(job, leg, SendState.FAILED, leg.attempts, null, null, reason);
    leg.phase = Job.Leg.Phase.IN_FLIGHT;
    Future<Void> written = write(failed);
    // Decided when the record is taken, so of two channels failing together only the last says "all".
    boolean all = ledger.allFailed(job.offer.offerId(), job.recipient.channels());
    metrics.outcome(leg.channel(), "failed");
    written.onComplete(ar -> {
      emit(new DeliveryFailed(Ids.newId(), clock.instant(), job.offer.offerId(), job.offer.requestId(),
          job.recipientId(), leg.channel(), reason, permanent, all));
      done(job, leg);
    });
  }

  /** All waiting legs of an offer refused by the per-recipient limit. */
  void rateLimited(Job job) {
    metrics.rateLimited("recipient");
    job.legs.values().stream().filter(leg -> leg.phase == Job.Leg.Phase.WAITING)
        .forEach(leg -> fail(job, leg, "rate limited: too many offers for this recipient", false));
  }

  /** The recipient has no usable address: one FAILED record and one DeliveryFailed for the offer. */
  void noContact(Job job) {
    if (!ledger.channels(job.offer.offerId()).isEmpty()) {
      return; // already reported by an earlier run
    }
    var leg = new Job.Leg(new org.crisisline.notifier.domain.Recipient.Target(DeliveryChannel.SMS, "-"), 0);
    job.recipient = new org.crisisline.notifier.domain.Recipient(job.recipientId(), java.util.List.of(leg.target));
    job.legs.put(DeliveryChannel.SMS, leg);
    fail(job, leg, "no contact address for the recipient", true);
  }

  void markUnknown(SendRecord existing, String detail) {
    write(new SendRecord(Ids.newId(), clock.instant(), existing.offerId(), existing.channel(), existing.recipientId(),
        SendState.UNKNOWN.name(), existing.attempts(), existing.providerMessageId(), existing.providerStatus(), detail));
  }

  /** Stop legs that are not at a provider right now; in-flight ones stop when their call returns. */
  void stopIdleLegs(Job job) {
    for (Job.Leg leg : job.legs.values()) {
      if (leg.phase == Job.Leg.Phase.BACKOFF || leg.phase == Job.Leg.Phase.WAITING) {
        if (leg.timer >= 0) {
          vertx.cancelTimer(leg.timer);
          leg.timer = -1;
        }
        settle(job, leg, SendState.STOPPED, job.stopReason);
      }
    }
  }

  void cancelTimers(Job job) {
    for (Job.Leg leg : job.legs.values()) {
      if (leg.phase == Job.Leg.Phase.BACKOFF || leg.phase == Job.Leg.Phase.WAITING) {
        if (leg.timer >= 0) {
          vertx.cancelTimer(leg.timer);
          leg.timer = -1;
        }
        leg.phase = Job.Leg.Phase.DONE;
      }
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
    write(record).onComplete(ar -> done(job, leg));
  }

  private void done(Job job, Job.Leg leg) {
    leg.phase = Job.Leg.Phase.DONE;
    onLegDone.accept(job);
  }

  /** Takes the record into the in-memory ledger now and onto the topic; the future is the broker's ack. */
  Future<Void> write(SendRecord record) {
    ledger.apply(record);
    return writer.ledger(ctx, record).onFailure(e ->
        LOG.error("ledger write failed for offer {} {}: {}", record.offerId(), record.channel(), e.toString()));
  }

  void emit(org.crisisline.events.DeliveryEvent event) {
    writer.delivery(ctx, event).onFailure(e ->
        LOG.error("could not publish {} for offer {}: {}", event.type(), event.offerId(), e.toString()));
  }

  private SendRecord record(Job job, Job.Leg leg, SendState state, int attempts, String messageId,
      String providerStatus, String detail) {
    SendRecord previous = ledger.get(job.offer.offerId(), leg.channel());
    return new SendRecord(Ids.newId(), clock.instant(), job.offer.offerId(), leg.channel(), job.recipientId(),
        state.name(), attempts,
        messageId != null ? messageId : previous == null ? null : previous.providerMessageId(),
        providerStatus != null ? providerStatus : previous == null ? null : previous.providerStatus(), detail);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
  }
}
