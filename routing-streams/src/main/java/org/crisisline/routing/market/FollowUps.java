package org.crisisline.routing.market;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.crisisline.events.FollowUpDone;
import org.crisisline.events.FollowUpDue;
import org.crisisline.events.FollowUpOrigin;
import org.crisisline.events.FollowUpOutcome;
import org.crisisline.events.FollowUpOutcomeRecorded;
import org.crisisline.events.FollowUpScheduled;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Ids;
import org.crisisline.events.Need;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.Sealed;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Urgency;
import org.crisisline.routing.rules.FollowUpRetry;

/**
 * Caring contacts. When a request whose caller consented to be contacted ends COMPLETED or
 * REFERRAL_ACCEPTED, its follow-ups ({@link FollowUpSettings#plan()}) are kept as
 * {@link Timer.Kind#FOLLOW_UP_DUE} timers in the timer store, so they survive restarts; the ended
 * request is kept (not purged) until the last is due. At its due time a follow-up becomes a routed
 * request of its own, kind FOLLOW_UP ({@link RequestState#followUpOf()} set): need PEER_SUPPORT,
 * urgency MODERATE, the caller's language and region, offered to a peer specialist with the usual
 * offers, timeouts and escalation. Its id is derived from the ended request's id, the step and the
 * attempt, and the ended request remembers which it logged, so each is logged exactly once. The
 * follow-up's {@link HelpRequestLogged} (no PII) also goes back to routing's request side, so that
 * answers and cancellations of it find its market like any request's.
 * A follow-up never has follow-ups of its own.
 *
 * <p>Each step is published on {@code follow-ups}, keyed by the request followed up:
 * {@link FollowUpScheduled} (planned, retried; added ones by {@link FollowUpAnswers}),
 * {@link FollowUpDue} with the caller's sealed contact for the caring message (kept with consent
 * only, dropped once nothing more is to come), {@link FollowUpDone} when its outcome is recorded.
 */
final class FollowUps {
  static final String LOGGED_BY = "routing:follow-up";
  private final RoutingPolicy policy;
  final FollowUpSettings settings;
  private final Lifecycle lifecycle;

  FollowUps(RoutingPolicy policy, Lifecycle lifecycle) {
    this.policy = policy;
    this.settings = FollowUpSettings.of(policy);
    this.lifecycle = lifecycle;
  }

  /** Schedules the follow-ups of a request that just ended, when its caller consented; once per request. */
  void planAfter(Outcome out, Market m, RequestState s, Instant now) {
    if (!ends(s.status) || s.followUpOf != null || !s.request.consentToContact() || s.followUpsPlanned > 0
        || s.followUpsWithdrawn) {
      return;
    }
    List<Instant> due = settings.plan().dueTimes(s.urgency(), now);
    if (due.isEmpty()) {
      return;
    }
    // Steps a person added before the end keep their numbers: the plan's come after them.
    for (int i = 0; i < due.size(); i++) {
      int step = s.followUpsAdded + i + 1;
      schedule(out, m, s, s.requestId, step, 1, null, due.get(i), FollowUpOrigin.PLAN, null, null, now);
    }
    Instant last = due.get(due.size() - 1);
    s.followUpsPlanned = due.size();
    keepFor(out, m, s, last);
    lifecycle.emitStatus(out, s, s.status, due.size() + " follow-up(s) scheduled (consent to contact), first due "
        + due.get(0) + ", last " + last, null, null, null, m.region, StatusKind.FOLLOW_UP, null, now);
  }

