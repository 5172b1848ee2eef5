package org.crisisline.system.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.OfferMade;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Urgency;

/**
 * The checker of a fault run, in the spirit of Kafka's {@code streams_eos_test} verifier: it fails
 * on anything missing <em>and</em> on anything extra. Plain Java over what was read back from the
 * topics and the provider endpoints (see {@link Observed}); no Kafka, no I/O, so it can be tested on
 * synthetic data ({@code ReliabilityVerifierTest}).
 *
 * <p>What counts:
 * <ul>
 *   <li><b>lost</b>: a request answered 202 that is not on {@code help-requests} (acked and lost); a
 *       logged request with no {@code request-status} at all (silent); a request still not terminal
 *       past the point where routing must have acted (its offer expired {@code grace} ago with no
 *       next step, or its time to live passed {@code grace} ago).</li>
 *   <li><b>double_assigned</b>: more than one ACCEPTED for a request, or a responder holding more
 *       accepted requests than their capacity at any point of the replayed status stream
 *       ({@link CapacityReplay}), or a referral accepted twice or by a service it was not offered to.</li>
 *   <li><b>repeated</b> (also fails): one offerId offered twice, a request offered again to a
 *       responder who declined it, let it time out or could not be reached (an offer withdrawn
 *       because the responder went AWAY/OFFLINE does not exclude them), a request referred to one
 *       service twice, a second terminal state, or anything after a terminal state except a
 *       rejected-answer note (kind ANSWER_REJECTED) or a referral's outcome ({@link ReferralChecks}).</li>
 *   <li><b>duplicate_sends</b>: an (offerId, channel) the SMTP server or SMS provider took more than
 *       once (a provider 500 is not a send; a provider timeout is, since the provider got it). Pages and
 *       the all-clears after an alert resolves are counted the same way: the notifier names their send
 *       id (the pageId, or the all-clear's derived id) where it names an offer's id, so the endpoints
 *       count them under it; {@link Observed#pageSends()} says which ids are pages, for the figures
 *       and the problem text. A caring message of a follow-up is counted under its followUpId
 *       ({@link Observed#caringSends()}).</li>
 *   <li><b>dlq</b>: dead letters; every poison key must be there, and no other key.</li>
 * </ul>
 * Legitimately waiting (not counted as lost): ACCEPTED (the responder is working on it) within
 * {@code ttl.accepted}; OFFERED with an offer not yet expired; REFERRED before its service's answer
 * deadline; QUEUED/ESCALATED within the request's time to live (from its hand-back to peer support, if any) (no eligible responder free right now: all busy, away, or none with the
 * language/kind in the region or its backup).
 */
public final class ReliabilityVerifier {

  /**
   * Everything read back after a run. sends: "sendId/CHANNEL" → messages the endpoint took, where the
   * send id is an offerId, a pageId or an all-clear's id; pageSends: the send ids of pages and
   * all-clears found on {@code alerts}.
   */
  public record Observed(
      Set<String> acked,
      Map<String, HelpRequestLogged> logged,
      List<RequestStatusChanged> statuses,
      List<OfferMade> offers,
      Map<String, Integer> capacity,
      Map<String, Integer> sends,
      Set<String> poisonKeys,
      List<String> deadLetterKeys,
      Set<String> pageSends,
      Set<String> caringSends) {

    /** A run without pages or caring messages. */
    public Observed(Set<String> acked, Map<String, HelpRequestLogged> logged, List<RequestStatusChanged> statuses,
        List<OfferMade> offers, Map<String, Integer> capacity, Map<String, Integer> sends, Set<String> poisonKeys,
        List<String> deadLetterKeys) {
      this(acked, logged, statuses, offers, capacity, sends, poisonKeys, deadLetterKeys, Set.of(), Set.of());
    }
  }

  /** How long things may live (the run's routing policy) and how much slack to give routing. */
  public record Limits(Map<Urgency, Duration> ttl, Duration ttlAccepted, Duration grace) {}

