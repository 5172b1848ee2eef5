package org.crisisline.routing.market;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crisisline.events.EscalationStep;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.Sealed;
import org.crisisline.events.Urgency;
import org.crisisline.routing.rules.Eligibility;
import org.crisisline.routing.rules.PagingLadder;
import org.crisisline.routing.rules.SpecialtyRelaxation;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;

/**
 * Routing's view of one help request in one market (region). Mutable: the engine changes it
 * in place and the processor writes it back to the {@code market-requests} store. The PII
 * fields of the logged request (summary, caller contact) are dropped before it gets here, except
 * the caller contact, still sealed, of a caller who consented to be contacted: it is kept in
 * {@link #callerContact} (never opened: routing has no key) for the caring message of its follow-ups,
 * and dropped once the last of them is due.
 * A request rolled over to another market leaves a stub here with {@code movedTo} set, so
 * late answers still find their way (by re-key) to the market that owns it now.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
    isGetterVisibility = Visibility.NONE)
public final class RequestState {
  String requestId;
  HelpRequestLogged request;
  String market;
  String pool;
  RequestStatus status;
  long loggedAt;
  boolean specialtyRelaxed;
  int escalationLevel;
  boolean rolledOver;
  boolean alerted;
  /** Where to move the request when its outstanding offer ends (escalation while offered). */
  String pendingMoveTo;
  String pendingMoveReason;
  /** The escalation step the pending move records (null in state written before it existed). */
  EscalationStep pendingMoveStep;
  Set<String> excluded = new LinkedHashSet<>();
  /**
   * The offers outstanding, by offerId, in the order made: several at once for an urgency with
   * {@code offer.parallel.<URGENCY>} above 1. The request is OFFERED while this is not empty.
   */
  Map<String, Offer> offers = new LinkedHashMap<>();
  /** State written before parallel offers kept its one offer here; {@link #migrate} moves it to {@link #offers}. */
  String offerId;
  String offerTo;
  long offerExpiresAt;
  int attempts;
  /** offerId -> how it ended (declined, timed out...), to explain rejected late answers. */
  Map<String, String> closedOffers = new LinkedHashMap<>();
  String acceptedBy;
  String acceptedOfferId;
  String servedBy;
  String movedTo;
  /** The request's alert, if one was raised (at most one per request); moves with the request. */
  PagingLadder.Alert alert;
  /** Every service this request was referred to, in order: none is offered it twice. */
  Set<String> servicesTried = new LinkedHashSet<>();
  /** The outstanding referral offer while REFERRED (to {@link #servedBy}), and until when it may be answered. */
  String referralOfferId;
  long referralAnswerBy;
  /** Whether routing has judged (and, when not taken, said why) the service named at intake. */
  boolean namedServiceJudged;
  /** When a referral no service took was handed to peer support: its TTL and SLA ladder restart then. */
  long handedBackAt;
  /** Outcomes the accepting service reported, in order. */
  List<String> referralOutcomes = new ArrayList<>();

  /** For a follow-up (kind FOLLOW_UP): the ended request it follows up, which step of its plan, which attempt. */
  String followUpOf;
  int followUpStep;
  int followUpAttempt;
  /** For a request with follow-ups: how many its plan has, and when the last is due (kept until then). */
  int followUpsPlanned;
  long followUpsUntil;
  /** The follow-ups ({@code step/attempt}) already logged: each exactly once, even after it was purged. */
  Set<String> followUpsLogged = new LinkedHashSet<>();
  /** Follow-ups scheduled here (plan, added, a retry): followUpId -> timer ref ({@code step/attempt[/followUpId]}). */
  Map<String, String> followUpRefs = new LinkedHashMap<>();
  /** When each of {@link #followUpRefs} is due (epoch millis), by ref: a request that moves takes them. */
  Map<String, Long> followUpDueAt = new LinkedHashMap<>();
  /** The refs of follow-ups cancelled before they were due: their timers log nothing. */
  Set<String> followUpsCancelled = new LinkedHashSet<>();
  /** How many follow-ups people added (an added one takes the next step number). */
  int followUpsAdded;
  /** The caller withdrew consent (or every follow-up was cancelled): none is scheduled any more. */
  boolean followUpsWithdrawn;
  /** The caller's sealed contact, kept only with consent to contact and while follow-ups are to come. */
  Sealed callerContact;
  /** Deadlines not yet fired, in the state written anyway: a deadline costs no write of its own. */
  List<Timer> timers = new ArrayList<>();

  /** One outstanding offer: to whom, and until when (epoch millis). */
  public record Offer(String responderId, long expiresAt) {}

  RequestState() {}

  /** Moves the single offer of state written before parallel offers into {@link #offers}. */
  RequestState migrate() {
    if (offers == null) {
      offers = new LinkedHashMap<>();
    }
    servicesTried = servicesTried == null ? new LinkedHashSet<>() : servicesTried;
    referralOutcomes = referralOutcomes == null ? new ArrayList<>() : referralOutcomes;
    followUpsLogged = followUpsLogged == null ? new LinkedHashSet<>() : followUpsLogged;
    followUpRefs = followUpRefs == null ? new LinkedHashMap<>() : followUpRefs;
    followUpsCancelled = followUpsCancelled == null ? new LinkedHashSet<>() : followUpsCancelled;
    followUpDueAt = followUpDueAt == null ? new LinkedHashMap<>() : followUpDueAt;
    timers = timers == null ? new ArrayList<>() : timers;
    if (offerId != null) {
      offers.putIfAbsent(offerId, new Offer(offerTo, offerExpiresAt));
      offerId = null;
      offerTo = null;
      offerExpiresAt = 0;
    }
    return this;
  }

  /** The first outstanding offer's id (the one status events name), or null. */
  String firstOfferId() {
    return offers.isEmpty() ? null : offers.keySet().iterator().next();
  }

  /** The responder of the first outstanding offer, or null. */
  String firstOfferTo() {
    return offers.isEmpty() ? null : offers.values().iterator().next().responderId();
  }

  /** Whether {@code responderId} holds one of the outstanding offers. */
  boolean offeredTo(String responderId) {
    return offerIdOf(responderId) != null;
  }

  /** The outstanding offer made to {@code responderId}, or null. */
  String offerIdOf(String responderId) {
    for (Map.Entry<String, Offer> e : offers.entrySet()) {
      if (e.getValue().responderId().equals(responderId)) {
        return e.getKey();
      }
    }
    return null;
  }

  RequestState(HelpRequestLogged request, String market, String pool, long loggedAt) {
    this.requestId = request.requestId();
    this.request = request;
    this.market = market;
    this.pool = pool;
    this.loggedAt = loggedAt;
    this.status = RequestStatus.QUEUED;
  }

  /** A copy for another market, keeping history (exclusions, attempts, escalation level, alert). */
  RequestState movedCopy(String target) {
    RequestState c = new RequestState(request, target, pool, loggedAt);
    c.status = status;
    c.specialtyRelaxed = specialtyRelaxed;
    c.escalationLevel = escalationLevel;
    c.rolledOver = rolledOver;
    c.alerted = alerted;
    c.excluded = new LinkedHashSet<>(excluded);
    c.attempts = attempts;
    c.closedOffers = new LinkedHashMap<>(closedOffers);
    c.alert = alert;
    c.servicesTried = new LinkedHashSet<>(servicesTried);
    c.namedServiceJudged = namedServiceJudged;
    c.handedBackAt = handedBackAt;
    FollowUps.carryOver(this, c);
    return c;
  }

  /** The step of a pending move; state written before the step was kept only rolled over. */
  EscalationStep pendingMoveStep() {
    return pendingMoveStep == null ? EscalationStep.ROLLED_OVER : pendingMoveStep;
  }

  /** The deadlines this entry waits for, in the order set (the processor indexes them). */
  public List<Timer> timers() {
    return java.util.Collections.unmodifiableList(timers);
  }

  public String requestId() {
    return requestId;
  }

  /** When the request was logged (epoch millis). */
  public long loggedAt() {
    return loggedAt;
  }

  public RequestStatus status() {
    return status;
  }

  /** The first outstanding offer's id, or null. */
  public String offerId() {
    return firstOfferId();
  }

  /** Every outstanding offer, by offerId (read-only). */
  public Map<String, Offer> offers() {
    return java.util.Collections.unmodifiableMap(offers);
  }

  /** The request's alert, or null when none was raised. */
  public PagingLadder.Alert alert() {
    return alert;
  }

  /** Whether a PURGE may drop it: closed, moved, or REFERRED with no referral offer to wait for (older state). */
  boolean purgeable() {
    return status.isTerminal() || isStub() || (status == RequestStatus.REFERRED && referralOfferId == null);
  }

  /** Whether follow-ups of this request are still to come at {@code now}: it is kept until the last is due. */
  boolean followUpsPending(long now) {
    return followUpsUntil > now;
  }

  /** Where its TTL and SLA ladder count from: logging, or the hand-back to peer support. */
  long lifetimeStart() {
    return handedBackAt > 0 ? handedBackAt : loggedAt;
  }

  /** The services this request was referred to, in order (read-only). */
  public Set<String> servicesTried() {
    return java.util.Collections.unmodifiableSet(servicesTried);
  }

  /** The request a responder handed this one on from, or null. */
  public String parentRequestId() {
    return request.parentRequestId();
  }

  /** For a follow-up: the request it follows up; null for any other request. */
  public String followUpOf() {
    return followUpOf;
  }

  /** For a follow-up: its step in the plan (from 1) and attempt (from 1); 0 otherwise. */
  public int followUpStep() {
    return followUpStep;
  }

  public int followUpAttempt() {
    return followUpAttempt;
  }

  public String pool() {
    return pool;
  }

  public boolean isStub() {
    return movedTo != null;
  }

  public Urgency urgency() {
    return request.urgency();
  }

  /** Waiting for a responder or service, with no offer outstanding. */
  public boolean isWaiting() {
    return movedTo == null && (status == RequestStatus.QUEUED || status == RequestStatus.ESCALATED);
  }

  public boolean isOffered() {
    return movedTo == null && status == RequestStatus.OFFERED;
  }

  String language() {
    return Eligibility.normalise(request.language());
  }

  /** Specialties still required ({@link SpecialtyRelaxation}). */
  List<String> requiredSpecialties(RoutingPolicy policy) {
    return policy.specialtyRelaxation().required(request.urgency(), request.specialties(), specialtyRelaxed);
  }

  /** Still waiting for a specialist: a responder request with specialties not yet relaxed. */
  boolean waitsForSpecialist(RoutingPolicy policy) {
    return !RoutingPolicy.DIRECTORY.equals(pool) && !requiredSpecialties(policy).isEmpty();
  }

  /** Store key: a request has one entry per market it has been in. */
  public String key() {
    return market + "/" + requestId;
  }
}
