package org.crisisline.intake.view;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crisisline.events.AnswerEvent;
import org.crisisline.events.OfferAccepted;
import org.crisisline.events.OfferDeclined;
import org.crisisline.events.OfferEvent;
import org.crisisline.events.OfferMade;
import org.crisisline.events.OfferRescinded;
import org.crisisline.events.RequestStatusChanged;

/**
 * offerId → (offer, state), from {@code offers} (routing), {@code offer-answers} (intake),
 * {@code sms-replies} (the notifier, as the answer each reply stands for) and {@code request-status} (a terminal request closes its offers).
 * It is what lets an answer happen once: an offer already answered is no longer outstanding.
 * Bounded by {@link #sweep}: offers past their expiry by more than intake's recent window leave.
 *
 * <p>The topics are read side by side, so on a replay an answer, a rescind or the request's end can
 * be read before the offer it settles: it is kept ({@code settledEarly}, {@code endedRequests}) and
 * applied when the offer comes, so no offer of a finished request is left open. Applied by one
 * thread, the view loader's.
 */
public final class OfferView {
  private static final Pattern OFFER_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private final ConcurrentHashMap<String, OfferState> byOfferId = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Set<String>> byRequestId = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Settled> settledEarly = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Instant> endedRequests = new ConcurrentHashMap<>();

  private record Settled(OfferState.State state, Instant at) {}

  public void apply(OfferEvent event) {
    if (event instanceof OfferMade made) {
      Settled early = settledEarly.remove(made.offerId());
      OfferState.State state = early != null ? early.state()
          : endedRequests.containsKey(made.requestId()) ? OfferState.State.CLOSED : OfferState.State.OUTSTANDING;
      byOfferId.putIfAbsent(made.offerId(), new OfferState(made, state));
      byRequestId.computeIfAbsent(made.requestId(), k -> ConcurrentHashMap.newKeySet()).add(made.offerId());
    } else if (event instanceof OfferRescinded rescinded) {
      settle(rescinded.offerId(), OfferState.State.RESCINDED, rescinded.occurredAt());
    }
  }

  public void apply(AnswerEvent event) {
    if (event instanceof OfferAccepted accepted) {
      settle(accepted.offerId(), OfferState.State.ACCEPTED, accepted.occurredAt());
    } else if (event instanceof OfferDeclined declined) {
      settle(declined.offerId(), OfferState.State.DECLINED, declined.occurredAt());
    }
  }

  public void apply(RequestStatusChanged change) {
    if (change.status().isTerminal()) {
      endedRequests.put(change.requestId(), change.occurredAt() != null ? change.occurredAt() : Instant.EPOCH);
      byRequestId.getOrDefault(change.requestId(), Set.of())
          .forEach(offerId -> settle(offerId, OfferState.State.CLOSED, change.occurredAt()));
    }
  }

  /**
   * Marks an offer answered if it is still outstanding; false if someone answered first.
   * The atomic compare is what makes two clicks on a link produce one answer.
   */
  public boolean claimAnswer(String offerId, OfferState.State answer, Instant now) {
    boolean[] won = {false};
    byOfferId.computeIfPresent(offerId, (id, s) -> {
      if (s.isOutstanding(now)) {
        won[0] = true;
        return s.with(answer);
      }
      return s;
    });
    return won[0];
  }

  /** Undoes a claim whose publish failed, so the responder can try again. */
  public void releaseClaim(String offerId, OfferState.State answer) {
    byOfferId.computeIfPresent(offerId, (id, s) -> s.state() == answer ? s.with(OfferState.State.OUTSTANDING) : s);
  }

  public Optional<OfferState> get(String offerId) {
    return Optional.ofNullable(byOfferId.get(offerId));
  }

  /** A responder's offers still open at {@code now}, soonest expiry first. */
  public List<OfferState> outstandingFor(String responderId, Instant now) {
    return byOfferId.values().stream()
        .filter(s -> responderId.equals(s.offer().responderId()) && s.isOutstanding(now))
        .sorted(Comparator.comparing(s -> s.offer().expiresAt(), Comparator.nullsLast(Comparator.naturalOrder())))
        .toList();
  }

  /**
   * The text with each offer id of this responder's offers replaced by its offer code: routing's
   * reasons name offers by id, people know them by the code in their SMS and on their screen.
   */
  public String withOfferCodes(String text, String responderId) {
    if (text == null) {
      return null;
    }
    Matcher m = OFFER_ID.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      OfferState o = byOfferId.get(m.group());
      boolean theirs = o != null && o.offer().offerCode() != null && responderId.equals(o.offer().responderId());
      m.appendReplacement(out, Matcher.quoteReplacement(theirs ? o.offer().offerCode() : m.group()));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * Forgets offers that expired (or were made, if they have no expiry) before {@code before}: none
   * can be answered any more, so memory stays flat however many offers a year brings. A link to one
   * then answers "not found", as for an offer never made. Returns how many left.
   */
  public int sweep(Instant before) {
    int[] dropped = {0};
    byOfferId.values().removeIf(s -> {
      Instant end = s.offer().expiresAt() != null ? s.offer().expiresAt() : s.offer().occurredAt();
      boolean old = end != null && end.isBefore(before);
      if (old) {
        byRequestId.computeIfPresent(s.offer().requestId(), (id, set) -> {
          set.remove(s.offer().offerId());
          return set.isEmpty() ? null : set;
        });
        dropped[0]++;
      }
      return old;
    });
    settledEarly.values().removeIf(e -> e.at() == null || e.at().isBefore(before));
    endedRequests.values().removeIf(at -> at.isBefore(before));
    return dropped[0];
  }

  /** How many offers the view holds. */
  public int size() {
    return byOfferId.size();
  }

  /** Settles an outstanding offer; one not read yet is settled when it comes (the first answer wins, as here). */
  private void settle(String offerId, OfferState.State next, Instant at) {
    if (byOfferId.computeIfPresent(offerId, (id, s) -> s.state() == OfferState.State.OUTSTANDING ? s.with(next) : s)
        == null) {
      settledEarly.putIfAbsent(offerId, new Settled(next, at));
    }
  }
}
