package org.crisisline.intake.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import org.crisisline.events.AnswerVia;
import org.crisisline.events.Ids;
import org.crisisline.events.OfferMade;
import org.crisisline.events.ReferralAccepted;
import org.crisisline.events.ReferralDeclineReason;
import org.crisisline.events.ReferralDeclined;
import org.crisisline.events.ReferralOutcome;
import org.crisisline.events.ReferralOutcomeRecorded;
import org.crisisline.events.ServiceAnswer;
import org.crisisline.events.Topics;
import org.crisisline.intake.kafka.EventPublisher;
import org.crisisline.intake.view.ReferralRecord;
import org.crisisline.intake.view.ReferralView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's answer to a referral, once: claim it in the referral view (atomic, so a double
 * click yields one answer), then write the {@link ServiceAnswer} to {@code offer-answers} (key
 * requestId). A failed write releases the claim so the service can retry. Routing judges it.
 */
public final class ServiceAnswers {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceAnswers.class);
  private final ReferralView referrals;
  private final EventPublisher publisher;
  private final Clock clock;

  /** How an answer attempt ended. */
  enum Outcome { RECORDED, NOT_OPEN, FAILED }

  public ServiceAnswers(ReferralView referrals, EventPublisher publisher, Clock clock) {
    this.referrals = referrals;
    this.publisher = publisher;
    this.clock = clock;
  }

  /** Accept ({@code reason} null) or decline with a reason code. */
  Future<Outcome> answer(ReferralRecord before, boolean accept, ReferralDeclineReason reason, Context context) {
    OfferMade o = before.offer();
    Instant now = clock.instant();
    if (!referrals.claimAnswer(o.offerId(), accept, reason, now)) {
      return Future.succeededFuture(Outcome.NOT_OPEN);
    }
    ServiceAnswer event = accept
        ? new ReferralAccepted(Ids.newId(), now, o.requestId(), o.offerId(), o.serviceId(), AnswerVia.LINK)
        : new ReferralDeclined(Ids.newId(), now, o.requestId(), o.offerId(), o.serviceId(), reason, AnswerVia.LINK);
    return publish(event, before, context);
  }

  /** The one outcome of an accepted referral. */
  Future<Outcome> outcome(ReferralRecord before, ReferralOutcome outcome, Context context) {
    OfferMade o = before.offer();
    if (!referrals.claimOutcome(o.offerId(), outcome)) {
      return Future.succeededFuture(Outcome.NOT_OPEN);
    }
    return publish(new ReferralOutcomeRecorded(Ids.newId(), clock.instant(), o.requestId(), o.offerId(),
        o.serviceId(), outcome, AnswerVia.LINK), before, context);
  }

  private Future<Outcome> publish(ServiceAnswer event, ReferralRecord before, Context context) {
    return Future.fromCompletionStage(publisher.send(Topics.OFFER_ANSWERS, event.requestId(), event), context)
        .map(meta -> {
          LOG.info("referral {} of request {}: {} by service {} via link", event.offerId(), event.requestId(),
              event.getClass().getSimpleName(), event.serviceId());
          return Outcome.RECORDED;
        })
        .otherwise(e -> {
          referrals.release(event.offerId(), before);
          return Outcome.FAILED;
        });
  }
}
