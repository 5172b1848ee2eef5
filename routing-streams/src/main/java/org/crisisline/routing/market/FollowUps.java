package org.crisisline.routing.market;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.crisisline.events.FollowUpOutcomeRecorded;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Need;
import org.crisisline.events.RequestStatus;
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
 */
final class FollowUps {
  static final String LOGGED_BY = "routing:follow-up";
  private final RoutingPolicy policy;
  private final FollowUpSettings settings;
  private final Lifecycle lifecycle;

  FollowUps(RoutingPolicy policy, Lifecycle lifecycle) {
    this.policy = policy;
    this.settings = FollowUpSettings.of(policy);
    this.lifecycle = lifecycle;
  }

  /** Schedules the follow-ups of a request that just ended, when its caller consented; once per request. */
  void planAfter(Outcome out, Market m, RequestState s, Instant now) {
    if (!ends(s.status) || s.followUpOf != null || !s.request.consentToContact() || s.followUpsPlanned > 0) {
      return;
    }
    List<Instant> due = settings.plan().dueTimes(s.urgency(), now);
    if (due.isEmpty()) {
      return;
    }
    for (int step = 1; step <= due.size(); step++) {
      out.schedule(new Timer(due.get(step - 1).toEpochMilli(), Timer.Kind.FOLLOW_UP_DUE, m.region, s.requestId,
          step + "/1"));
    }
    Instant last = due.get(due.size() - 1);
    s.followUpsPlanned = due.size();
    s.followUpsUntil = last.toEpochMilli();
    out.changed(s);
    out.schedule(new Timer(last.plus(policy.retainTerminal()).toEpochMilli(), Timer.Kind.PURGE, m.region,
        s.requestId, "follow-ups"));
    lifecycle.emitStatus(out, s, s.status, due.size() + " follow-up(s) scheduled (consent to contact), first due "
        + due.get(0) + ", last " + last, null, null, null, m.region, StatusKind.FOLLOW_UP, null, now);
  }

  /**
   * A follow-up of {@code ended} is due: logged as a new request in the caller's region, here or (when
   * the request ended in a backup region) there, by a move; nothing when it was already logged.
   */
  void due(Outcome out, Market m, RequestState ended, Timer t, Instant now) {
    String[] ref = t.ref().split("/");
    if (ref.length != 2 || !ended.followUpsLogged.add(t.ref())) {
      return;
    }
    int step = Integer.parseInt(ref[0]);
    int attempt = Integer.parseInt(ref[1]);
    HelpRequestLogged o = ended.request;
    // A retry is due on the attempt before it; every attempt links the request followed up.
    String root = ended.followUpOf != null ? ended.followUpOf : ended.requestId;
    String id = followUpId(root, step, attempt);
    String region = o.region() == null ? m.region : o.region();
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
    out.changed(ended);
    lifecycle.emitStatus(out, ended, ended.status, "follow-up " + step
        + (ended.followUpsPlanned > 0 ? " of " + ended.followUpsPlanned : "")
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
    Optional<Instant> next = settings.retry().nextAttemptAt(o.outcome(), s.followUpAttempt, now);
    if (next.isEmpty()) {
      return;
    }
    s.followUpsUntil = next.get().toEpochMilli();
    out.changed(s);
    out.schedule(new Timer(s.followUpsUntil, Timer.Kind.FOLLOW_UP_DUE, m.region, s.requestId,
        s.followUpStep + "/" + (s.followUpAttempt + 1)));
    out.schedule(new Timer(next.get().plus(policy.retainTerminal()).toEpochMilli(), Timer.Kind.PURGE, m.region,
        s.requestId, "follow-ups"));
    lifecycle.emitStatus(out, s, s.status, "caller not reached (" + o.outcome() + "): attempt "
        + (s.followUpAttempt + 1) + " of " + settings.retry().attempts() + " due " + next.get(), null, null, null,
        m.region, StatusKind.FOLLOW_UP, null, now);
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
