package org.crisisline.intake.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.crisisline.events.ConsentWithdrawn;
import org.crisisline.events.FollowUpCancelRequested;
import org.crisisline.events.FollowUpDue;
import org.crisisline.events.KafkaClientSecurity;
import org.crisisline.events.OfferEvent;
import org.crisisline.events.OfferMade;
import org.crisisline.events.OfferRescinded;
import org.crisisline.events.ServiceAnswer;
import org.crisisline.events.Topics;
import org.crisisline.intake.domain.IdempotencyStore;
import org.crisisline.intake.view.AlertView;
import org.crisisline.intake.view.AuditView;
import org.crisisline.intake.view.DirectoryView;
import org.crisisline.intake.view.FollowUpView;
import org.crisisline.intake.view.OfferView;
import org.crisisline.intake.view.OnCallPeopleView;
import org.crisisline.intake.view.PolicyView;
import org.crisisline.intake.view.QueueView;
import org.crisisline.intake.view.ReferralView;
import org.crisisline.intake.view.RequestView;
import org.crisisline.intake.view.ResponderView;
import org.crisisline.intake.view.ScheduleView;
import org.crisisline.intake.view.SessionRevocations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every view intake serves from the topics, and which topic feeds which view: one place to read
 * where an answer of the API comes from. The views are thread-safe (the loader's thread writes,
 * the HTTP event loops read).
 */
public final class IntakeViews {
  private static final Logger LOG = LoggerFactory.getLogger(IntakeViews.class);
  /** A referral's link lives 14 days (the notifier's REFERRAL_LINK_TTL); a day more, then it leaves memory. */
  static final Duration REFERRALS_KEPT = Duration.ofDays(15);
  public final RequestView requests;
  public final OfferView offers = new OfferView();
  public final ReferralView referrals = new ReferralView();
  public final ResponderView responders = new ResponderView();
  public final DirectoryView directory = new DirectoryView();
  public final QueueView queues = new QueueView();
  public final IdempotencyStore idempotency;
  public final AuditView auditTrail = new AuditView();
  public final SessionRevocations revocations = new SessionRevocations();
  public final PolicyView policies = new PolicyView();
  public final ScheduleView schedules = new ScheduleView();
  public final OnCallPeopleView people = new OnCallPeopleView();
  public final AlertView alerts;
  public final FollowUpView followUps = new FollowUpView();
  private volatile Consumer<ConsentWithdrawn> consentWithdrawals = w -> { };
  private ViewLoader loader;
  private final Duration recentRequests;
  private final Duration alertRetention;
  private final Clock clock;

  /** @param alertRetention how long a resolved alert stays on show; every request is kept */
  public IntakeViews(Duration alertRetention) {
    this(alertRetention, null, Clock.systemUTC());
  }

  /**
   * @param alertRetention how long a resolved alert stays on show
   * @param recentRequests how long a finished request stays in memory (null = for ever: only when
   *                       no records database can answer for older ones)
   */
  public IntakeViews(Duration alertRetention, Duration recentRequests, Clock clock) {
    this(alertRetention, recentRequests, IdempotencyStore.TTL, clock);
  }

  /** @param idempotencyTtl how long a completed response is replayed for its Idempotency-Key */
  public IntakeViews(Duration alertRetention, Duration recentRequests, Duration idempotencyTtl, Clock clock) {
    this.idempotency = new IdempotencyStore(idempotencyTtl);
    this.alerts = new AlertView(alertRetention);
    this.alertRetention = alertRetention;
    this.recentRequests = recentRequests;
    this.clock = clock;
    this.requests = new RequestView(recentRequests, clock);
    // A request with follow-ups to come stays: they are added, listed and cancelled on it for days.
    requests.keepWhile(followUps::hasOpen);
  }

  private void referred(OfferEvent event) {
    if (event instanceof OfferMade made) {
      referrals.apply(made);
    } else if (event instanceof OfferRescinded rescinded) {
      referrals.apply(rescinded);
    }
  }