  /**
   * Keeps {@code s} (and the sealed contact it holds) until follow-up {@code step}/{@code attempt} of
   * {@code root} is due: its timer, its id in {@link RequestState#followUpRefs}, and its
   * {@link FollowUpScheduled}. {@code id} is the id a person's follow-up was given, else null (derived).
   */
  void schedule(Outcome out, Market m, RequestState s, String root, int step, int attempt, String id, Instant dueAt,
      FollowUpOrigin origin, Sealed note, String addedBy, Instant now) {
    String ref = step + "/" + attempt + (id == null ? "" : "/" + id);
    String followUpId = id == null ? followUpId(root, step, attempt) : id;
    s.followUpRefs.put(followUpId, ref);
    s.followUpDueAt.put(ref, dueAt.toEpochMilli());
    out.changed(s);
    out.schedule(s, new Timer(dueAt.toEpochMilli(), Timer.Kind.FOLLOW_UP_DUE, m.region, s.requestId, ref));
    out.emit(new FollowUpScheduled(Ids.newId(), now, root, followUpId, step, attempt, dueAt, regionOf(s, m),
        s.request.language(), origin, note, addedBy));
  }

  /**
   * A request that moved to this market (rollover) with follow-ups still to come: their timers, kept
   * in the market it left (where they now find a stub and do nothing), are kept here again.
   */
  void rescheduleAfterMove(Outcome out, RequestState moved) {
    moved.followUpRefs.values().stream()
        .filter(ref -> !moved.followUpsLogged.contains(ref) && !moved.followUpsCancelled.contains(ref))
        .forEach(ref -> out.schedule(moved, new Timer(moved.followUpDueAt.getOrDefault(ref, 0L),
            Timer.Kind.FOLLOW_UP_DUE, moved.market, moved.requestId, ref)));
    if (moved.followUpsUntil > 0) {
      long until = Instant.ofEpochMilli(moved.followUpsUntil).plus(policy.retainTerminal()).toEpochMilli();
      out.schedule(moved, new Timer(until, Timer.Kind.PURGE, moved.market, moved.requestId, "follow-ups"));
    }
  }

  /** Whether a follow-up scheduled on {@code s} is neither logged nor cancelled yet. */
  static boolean toCome(RequestState s) {
    return s.followUpRefs.values().stream()
        .anyMatch(r -> !s.followUpsLogged.contains(r) && !s.followUpsCancelled.contains(r));
  }

  /** What a request's copy in another market keeps of its follow-ups (rescheduled by {@link #rescheduleAfterMove}). */
  static void carryOver(RequestState from, RequestState c) {
    c.followUpOf = from.followUpOf;
    c.followUpStep = from.followUpStep;
    c.followUpAttempt = from.followUpAttempt;
    c.followUpsWithdrawn = from.followUpsWithdrawn;
    c.callerContact = from.callerContact;
    c.followUpRefs = new java.util.LinkedHashMap<>(from.followUpRefs);
    c.followUpDueAt = new java.util.LinkedHashMap<>(from.followUpDueAt);
    c.followUpsCancelled = new java.util.LinkedHashSet<>(from.followUpsCancelled);
    c.followUpsLogged = new java.util.LinkedHashSet<>(from.followUpsLogged);
    c.followUpsAdded = from.followUpsAdded;
    c.followUpsPlanned = from.followUpsPlanned;
    c.followUpsUntil = from.followUpsUntil;
  }

  /** Keeps {@code s} past {@code retain.terminal} until {@code until}, and long enough for its retries. */
  void keepFor(Outcome out, Market m, RequestState s, Instant until) {
    Instant keep = s.followUpOf == null ? until.plus(settings.retriesWithin(policy)) : until;
    s.followUpsUntil = Math.max(s.followUpsUntil, keep.toEpochMilli());
    out.changed(s);
    out.schedule(s, new Timer(Instant.ofEpochMilli(s.followUpsUntil).plus(policy.retainTerminal()).toEpochMilli(),
        Timer.Kind.PURGE, m.region, s.requestId, "follow-ups"));
  }

  /** The region the follow-ups of {@code s} are routed in: the caller's. */
  static String regionOf(RequestState s, Market m) {
    return s.request.region() == null ? m.region : s.request.region();
  }

