package org.crisisline.notifier.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.crisisline.events.AlertAcknowledged;
import org.crisisline.events.AlertResolved;
import org.crisisline.events.Event;
import org.crisisline.events.FollowUpCancelled;
import org.crisisline.events.OfferAccepted;
import org.crisisline.events.OfferDeclined;
import org.crisisline.events.OfferMade;
import org.crisisline.events.OfferRescinded;
import org.crisisline.events.ReferralAccepted;
import org.crisisline.events.ReferralDeclined;
import org.crisisline.events.RequestCompleted;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;

/**
 * Which events stop sending, and until when an offer is worth sending at all. The Kafka adapters
 * decode {@code offers}, {@code offer-answers}, {@code request-status} and {@code alerts} and ask
 * {@link #after}; the dispatcher asks {@link #deadline} before the first attempt and before every retry.
 *
 * <ul>
 *   <li>An offer stops when it is rescinded, accepted or declined (a referral offer too, when the
 *       service accepts or declines it; routing also rescinds it when it moves on).
 *   <li>Every offer of a request stops when the request is completed, or its status becomes
 *       ACCEPTED, COMPLETED, REFERRAL_ACCEPTED, CANCELLED or EXPIRED. REFERRED means "with a
 *       service, waiting for its answer": it is the referral handoff itself, so it does not stop
 *       the referral's page (a request is REFERRED again each time it goes to the next service).
 *   <li>An offer is not sent at or after its expiry (a referral's is the service's answer
 *       deadline); one with no expiry, for {@link #REFERRAL_WINDOW} after it was made.
 *   <li>The pages of an alert stop when it is acknowledged or resolved (and, like offers, when its
 *       request is answered or closed). The all-clear sent after a resolution is never stopped:
 *       which {@link Notice} a stop covers is {@link Notice#stopKeys()}.
 *   <li>The caring message of a follow-up stops when the follow-up is cancelled (the caller opted
 *       out, staff cancelled it). The followed request's own end does not stop it: a follow-up
 *       comes after that end by design.
 * </ul>
 */
public final class StopRules {
  /** An offer that carries no expiry is retried this long at most. */
  public static final Duration REFERRAL_WINDOW = Duration.ofHours(1);

  /**
   * What stops: one offer, every send of one request, or the pages of one alert. The reason goes
   * into the ledger, for people; the key is what a {@link Notice} lists among its {@code stopKeys}.
   */
  public sealed interface Stop permits StopOffer, StopRequest, StopAlert, StopFollowUp {
    String reason();

    String key();

    /** True when {@code notice} must not be sent any more. */
    default boolean covers(Notice notice) {
      return notice.stopKeys().contains(key());
    }
  }

  public record StopOffer(String offerId, String reason) implements Stop {
    @Override
    public String key() {
      return offerKey(offerId);
    }
  }

  public record StopRequest(String requestId, String reason) implements Stop {
    @Override
    public String key() {
      return requestKey(requestId);
    }
  }

  public record StopAlert(String alertId, String reason) implements Stop {
    @Override
    public String key() {
      return alertKey(alertId);
    }
  }

  /** The caring message of one follow-up. */
  public record StopFollowUp(String followUpId, String reason) implements Stop {
    @Override
    public String key() {
      return followUpKey(followUpId);
    }
  }

  static String followUpKey(String followUpId) {
    return "followup:" + followUpId;
  }

  static String offerKey(String offerId) {
    return "offer:" + offerId;
  }

  static String requestKey(String requestId) {
    return "request:" + requestId;
  }

  static String alertKey(String alertId) {
    return "alert:" + alertId;
  }

  private StopRules() {}

  /** The stop {@code event} calls for, if any. */
  public static Optional<Stop> after(Event event) {
    if (event instanceof OfferRescinded rescinded) {
      return Optional.of(new StopOffer(rescinded.offerId(), "offer rescinded"));
    } else if (event instanceof OfferAccepted accepted) {
      return Optional.of(new StopOffer(accepted.offerId(), "offer accepted"));
    } else if (event instanceof OfferDeclined declined) {
      return Optional.of(new StopOffer(declined.offerId(), "offer declined"));
    } else if (event instanceof ReferralAccepted accepted) {
      return Optional.of(new StopOffer(accepted.offerId(), "referral accepted"));
    } else if (event instanceof ReferralDeclined declined) {
      return Optional.of(new StopOffer(declined.offerId(), "referral declined"));
    } else if (event instanceof RequestCompleted completed) {
      return Optional.of(new StopRequest(completed.requestId(), "request completed"));
    } else if (event instanceof RequestStatusChanged changed && stopsPaging(changed.status())) {
      return Optional.of(new StopRequest(changed.requestId(), "request " + changed.status()));
    } else if (event instanceof AlertAcknowledged acknowledged) {
      return Optional.of(new StopAlert(acknowledged.alertId(), "alert acknowledged"));
    } else if (event instanceof AlertResolved resolved) {
      return Optional.of(new StopAlert(resolved.alertId(), "alert resolved"));
    } else if (event instanceof FollowUpCancelled cancelled) {
      return Optional.of(new StopFollowUp(cancelled.followUpId(), "follow-up cancelled"
          + (cancelled.reason() == null ? "" : " (" + cancelled.reason() + ")")));
    }
    return Optional.empty();
  }

  /** REFERRED is the referral handoff itself (with a service, waiting for its answer): it does not stop paging. */
  static boolean stopsPaging(RequestStatus status) {
    return status == RequestStatus.ACCEPTED || status == RequestStatus.COMPLETED
        || status == RequestStatus.REFERRAL_ACCEPTED || status == RequestStatus.CANCELLED
        || status == RequestStatus.EXPIRED;
  }

  /** The last moment the offer may still be sent; {@code now} stands in for a missing offer time. */
  public static Instant deadline(OfferMade offer, Instant now) {
    if (offer.expiresAt() != null) {
      return offer.expiresAt();
    }
    return (offer.occurredAt() != null ? offer.occurredAt() : now).plus(REFERRAL_WINDOW);
  }
}