  /**
   * The figures of a run; {@link #clean()} is the pass condition. {@code pagesSent}: (page or
   * all-clear, channel) pairs the endpoints took at least once (their duplicates are in
   * {@code duplicateSends}).
   */
  public record Verdict(int requests, int terminal, int waiting, int lost, int doubleAssigned, int repeated,
      int duplicateSends, int dlq, Map<String, Integer> waitingBy, List<String> problems, int pagesSent,
      int caringSent) {

    public boolean clean() {
      return lost == 0 && doubleAssigned == 0 && repeated == 0 && duplicateSends == 0 && problems.isEmpty();
    }

    /** The one summary line of the issue. */
    public String summary(int faults) {
      return "reliability: requests=" + requests + " terminal=" + terminal + " lost=" + lost + " double_assigned="
          + doubleAssigned + " duplicate_sends=" + duplicateSends + " dlq=" + dlq + " faults=" + faults;
    }
  }

  private final Limits limits;

  public ReliabilityVerifier(Limits limits) {
    this.limits = limits;
  }

  public Verdict verify(Observed o, Instant now) {
    List<String> problems = new ArrayList<>();
    Map<String, List<RequestStatusChanged>> byRequest = new HashMap<>();
    for (RequestStatusChanged s : o.statuses()) {
      byRequest.computeIfAbsent(s.requestId(), k -> new ArrayList<>()).add(s);
    }
    Map<String, OfferMade> offerById = new HashMap<>();
    int repeated = 0;
    // An offer withdrawn because its responder went away/offline does not exclude them (they did
    // not refuse): a later offer to them is allowed. Declined, timed out, undeliverable: never again.
    Set<String> withdrawn = new HashSet<>();
    for (RequestStatusChanged s : o.statuses()) {
      if (s.offerId() != null && s.kind() == StatusKind.OFFER_WITHDRAWN) {
        withdrawn.add(s.offerId());
      }
    }
    Map<String, String> lastOfferTo = new HashMap<>();
    for (OfferMade m : o.offers()) {
      if (offerById.putIfAbsent(m.offerId(), m) != null) {
        repeated++;
        problems.add("offer " + m.offerId() + " made twice");
      }
      if (m.responderId() != null) {
        String before = lastOfferTo.put(m.requestId() + "|" + m.responderId(), m.offerId());
        if (before != null && !withdrawn.contains(before)) {
          repeated++;
          problems.add("request " + m.requestId() + " offered to " + m.responderId() + " again after offer "
              + before + " (not withdrawn)");
        }
      }
    }
    repeated += ReferralChecks.repeatedReferrals(o.offers(), problems);
    int lost = 0;
    int terminal = 0;
    int waiting = 0;
    int doubleAssigned = 0;
    Map<String, Integer> waitingBy = new TreeMap<>();
    for (String id : o.acked()) {
      HelpRequestLogged req = o.logged().get(id);
      if (req == null) {
        lost++;
        problems.add("request " + id + " answered 202 but is not on help-requests");
        continue;
      }
      List<RequestStatusChanged> timeline = byRequest.getOrDefault(id, List.of());
      if (timeline.isEmpty()) {
        lost++;
        problems.add("request " + id + " logged but routing never said anything about it");
        continue;
      }
      long accepts = timeline.stream().filter(s -> s.status() == RequestStatus.ACCEPTED && !rejected(s)).count();
      if (accepts > 1) {
        doubleAssigned++;
        problems.add("request " + id + " accepted " + accepts + " times");
      }
      doubleAssigned += ReferralChecks.wrongAccepts(id, timeline, offerById, problems);
      RequestStatusChanged firstTerminal = null;
      for (RequestStatusChanged s : timeline) {
        if (firstTerminal != null && !ReferralChecks.noteAfterTerminal(s, firstTerminal)) {
          repeated++;
          problems.add("request " + id + " " + s.status() + " after terminal " + firstTerminal.status());
        } else if (firstTerminal == null && s.status().isTerminal()) {
          firstTerminal = s;
        }
      }
      if (firstTerminal != null) {
        terminal++;
        continue;
      }
      RequestStatusChanged last = lastDecision(timeline);
      String stall = stalled(req, timeline, last, offerById, now);
      if (stall != null) {
        lost++;
        problems.add("request " + id + " left waiting silently: " + stall);
      } else {
        waiting++;
        waitingBy.merge(last.status() + (last.reason() == null ? "" : " (" + shortReason(last.reason()) + ")"), 1,
            Integer::sum);
      }
    }
    doubleAssigned += CapacityReplay.overCapacity(o, problems);
    int duplicateSends = 0;
    int pagesSent = 0;
    int caringSent = 0;
    for (Map.Entry<String, Integer> e : o.sends().entrySet()) {
      int slash = e.getKey().lastIndexOf('/');
      String sendId = slash > 0 ? e.getKey().substring(0, slash) : e.getKey();
      boolean page = o.pageSends().contains(sendId);
      boolean caring = o.caringSends().contains(sendId);
      if (page && e.getValue() > 0) {
        pagesSent++;
      }
      if (caring && e.getValue() > 0) {
        caringSent++;
      }
      if (e.getValue() > 1) {
        duplicateSends++;
        problems.add((page ? "(page, channel) " : caring ? "(caring message, channel) " : "(offer, channel) ")
            + e.getKey() + " delivered " + e.getValue() + " times");
      }
    }
    Set<String> dlqKeys = new HashSet<>(o.deadLetterKeys());
    for (String poison : o.poisonKeys()) {
      if (!dlqKeys.contains(poison)) {
        problems.add("poison record " + poison + " is not in dead-letters");
      }
    }
    for (String key : dlqKeys) {
      if (!o.poisonKeys().contains(key)) {
        problems.add("dead letter " + key + " is not a poison record of the run");
      }
    }
    return new Verdict(o.acked().size(), terminal, waiting, lost, doubleAssigned, repeated, duplicateSends,
        o.deadLetterKeys().size(), waitingBy, List.copyOf(problems), pagesSent, caringSent);
  }

