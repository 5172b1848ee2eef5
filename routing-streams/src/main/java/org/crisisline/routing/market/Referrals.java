package org.crisisline.routing.market;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Ids;
import org.crisisline.events.Need;
import org.crisisline.events.OfferMade;
import org.crisisline.events.OfferRescinded;
import org.crisisline.events.ReferralKind;
import org.crisisline.events.RequestStatus;
import org.crisisline.routing.rules.ReferralEligibility;

/**
 * Closed-loop referrals: a request of the {@code DIRECTORY} pool is referred to a directory service
 * instead of offered to a responder. The service named at intake goes first when it is
 * {@link ReferralEligibility eligible} (else the timeline says why); otherwise the eligible service
 * with most places left (spreads load), then by id. REFERRED then means "with that service, waiting
 * for its answer" ({@link ServiceAnswers}): an accept ends it REFERRAL_ACCEPTED; a decline, or no
 * answer within {@code referral.ack.timeout}, sends it to the next matching service — never one it
 * was already referred to — and when none is left to peer support, so the person is never dropped.
 * With no service eligible at first it waits and is retried when a service changes and
 * periodically (services open and close by schedule). Directories are small per market (tens to
 * hundreds), so choosing scans the market's services.
 */
final class Referrals {
  private final RoutingPolicy policy;
  private final ReferralTimes times;
  private final Lifecycle lifecycle;

  Referrals(RoutingPolicy policy, Lifecycle lifecycle) {
    this.policy = policy;
    this.times = ReferralTimes.of(policy);
    this.lifecycle = lifecycle;
  }

  ReferralTimes times() {
    return times;
  }

  /** Refer a waiting request now, or leave it waiting. The first time, say why a named service is not taken. */
  void place(Outcome out, Market m, RequestState s, Instant now) {
    judgeNamedService(out, m, s, now);
    Optional<ServiceState> svc = choose(m, s, now);
    if (svc.isPresent()) {
      refer(out, m, s, svc.get(), "", now);
    } else {
      m.refile(s);
    }
  }

  /** The named service when it may take the request, else the best other; never one already tried. */
  static Optional<ServiceState> choose(Market m, RequestState s, Instant now) {
    String named = s.request.serviceId();
    ServiceState svc = named == null || s.servicesTried.contains(named) ? null : m.services.get(named);
    if (svc != null && ReferralEligibility.eligible(svc.service, svc.placesLeft(), s.request, now)) {
      return Optional.of(svc);
    }
    return best(m.services.values().stream().filter(x -> !s.servicesTried.contains(x.service.serviceId())).toList(),
        s.request, now);
  }

  static Optional<ServiceState> best(Collection<ServiceState> services, HelpRequestLogged r, Instant now) {
    return services.stream()
        .filter(s -> ReferralEligibility.eligible(s.service, s.placesLeft(), r, now))
        .min(Comparator.comparingInt(ServiceState::placesLeft).reversed()
            .thenComparing(s -> s.service.serviceId()));
  }

  /** Says once, on the timeline, why the service staff named cannot take the request now. */
  private void judgeNamedService(Outcome out, Market m, RequestState s, Instant now) {
    String named = s.request.serviceId();
    if (named == null || s.namedServiceJudged) {
      return;
    }
    s.namedServiceJudged = true;
    out.changed(s);
    ServiceState svc = m.services.get(named);
    Optional<String> whyNot = svc == null ? Optional.of("it is not in the directory of region " + m.region)
        : ReferralEligibility.whyNot(svc.service, svc.placesLeft(), s.request, now);
    whyNot.ifPresent(why -> lifecycle.emitStatus(out, s, s.status, "named service " + named + " not taken: " + why
        + "; matching another", null, null, named, m.region, now));
  }