  /**
   * A follow-up of {@code ended} is due: logged as a new request in the caller's region, here or (when
   * the request ended in a backup region) there, by a move; nothing when it was already logged.
   */
  void due(Outcome out, Market m, RequestState ended, Timer t, Instant now) {
    String[] ref = t.ref().split("/", 3);
    if (ref.length < 2 || ended.followUpsCancelled.contains(t.ref()) || !ended.followUpsLogged.add(t.ref())) {
      return;
    }
    int step = Integer.parseInt(ref[0]);
    int attempt = Integer.parseInt(ref[1]);
    HelpRequestLogged o = ended.request;
    // A retry is due on the attempt before it; every attempt links the request followed up.
    String root = ended.followUpOf != null ? ended.followUpOf : ended.requestId;
    String id = ref.length == 3 ? ref[2] : followUpId(root, step, attempt);
    String region = regionOf(ended, m);
    // Contact details and the caller key stay with the original request (routing never holds them): the
    // follow-up names it as its parent.
    HelpRequestLogged r = new HelpRequestLogged(derived("event", id), now, id, o.channel(), Urgency.MODERATE,
        Need.PEER_SUPPORT, null, o.language(), region, o.postalCode(), o.ageGroup(), List.of(), null, null,
        true, LOGGED_BY, null, null, null, root);
    RequestState f = new RequestState(r, region, policy.poolFor(Urgency.MODERATE, Need.PEER_SUPPORT),
        now.toEpochMilli());
    f.followUpOf = root;
    f.followUpStep = step;
    f.followUpAttempt = attempt;
    f.callerContact = ended.callerContact;
    out.emit(new FollowUpDue(Ids.newId(), now, root, id, step, attempt, region, o.language(), ended.callerContact,
        settings.caringMessage()));
    if (!toCome(ended) && (ended.status.isTerminal() || ended.followUpOf != null)) {
      ended.callerContact = null; // its last follow-up is due: the follow-up holds the contact now
    }
    out.changed(ended);
    int steps = ended.followUpsPlanned + ended.followUpsAdded;
    lifecycle.emitStatus(out, ended, ended.status, "follow-up " + step
        + (steps > 0 ? " of " + steps : "")
        + (attempt > 1 ? " (attempt " + attempt + ")" : "") + " due: logged as request " + id, null, null, null,
        region, StatusKind.FOLLOW_UP, null, now);
    out.logged(r);
    String origin = "; follow-up " + step + (attempt > 1 ? " (attempt " + attempt + ")" : "") + " of request " + root;
    if (region.equals(m.region)) {
      lifecycle.admit(out, m, f, origin, now);
    } else {
      lifecycle.emitStatus(out, f, RequestStatus.QUEUED, "logged; waiting in pool " + region + "/" + f.pool + origin,
          null, null, null, region, now);
      out.forward(new Outcome.Forward(region, f, null));
    }
  }

  /**
   * The peer specialist who accepted a follow-up records its outcome: the follow-up is COMPLETED, and a
   * caller not reached is tried again after {@code followup.retry} ({@link FollowUpRetry}): the next
   * attempt is due on this one, which is kept until then.
   */
  void outcome(Outcome out, Market m, RequestState s, FollowUpOutcomeRecorded o, Instant now) {
    String why = s.followUpOf == null ? "request " + s.requestId + " is not a follow-up"
        : s.status != RequestStatus.ACCEPTED ? "follow-up is " + s.status
        : !o.responderId().equals(s.acceptedBy) ? "not accepted by " + o.responderId()
        : o.outcome() == null ? "no outcome given" : null;
    if (why != null) {
      lifecycle.emitStatus(out, s, s.status, "rejected: follow-up outcome: " + why, null, o.responderId(), null,
          m.region, StatusKind.ANSWER_REJECTED, null, now);
      return;
    }
    lifecycle.close(out, m, s, RequestStatus.COMPLETED, "follow-up " + s.followUpStep + " attempt "
        + s.followUpAttempt + ": " + o.outcome() + " (recorded by " + o.responderId() + ")", now);
    Optional<Instant> next = s.followUpsWithdrawn ? Optional.empty()
        : settings.retry().nextAttemptAt(o.outcome(), s.followUpAttempt, now);
    done(out, m, s, o.outcome(), o.responderId(), next, "caller not reached (" + o.outcome() + ")", null, now);
  }

