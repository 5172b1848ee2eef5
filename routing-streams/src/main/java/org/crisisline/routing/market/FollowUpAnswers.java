package org.crisisline.routing.market;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crisisline.events.FollowUpCancelRequested;
import org.crisisline.events.FollowUpCancelled;
import org.crisisline.events.FollowUpOrigin;
import org.crisisline.events.FollowUpRequested;
import org.crisisline.events.Ids;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.StatusKind;

/**
 * What people ask of a request's follow-ups (intake writes it on {@code offer-answers}, having checked
 * who may ask): add one ({@link FollowUpRequested}) or cancel one or all ({@link FollowUpCancelRequested}).
 *
 * <p>A follow-up is added to a request (not to a follow-up) whose caller consented to be contacted and
 * has not withdrawn, with intake's followUpId, due at its {@code dueAt}; the request is kept until then.
 * A cancelled follow-up not yet due never fires; one already routed and not closed is cancelled as a
 * request (its offer rescinded or its peer specialist freed). Cancelling all of them (followUpId null)
 * is remembered: a request that ends later schedules none. A follow-up routed, or a retry scheduled
 * on a follow-up, is held by that follow-up's own state, perhaps in another market: the cancellation is
 * forwarded to it (the same event, with the follow-up's id as requestId), which cancels it and passes it
 * on down its chain of attempts. Each follow-up cancelled is published as {@link FollowUpCancelled}; the
 * followed request's timeline gets a {@code FOLLOW_UP} note of codes and ids only.
 */
final class FollowUpAnswers {
  private final Lifecycle lifecycle;
  private final FollowUps followUps;

  FollowUpAnswers(Lifecycle lifecycle, FollowUps followUps) {
    this.lifecycle = lifecycle;
    this.followUps = followUps;
  }

  /** A person adds a follow-up to request {@code s}. */
  void requested(Outcome out, Market m, RequestState s, FollowUpRequested r, Instant now) {
    if (r.followUpId() != null && s.followUpRefs.containsKey(r.followUpId())) {
      return; // asked again (intake's retry names the same id): already scheduled
    }
    String why = s.followUpOf != null ? "request " + s.requestId + " is a follow-up"
        : !s.request.consentToContact() ? "the caller did not consent to be contacted"
        : s.followUpsWithdrawn ? "the caller's follow-ups were stopped"
        : r.followUpId() == null || r.followUpId().isBlank() ? "no followUpId"
        : r.dueAt() == null ? "no dueAt" : null;
    if (why != null) {
      lifecycle.emitStatus(out, s, s.status, "rejected: follow-up request: " + why, null, r.responderId(), null,
          m.region, StatusKind.ANSWER_REJECTED, null, now);
      return;
    }
    // A due time that passed while the request travelled fires at the next tick.
    Instant due = r.dueAt().isBefore(now) ? now : r.dueAt();
    s.followUpsAdded++;
    int step = s.followUpsPlanned + s.followUpsAdded;
    followUps.schedule(out, m, s, s.requestId, step, 1, r.followUpId(), due, FollowUpOrigin.ADDED, r.note(),
        r.responderId(), now);
    followUps.keepFor(out, m, s, due);
    lifecycle.emitStatus(out, s, s.status, "follow-up " + step + " added by " + r.responderId() + ": "
        + r.followUpId() + " due " + due, null, r.responderId(), null, m.region, StatusKind.FOLLOW_UP, null, now);
  }

  /** Cancel one follow-up of {@code s}, or all of them; {@code s} is the request followed up or a follow-up. */
  void cancel(Outcome out, Market m, RequestState s, FollowUpCancelRequested c, Instant now) {
    if (s.followUpOf != null) {
      cancelHeldBy(out, m, s, c, now);
    } else if (c.followUpId() == null) {
      cancelAll(out, m, s, c, now);
    } else {
      cancelOne(out, m, s, c, now);
    }
  }

  private void cancelAll(Outcome out, Market m, RequestState s, FollowUpCancelRequested c, Instant now) {
    s.followUpsWithdrawn = true;
    s.callerContact = null;
    out.changed(s);
    int notDue = 0;
    int routed = 0;
    for (Map.Entry<String, String> f : s.followUpRefs.entrySet()) {
      if (s.followUpsLogged.contains(f.getValue())) {
        forward(out, m, s, f.getKey(), null, c);
        routed++;
      } else if (s.followUpsCancelled.add(f.getValue())) {
        published(out, s.requestId, f.getKey(), c, now);
        notDue++;
      }
    }
    lifecycle.emitStatus(out, s, s.status, "follow-ups stopped (" + c.reason() + "): " + notDue
        + " not yet due cancelled, " + routed + " routed cancelled if still open; none will be scheduled",
        null, c.responderId(), null, m.region, StatusKind.FOLLOW_UP, null, now);
  }