  /** Refers the request to {@code svc} and waits for its answer until {@code referral.ack.timeout}. */
  void refer(Outcome out, Market m, RequestState s, ServiceState svc, String because, Instant now) {
    m.waiting.remove(s.requestId);
    svc.referredSinceUpdate++;
    out.changed(svc);
    s.attempts++;
    s.servedBy = svc.service.serviceId();
    s.servicesTried.add(s.servedBy);
    s.referralOfferId = Ids.newId();
    s.referralAnswerBy = now.plus(times.ackTimeout()).toEpochMilli();
    var q = s.request;
    out.emit(new OfferMade(Ids.newId(), now, s.requestId, s.referralOfferId, Ids.offerCode(), null, s.servedBy,
        s.attempts, Instant.ofEpochMilli(s.referralAnswerBy), q.urgency(), q.need(), q.referralKind(), q.language(),
        m.region));
    s.status = RequestStatus.REFERRED;
    out.changed(s);
    lifecycle.emitStatus(out, s, RequestStatus.REFERRED, because + "referred to " + svc.service.name() + " ("
        + s.servedBy + "); waiting for its answer until " + Instant.ofEpochMilli(s.referralAnswerBy),
        s.referralOfferId, null, s.servedBy, m.region, now);
    out.schedule(s, new Timer(s.referralAnswerBy, Timer.Kind.REFERRAL_ANSWER_DUE, m.region, s.requestId,
        s.referralOfferId));
  }

  /** The service did not answer in time: like a decline, the referral moves on. */
  void answerDue(Outcome out, Market m, RequestState s, String offerId, Instant now) {
    if (s.status != RequestStatus.REFERRED || !offerId.equals(s.referralOfferId)) {
      return;
    }
    String service = s.servedBy;
    end(out, m, s, "timed out", false, now);
    moveOn(out, m, s, "referral offer " + offerId + " not answered by service " + service + " within "
        + times.ackTimeout().toSeconds() + "s", now);
  }

  /**
   * Ends the outstanding referral offer: rescinds it (the service's link stops working), and gives
   * back the place it held, unless the service said it has none ({@code full}).
   */
  void end(Outcome out, Market m, RequestState s, String how, boolean full, Instant now) {
    String offerId = s.referralOfferId;
    ServiceState svc = m.services.get(s.servedBy);
    if (svc != null) {
      svc.referredSinceUpdate = full ? Math.max(svc.referredSinceUpdate, svc.service.capacity() == null ? 0
          : svc.service.capacity().available()) : Math.max(0, svc.referredSinceUpdate - 1);
      out.changed(svc);
    }
    s.closedOffers.put(offerId, how);
    s.referralOfferId = null;
    out.changed(s);
    out.emit(new OfferRescinded(Ids.newId(), now, s.requestId, offerId, null, "referral " + how));
  }

  /** After a decline or a timeout: the next matching service, or peer support when none is left. */
  void moveOn(Outcome out, Market m, RequestState s, String why, Instant now) {
    Optional<ServiceState> next = choose(m, s, now);
    if (next.isPresent()) {
      refer(out, m, s, next.get(), why + "; ", now);
      return;
    }
    // No service left that may take them: a peer specialist does, with a fresh TTL and SLA ladder.
    s.servedBy = null;
    s.pool = policy.poolFor(s.urgency(), Need.PEER_SUPPORT);
    s.handedBackAt = now.toEpochMilli();
    s.status = RequestStatus.QUEUED;
    lifecycle.emitStatus(out, s, RequestStatus.QUEUED, why + "; no matching service left (tried "
        + String.join(", ", s.servicesTried) + "): handed to peer support, waiting in pool " + m.region + "/" + s.pool,
        null, null, null, m.region, now);
    lifecycle.scheduleLifetime(out, s);
    lifecycle.place(out, m, s, now);
  }

  /** Try waiting referrals (of the given kinds, or all) against the market's directory. */
  void retry(Outcome out, Market m, List<String> kinds, Instant now) {
    List<String> all = kinds != null ? kinds : Arrays.stream(ReferralKind.values()).map(Enum::name).toList();
    for (String kind : all) {
      for (WaitingIndex.Entry e : new ArrayList<>(m.waiting.referrals(kind))) {
        RequestState s = m.requests.get(e.requestId());
        choose(m, s, now).ifPresent(svc -> refer(out, m, s, svc, "", now));
      }
    }
  }
}