  /**
   * A loader (not started) that feeds every view from its topics, each from where {@link ReplayWindow}
   * says (all from the beginning when every request is kept); undecodable records go to dead-letters.
   */
  public ViewLoader loader(String bootstrapServers, String clientId, EventPublisher deadLetters,
      KafkaClientSecurity security) {
    this.loader = new ViewLoader(bootstrapServers, clientId, deadLetters, security, clock)
        .startingAt(ReplayWindow.starts(requests.bounded() ? recentRequests : null, alertRetention));
    return loader
        .on(Topics.HELP_REQUESTS, (k, v) -> { if (v != null) requests.apply(v); })
        .on(Topics.REQUEST_STATUS, (k, v) -> { if (v != null) { requests.apply(v); offers.apply(v); referrals.apply(v); } })
        .on(Topics.OFFERS, (k, v) -> { if (v != null) { offers.apply(v); referred(v); } })
        .on(Topics.OFFER_ANSWERS, (k, v) -> {
          if (v != null) {
            offers.apply(v);
            requests.apply(v);
            if (v instanceof ServiceAnswer answer) {
              referrals.apply(answer);
            } else if (v instanceof FollowUpCancelRequested cancel) {
              followUps.apply(cancel);
            }
          }
        })
        .on(Topics.SMS_REPLIES, (k, v) -> { if (v != null) offers.apply(v.toAnswer()); })
        .on(Topics.RESPONDERS, responders::apply)
        .on(Topics.RESPONDER_STATUS, (k, v) -> { if (v != null) responders.apply(v); })
        .on(Topics.DIRECTORY, directory::apply)
        .on(Topics.QUEUE_SNAPSHOTS, (k, v) -> { queues.apply(k, v); responders.applySnapshot(k, v); })
        .on(Topics.IDEMPOTENCY_KEYS, idempotency::load)
        .on(Topics.AUDIT, (k, v) -> auditTrail.apply(v))
        .on(Topics.SESSION_REVOCATIONS, revocations::apply)
        .on(Topics.ROUTING_POLICY, policies::apply)
        .on(Topics.ONCALL_SCHEDULES, schedules::apply)
        .on(Topics.ONCALL_PEOPLE, people::apply)
        .on(Topics.ALERTS, (k, v) -> { if (v != null) alerts.apply(v); })
        .on(Topics.DELIVERIES, (k, v) -> { if (v != null) alerts.apply(v); })
        // A follow-up that fell due is a request intake serves like any other (offers, details, timeline).
        .on(Topics.FOLLOW_UPS, (k, v) -> {
          if (v != null) {
            followUps.apply(v);
            if (v instanceof FollowUpDue due) {
              requests.apply(FollowUpView.asRequest(due));
            }
          }
        })
        .on(Topics.CONSENT_WITHDRAWALS, (k, v) -> {
          if (v != null) {
            followUps.apply(v);
            consentWithdrawals.accept(v);
          }
        });
  }

  /**
   * Stops every follow-up of a caller who opts out (see {@link ConsentFanOut}); call after
   * {@link #loader} and before it starts. {@code records} may be null (only requests in memory).
   */
  public ConsentFanOut stopFollowUpsOnOptOut(EventPublisher publisher, org.crisisline.records.Records records,
      Clock clock) {
    ConsentFanOut fanOut = new ConsentFanOut(requests, followUps, auditTrail, publisher, records, loader, clock);
    onConsentWithdrawn(fanOut::accept);
    return fanOut;
  }

  /** Who acts on a caller's opt-out (called on the loader's thread, for replayed ones too). */
  public void onConsentWithdrawn(Consumer<ConsentWithdrawn> handler) {
    this.consentWithdrawals = handler;
  }

  /**
   * Tombstones what has expired so compaction forgets it: Idempotency-Keys kept past their 24 h, and
   * session revocations no token of their session could still use. Run every few minutes.
   */
  public void tombstoneExpired(EventPublisher publisher, Instant now) {
    for (String key : idempotency.expired(now)) {
      publisher.send(Topics.IDEMPOTENCY_KEYS, key, null).thenRun(() -> idempotency.load(key, null));
    }
    for (String session : revocations.expired(now)) {
      publisher.send(Topics.SESSION_REVOCATIONS, session, null).thenRun(() -> revocations.apply(session, null));
    }
  }

  /**
   * Bounds the views' memory; run every few minutes. Finished requests leave after the recent
   * window (a no-op without a records database, which answers for older ones). Offers long past
   * their expiry, referrals whose 14-day link has expired (plus a day) and alerts resolved a day
   * ago go in any case: nothing can answer them any more.
   */
  public void sweep(Instant now, Duration recentWindow) {
    int held = requests.sweep(now) + offers.sweep(now.minus(recentWindow))
        + referrals.sweep(now.minus(REFERRALS_KEPT)) + followUps.sweep(now, recentWindow);
    alerts.sweep(now);
    if (held > 0) {
      LOG.info("views: {} finished requests, old offers, referrals and follow-up plans left memory ({} requests, {} offers held)",
          held, requests.size(), offers.size());
    }
  }
}
