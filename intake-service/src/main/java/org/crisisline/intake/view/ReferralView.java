package org.crisisline.intake.view;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.crisisline.events.OfferMade;
import org.crisisline.events.OfferRescinded;
import org.crisisline.events.ReferralAccepted;
import org.crisisline.events.ReferralDeclineReason;
import org.crisisline.events.ReferralDeclined;
import org.crisisline.events.ReferralOutcome;
import org.crisisline.events.ReferralOutcomeRecorded;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.ServiceAnswer;

/**
 * offerId → referral, for the referral offers routing made to local services ({@code offers}),
 * the services' answers ({@code offer-answers}, written by intake from their signed links) and the
 * request's status ({@code request-status}: a request that ends otherwise closes its waiting
 * referral). A newer referral offer for the same request closes the older one still waiting (the
 * referral moved on). Claims are atomic, so a double click on a link gives one answer; routing
 * still judges each answer.
 */
public final class ReferralView {
  private final ConcurrentHashMap<String, ReferralRecord> byOfferId = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Set<String>> byRequestId = new ConcurrentHashMap<>();

  public void apply(OfferMade made) {
    if (!made.isReferral()) {
      return;
    }
    if (byOfferId.putIfAbsent(made.offerId(), ReferralRecord.waiting(made)) != null) {
      return;
    }
    Set<String> ofRequest = byRequestId.computeIfAbsent(made.requestId(), k -> ConcurrentHashMap.newKeySet());
    for (String older : ofRequest) {
      byOfferId.computeIfPresent(older, (id, r) -> r.state() == ReferralRecord.State.WAITING
          && r.madeAt().isBefore(made.occurredAt()) ? r.closed() : r);
    }
    ofRequest.add(made.offerId());
  }

  public void apply(OfferRescinded rescinded) {
    byOfferId.computeIfPresent(rescinded.offerId(), (id, r) -> r.state() == ReferralRecord.State.WAITING ? r.closed() : r);
  }

  public void apply(ServiceAnswer answer) {
    byOfferId.computeIfPresent(answer.offerId(), (id, r) -> {
      if (answer instanceof ReferralAccepted a && r.state() == ReferralRecord.State.WAITING) {
        return r.accepted(a.occurredAt());
      }
      if (answer instanceof ReferralDeclined d && r.state() == ReferralRecord.State.WAITING) {
        return r.declined(d.reasonCode(), d.occurredAt());
      }
      if (answer instanceof ReferralOutcomeRecorded o && r.state() == ReferralRecord.State.ACCEPTED
          && r.outcome() == null) {
        return r.withOutcome(o.outcome());
      }
      return r;
    });
  }

  /** A request that ended (other than by being referred) closes its referrals still waiting. */
  public void apply(RequestStatusChanged change) {
    if (change.status().isTerminal() && change.status() != RequestStatus.REFERRED) {
      byRequestId.getOrDefault(change.requestId(), Set.of()).forEach(offerId -> byOfferId.computeIfPresent(offerId,
          (id, r) -> r.state() == ReferralRecord.State.WAITING ? r.closed() : r));
    }
  }

  public Optional<ReferralRecord> get(String offerId) {
    return Optional.ofNullable(byOfferId.get(offerId));
  }

  /** Claims the service's accept or decline of a waiting referral; false if it was answered or moved on. */
  public boolean claimAnswer(String offerId, boolean accept, ReferralDeclineReason reason, Instant now) {
    boolean[] won = {false};
    byOfferId.computeIfPresent(offerId, (id, r) -> {
      if (r.state() != ReferralRecord.State.WAITING) {
        return r;
      }
      won[0] = true;
      return accept ? r.accepted(now) : r.declined(reason, now);
    });
    return won[0];
  }

  /** Claims the one outcome of an accepted referral; false if not accepted or already recorded. */
  public boolean claimOutcome(String offerId, ReferralOutcome outcome) {
    boolean[] won = {false};
    byOfferId.computeIfPresent(offerId, (id, r) -> {
      if (r.state() != ReferralRecord.State.ACCEPTED || r.outcome() != null) {
        return r;
      }
      won[0] = true;
      return r.withOutcome(outcome);
    });
    return won[0];
  }

  /** Undoes a claim whose write failed, so the service can try again. */
  public void release(String offerId, ReferralRecord before) {
    byOfferId.put(offerId, before);
  }

  /**
   * Drops referrals made before {@code madeBefore}: their links have expired, so no service can
   * answer them any more, and the board speaks of recent referrals. Returns how many left.
   */
  public int sweep(Instant madeBefore) {
    int dropped = 0;
    for (ReferralRecord r : byOfferId.values()) {
      if (r.madeAt() != null && r.madeAt().isBefore(madeBefore) && byOfferId.remove(r.offer().offerId(), r)) {
        byRequestId.computeIfPresent(r.requestId(), (id, set) -> {
          set.remove(r.offer().offerId());
          return set.isEmpty() ? null : set;
        });
        dropped++;
      }
    }
    return dropped;
  }

  /** Every referral, oldest first. */
  public List<ReferralRecord> all() {
    return byOfferId.values().stream().sorted(Comparator.comparing(ReferralRecord::madeAt,
        Comparator.nullsLast(Comparator.naturalOrder()))).toList();
  }
}