  /** Why a non-terminal request can no longer be waiting legitimately, or null if it can. */
  private String stalled(HelpRequestLogged req, List<RequestStatusChanged> timeline, RequestStatusChanged last,
      Map<String, OfferMade> offers, Instant now) {
    Duration grace = limits.grace();
    if (last.status() == RequestStatus.ACCEPTED) {
      return last.occurredAt().plus(limits.ttlAccepted()).plus(grace).isBefore(now)
          ? "ACCEPTED at " + last.occurredAt() + ", never completed nor expired" : null;
    }
    if (last.status() == RequestStatus.REFERRED) {
      return ReferralChecks.stalledReferral(last, offers, grace, now);
    }
    Duration ttl = limits.ttl().getOrDefault(req.urgency(), Duration.ofDays(1));
    Instant from = ReferralChecks.lifetimeStart(req, timeline);
    if (from.plus(ttl).plus(grace).isBefore(now)) {
      return last.status() + " past its time to live (from " + from + ")";
    }
    if (last.status() == RequestStatus.OFFERED) {
      OfferMade offer = last.offerId() == null ? null : offers.get(last.offerId());
      if (offer == null) {
        return "OFFERED with offer " + last.offerId() + " that is not on the offers topic";
      }
      if (offer.expiresAt().plus(grace).isBefore(now)) {
        return "offer " + offer.offerId() + " expired at " + offer.expiresAt() + " and nothing happened since";
      }
    }
    return null;
  }

  private static RequestStatusChanged lastDecision(List<RequestStatusChanged> timeline) {
    for (int i = timeline.size() - 1; i >= 0; i--) {
      if (!rejected(timeline.get(i))) {
        return timeline.get(i);
      }
    }
    return timeline.get(timeline.size() - 1);
  }

  /** Routing's note about a refused answer: it repeats the current status and changes nothing. */
  static boolean rejected(RequestStatusChanged s) {
    return s.isRejectedAnswer();
  }

  private static String shortReason(String reason) {
    int cut = reason.indexOf(':');
    String r = cut > 0 ? reason.substring(0, cut) : reason;
    return r.length() > 40 ? r.substring(0, 40) : r;
  }

  /** Convenience for callers: an ordered copy so summaries print stably. */
  public static Map<String, Integer> sorted(Map<String, Integer> m) {
    return new LinkedHashMap<>(new TreeMap<>(m));
  }
}
