package org.crisisline.intake.http;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.crisisline.events.AnswerVia;
import org.crisisline.events.FollowUpOutcome;
import org.crisisline.events.FollowUpOutcomeRecorded;
import org.crisisline.events.Ids;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.Topics;
import org.crisisline.intake.auth.Principal;
import org.crisisline.intake.domain.FollowUpInput;
import org.crisisline.intake.domain.InvalidInput;
import org.crisisline.intake.kafka.EventPublisher;
import org.crisisline.intake.view.FollowUpRecord;
import org.crisisline.intake.view.FollowUpView;
import org.crisisline.intake.view.OfferView;
import org.crisisline.intake.view.RequestRecord;
import org.crisisline.intake.view.RequestView;

/**
 * Follow-ups as work: a peer specialist's follow-ups due today (offered to them or accepted by them;
 * staff and supervisors see every one due today), the counts per region for the dashboard (due today,
 * done today, overdue), and the outcome the peer specialist who accepted a follow-up records
 * ({@link FollowUpOutcomeRecorded} on {@code offer-answers}; routing completes the follow-up and
 * retries a caller not reached). Days are UTC days.
 */
public final class FollowUpBoardRoutes implements Routes {
  private final Guard guard;
  private final OpenApiBodies openApi;
  private final RequestView requests;
  private final FollowUpView followUps;
  private final OfferView offers;
  private final EventPublisher publisher;
  private final Audit audit;
  private final Clock clock;

  public FollowUpBoardRoutes(Guard guard, OpenApiBodies openApi, RequestView requests, FollowUpView followUps,
      OfferView offers, EventPublisher publisher, Audit audit, Clock clock) {
    this.guard = guard;
    this.openApi = openApi;
    this.requests = requests;
    this.followUps = followUps;
    this.offers = offers;
    this.publisher = publisher;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/v1/followups/today").handler(guard.roles(Principal.RESPONDER, Principal.STAFF, Principal.SUPERVISOR))
        .handler(this::today);
    router.get("/api/v1/followups/counts").handler(guard.roles(Principal.STAFF, Principal.SUPERVISOR, Principal.ADMIN))
        .handler(this::counts);
    router.post("/api/v1/requests/:id/followup-outcome").handler(guard.roles(Principal.RESPONDER))
        .handler(MediaType.json(false))
        .handler(openApi.handler("recordFollowUpOutcome", (ctx, body) -> FollowUpInput.outcome(body)))
        .handler(this::outcome);
  }

  private void today(RoutingContext ctx) {
    Principal who = Guard.principal(ctx);
    Instant now = clock.instant();
    boolean everyone = who.has(Principal.STAFF) || who.has(Principal.SUPERVISOR);
    Set<String> offeredToMe = who.responderId() == null ? Set.of()
        : offers.outstandingFor(who.responderId(), now).stream().map(o -> o.offer().requestId())
            .collect(Collectors.toSet());
    List<Map<String, Object>> out = followUps.dueOn(now).stream().map(f -> {
      Optional<RequestRecord> routed = requests.get(f.followUpId());
      String acceptedBy = routed.map(RequestRecord::acceptedBy).orElse(null);
      boolean theirs = who.responderId() != null && who.responderId().equals(acceptedBy);
      if (!everyone && !theirs && !offeredToMe.contains(f.followUpId())) {
        return null;
      }
      // Theirs to record while they hold it: not once the outcome moved it on (routing completes it).
      boolean toRecord = theirs && f.state() == FollowUpRecord.State.DUE
          && routed.map(RequestRecord::status).orElse(null) == RequestStatus.ACCEPTED;
      Map<String, Object> m = FollowUpJson.of(f);
      m.put("acceptedBy", acceptedBy);
      m.put("acceptedByMe", toRecord);
      m.put("offeredToMe", offeredToMe.contains(f.followUpId()));
      return m;
    }).filter(m -> m != null).toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("date", now.truncatedTo(ChronoUnit.DAYS).toString().substring(0, 10));
    body.put("followUps", out);
    Http.json(ctx, 200, body);
  }

  private void counts(RoutingContext ctx) {
    Instant now = clock.instant();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("date", now.truncatedTo(ChronoUnit.DAYS).toString().substring(0, 10));
    body.put("regions", followUps.counts(now).stream().map(c -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("region", c.region());
      m.put("dueToday", c.dueToday());
      m.put("doneToday", c.doneToday());
      m.put("overdue", c.overdue());
      return m;
    }).toList());
    Http.json(ctx, 200, body);
  }

  private void outcome(RoutingContext ctx) {
    FollowUpOutcome how;
    try {
      how = FollowUpInput.outcome(Http.body(ctx));
    } catch (InvalidInput e) {
      Http.invalid(ctx, e);
      return;
    }
    Optional<RequestRecord> found = requests.get(ctx.pathParam("id"));
    if (found.isEmpty() || !FollowUpView.isFollowUp(found.get().logged())) {
      Http.problem(ctx, 404, "Not found", "No such follow-up.");
      return;
    }
    RequestRecord r = found.get();
    Principal who = Guard.principal(ctx);
    if (who.responderId() == null || !who.responderId().equals(r.acceptedBy())) {
      audit.denied(ctx, "followup.outcome", "request", r.requestId());
      Http.problem(ctx, 403, "Forbidden", "Only the peer specialist who accepted this follow-up can record its outcome.");
      return;
    }
    if (r.status() != RequestStatus.ACCEPTED) {
      Http.problem(ctx, 409, "Not in progress", "The follow-up is " + r.status() + ".");
      return;
    }
    FollowUpOutcomeRecorded event = new FollowUpOutcomeRecorded(Ids.newId(), clock.instant(), r.requestId(),
        who.responderId(), how, AnswerVia.API);
    Future.fromCompletionStage(publisher.send(Topics.OFFER_ANSWERS, r.requestId(), event),
        ctx.vertx().getOrCreateContext()).onComplete(ar -> {
          if (ar.failed()) {
            Http.problem(ctx, 503, "Not recorded", "The outcome could not be stored; retry.");
            return;
          }
          audit.ok(ctx, "followup.outcome", "request", r.requestId());
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("requestId", r.requestId());
          m.put("followedRequestId", r.logged().parentRequestId());
          m.put("outcome", how.name());
          m.put("status", "OUTCOME_RECORDED");
          m.put("statusUrl", "/api/v1/requests/" + r.requestId());
          Http.json(ctx, 202, m);
        });
  }
}