  private void cancelOne(Outcome out, Market m, RequestState s, FollowUpCancelRequested c, Instant now) {
    String id = c.followUpId();
    String ref = s.followUpRefs.get(id);
    String note;
    if (ref != null && s.followUpsLogged.contains(ref)) {
      forward(out, m, s, id, id, c);
      note = "follow-up " + id + " (routed) cancelled if still open";
    } else if (ref != null && s.followUpsCancelled.add(ref)) {
      out.changed(s);
      published(out, s.requestId, id, c, now);
      note = "follow-up " + id + " cancelled";
      if (!FollowUps.toCome(s) && s.status.isTerminal()) {
        s.callerContact = null;
      }
    } else if (ref != null) {
      return; // cancelled already
    } else {
      String holder = retryHolder(s, id);
      if (holder == null) {
        lifecycle.emitStatus(out, s, s.status, "rejected: follow-up cancellation: no follow-up " + id
            + " of request " + s.requestId, null, c.responderId(), null, m.region, StatusKind.ANSWER_REJECTED,
            null, now);
        return;
      }
      forward(out, m, s, holder, id, c);
      note = "follow-up " + id + " (a retry) cancelled if not yet done";
    }
    lifecycle.emitStatus(out, s, s.status, note + " (" + c.reason() + ")", null, c.responderId(), null, m.region,
        StatusKind.FOLLOW_UP, null, now);
  }

  /**
   * A follow-up {@code s} asked to cancel itself ({@code followUpId} its own id), a retry it holds, or
   * (null) itself and every attempt after it.
   */
  private void cancelHeldBy(Outcome out, Market m, RequestState s, FollowUpCancelRequested c, Instant now) {
    String id = c.followUpId();
    if (id == null || id.equals(s.requestId)) {
      if (!s.status.isTerminal()) {
        lifecycle.close(out, m, s, RequestStatus.CANCELLED, "follow-up cancelled (" + c.reason() + ")", now);
        published(out, s.followUpOf, s.requestId, c, now);
      }
      s.callerContact = null;
      out.changed(s);
    }
    if (id == null) {
      s.followUpsWithdrawn = true;
      out.changed(s);
    }
    for (Map.Entry<String, String> f : new ArrayList<>(s.followUpRefs.entrySet())) {
      if (id != null && !id.equals(f.getKey())) {
        continue;
      }
      if (s.followUpsLogged.contains(f.getValue())) {
        forward(out, m, s, f.getKey(), id, c);
      } else if (s.followUpsCancelled.add(f.getValue())) {
        out.changed(s);
        published(out, s.followUpOf, f.getKey(), c, now);
      }
    }
  }

  /** Which follow-up holds retry {@code id} of the request {@code root}: the attempt before it, or null. */
  private String retryHolder(RequestState root, String id) {
    List<String> steps = new ArrayList<>(root.followUpRefs.keySet());
    for (String first : steps) {
      int step = Integer.parseInt(root.followUpRefs.get(first).split("/", 3)[0]);
      String before = first;
      for (int attempt = 2; attempt <= followUps.settings.retry().attempts(); attempt++) {
        String retry = FollowUps.followUpId(root.requestId, step, attempt);
        if (retry.equals(id)) {
          return before;
        }
        before = retry;
      }
    }
    return null;
  }

  /** Passes the cancellation to the follow-up {@code holder} (routed in the caller's region). */
  private static void forward(Outcome out, Market m, RequestState s, String holder, String followUpId,
      FollowUpCancelRequested c) {
    out.forward(new Outcome.Forward(FollowUps.regionOf(s, m), null, new FollowUpCancelRequested(Ids.newId(),
        c.occurredAt(), holder, followUpId, c.reason(), c.responderId())));
  }

  private static void published(Outcome out, String root, String followUpId, FollowUpCancelRequested c, Instant now) {
    out.emit(new FollowUpCancelled(Ids.newId(), now, root, followUpId, c.reason(), c.responderId()));
  }
}
