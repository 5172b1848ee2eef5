package org.crisisline.intake.kafka;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.crisisline.events.AuditEvent;
import org.crisisline.events.ConsentWithdrawn;
import org.crisisline.events.FollowUpCancelReason;
import org.crisisline.events.FollowUpCancelRequested;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.Topics;
import org.crisisline.intake.view.AuditView;
import org.crisisline.intake.view.FollowUpView;
import org.crisisline.intake.view.RequestRecord;
import org.crisisline.intake.view.RequestView;
import org.crisisline.records.Records;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * STOP means stop: on a caller's opt-out ({@link ConsentWithdrawn}, by caller key) intake finds every
 * request of that caller — held in memory, and in the records database for older ones — that is not
 * finished, has a follow-up not yet done, or ended in a way that plans follow-ups, and writes
 * {@link FollowUpCancelRequested} (every follow-up, reason CONSENT_WITHDRAWN) for each to
 * {@code offer-answers}; then one audit record ({@value #ACTION}, resource the withdrawal's eventId)
 * whose count says how many requests it touched (0 for an unknown number:
 * nothing else differs, so the audit is no oracle either).
 *
 * <p>Idempotent: each cancellation's eventId is derived from the withdrawal's eventId and the
 * requestId, so doing it twice writes the same events; a withdrawal whose audit record intake
 * already holds is skipped. Withdrawals replayed while the views rebuild wait until they caught up,
 * so one missed while intake was down is acted on at its next start. One thread, in topic order.
 */
public final class ConsentFanOut implements AutoCloseable {
  public static final String ACTION = "followups.consent-withdrawn";
  private static final Logger LOG = LoggerFactory.getLogger(ConsentFanOut.class);
  private final RequestView requests;
  private final FollowUpView followUps;
  private final AuditView auditTrail;
  private final EventPublisher publisher;
  private final Records records;
  private final ViewLoader loader;
  private final Clock clock;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "intake-consent-withdrawals");
    t.setDaemon(true);
    return t;
  });

  ConsentFanOut(RequestView requests, FollowUpView followUps, AuditView auditTrail, EventPublisher publisher,
      Records records, ViewLoader loader, Clock clock) {
    this.requests = requests;
    this.followUps = followUps;
    this.auditTrail = auditTrail;
    this.publisher = publisher;
    this.records = records;
    this.loader = loader;
    this.clock = clock;
  }

  /** Queues the withdrawal; acted on once the views caught up. */
  void accept(ConsentWithdrawn withdrawn) {
    thread.execute(() -> {
      try {
        while (!loader.awaitCaughtUp(Duration.ofSeconds(30))) {
          LOG.info("opt-out {} waits for the views to catch up", withdrawn.eventId());
        }
        act(withdrawn);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        // Names no value; the withdrawal is acted on again at the next start (not audited yet).
        LOG.error("opt-out {} not acted on: {}", withdrawn.eventId(), e.getClass().getSimpleName());
      }
    });
  }

  private void act(ConsentWithdrawn w) throws Exception {
    if (auditTrail.find(w.eventId(), 20).stream().anyMatch(a -> ACTION.equals(a.action()))) {
      return;
    }
    Set<String> touched = touched(w.callerKey());
    List<CompletableFuture<?>> writes = new ArrayList<>();
    for (String requestId : touched) {
      FollowUpCancelRequested cancel = new FollowUpCancelRequested(derived("cancel", w.eventId() + "/" + requestId),
          clock.instant(), requestId, null, FollowUpCancelReason.CONSENT_WITHDRAWN, null);
      writes.add(publisher.send(Topics.OFFER_ANSWERS, requestId, cancel));
    }
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    AuditEvent audit = new AuditEvent(derived("audit", w.eventId()), clock.instant(), "caller", "caller", ACTION,
        "consent-withdrawal", w.eventId(), w.via(), "ok", null, touched.size());
    publisher.send(Topics.AUDIT, w.eventId(), audit).get(30, TimeUnit.SECONDS);
    auditTrail.apply(audit);
    LOG.info("opt-out {}: follow-ups of {} request(s) cancelled", w.eventId(), touched.size());
  }

  /** The caller's requests whose follow-ups (now or to come) must stop. */
  private Set<String> touched(String callerKey) throws SQLException {
    Set<String> out = new LinkedHashSet<>();
    Set<String> held = new LinkedHashSet<>();
    for (RequestRecord r : requests.withCallerKey(callerKey)) {
      held.add(r.requestId());
      boolean plansFollowUps = r.logged().consentToContact()
          && (r.status() == RequestStatus.COMPLETED || r.status() == RequestStatus.REFERRAL_ACCEPTED);
      if (!r.status().isTerminal() || followUps.hasOpen(r.requestId())
          || (plansFollowUps && followUps.of(r.requestId()).isEmpty())) {
        out.add(r.requestId());
      }
    }
    if (records != null && callerKey != null) {
      for (Map.Entry<String, String> e : records.queries().statusesByRequest(callerKey).entrySet()) {
        String id = e.getKey();
        if (!held.contains(id) && (!terminal(e.getValue()) || followUps.hasOpen(id))) {
          out.add(id);
        }
      }
    }
    return out;
  }

  private static boolean terminal(String status) {
    try {
      return status != null && RequestStatus.valueOf(status).isTerminal();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String derived(String what, String of) {
    return UUID.nameUUIDFromBytes(("consent-withdrawn:" + what + ":" + of).getBytes(StandardCharsets.UTF_8)).toString();
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