  /**
   * A follow-up that expired with no outcome (no peer specialist took it in its lifetime, or the one
   * who took it recorded nothing) reached nobody: like a caller not reached, it is tried again after
   * {@code followup.retry} while attempts are left ({@link FollowUpRetry#nextAttemptAfterExpiry}), and
   * not when the caller opted out. Published as a {@link FollowUpDone} with no outcome. Nothing for a
   * request that is not a follow-up.
   */
  void expired(Outcome out, Market m, RequestState s, Instant now) {
    if (s.followUpOf == null) {
      return;
    }
    Optional<Instant> next = s.followUpsWithdrawn ? Optional.empty()
        : settings.retry().nextAttemptAfterExpiry(s.followUpAttempt, now);
    done(out, m, s, null, null, next, "follow-up expired with no outcome",
        s.followUpsWithdrawn ? null : "follow-up expired with no outcome: attempt " + s.followUpAttempt + " of "
            + settings.retry().attempts() + " was the last", now);
  }

  /**
   * Publishes the end of follow-up attempt {@code s} ({@link FollowUpDone}); then either schedules the next one
   * at {@code next}, kept on this one with its timeline saying "{@code why}: attempt n of N due …", or,
   * with no attempt to come, drops the caller's contact and says {@code lastNote} if given.
   */
  private void done(Outcome out, Market m, RequestState s, FollowUpOutcome outcome, String by, Optional<Instant> next,
      String why, String lastNote, Instant now) {
    out.emit(new FollowUpDone(Ids.newId(), now, s.followUpOf, s.requestId, s.followUpStep, s.followUpAttempt,
        outcome, by, next.orElse(null)));
    if (next.isEmpty()) {
      s.callerContact = null;
      out.changed(s);
      if (lastNote != null) {
        lifecycle.emitStatus(out, s, s.status, lastNote, null, null, null, m.region, StatusKind.FOLLOW_UP, null, now);
      }
      return;
    }
    schedule(out, m, s, s.followUpOf, s.followUpStep, s.followUpAttempt + 1, null, next.get(), FollowUpOrigin.RETRY,
        null, null, now);
    keepFor(out, m, s, next.get());
    lifecycle.emitStatus(out, s, s.status, why + ": attempt " + (s.followUpAttempt + 1) + " of "
        + settings.retry().attempts() + " due " + next.get(), null, null, null, m.region, StatusKind.FOLLOW_UP, null,
        now);
  }

  /** {@code h} without its (sealed) caller contact. */
  static HelpRequestLogged withoutContact(HelpRequestLogged h) {
    return h.callerContact() == null ? h : new HelpRequestLogged(h.eventId(), h.occurredAt(), h.requestId(),
        h.channel(), h.urgency(), h.need(), h.referralKind(), h.language(), h.region(), h.postalCode(), h.ageGroup(),
        h.specialties(), h.summary(), null, h.consentToContact(), h.loggedBy(), h.callerKey(), h.riskScreen(),
        h.serviceId(), h.parentRequestId());
  }

  /** The id of attempt {@code attempt} of follow-up {@code step} of request {@code requestId}: the same every time. */
  static String followUpId(String requestId, int step, int attempt) {
    return derived("follow-up", requestId + "/" + step + "/" + attempt);
  }

  private static String derived(String what, String of) {
    return UUID.nameUUIDFromBytes((what + ":" + of).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** Whether a request of this status may have follow-ups. */
  static boolean ends(RequestStatus status) {
    return status == RequestStatus.COMPLETED || status == RequestStatus.REFERRAL_ACCEPTED;
  }
}
