package org.crisisline.intake.http;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.crisisline.events.ScheduleSaved;
import org.crisisline.events.oncall.FieldProblem;
import org.crisisline.events.oncall.OnCall;
import org.crisisline.events.oncall.OnCallShift;
import org.crisisline.events.oncall.Rotation;
import org.crisisline.events.oncall.Schedule;
import org.crisisline.events.oncall.ScheduleOverride;
import org.crisisline.events.oncall.ScheduleRules;
import org.crisisline.intake.auth.Principal;
import org.crisisline.intake.domain.FieldError;
import org.crisisline.intake.domain.InvalidInput;
import org.crisisline.intake.domain.ResourceIds;
import org.crisisline.intake.domain.ScheduleInput;
import org.crisisline.intake.kafka.ScheduleWriter;
import org.crisisline.intake.view.ScheduleView;

/**
 * On-call schedules. GET /api/v1/schedules/{id} and PUT /api/v1/schedules/{id} (admin) read and
 * replace a whole schedule; POST /api/v1/schedules/{id}/overrides (supervisor, admin) adds one
 * override; GET /api/v1/oncall?at= (supervisor, admin) says who is on call at an instant (default
 * now) in every schedule, with their name where intake knows it (the on-call directory, else a
 * responder's display name). Writes go through
 * {@link ScheduleWriter} to {@code oncall-schedules}; each is audited. Bad input is a 400 naming
 * the field, and nothing is written.
 */
public final class ScheduleRoutes implements Routes {
  private final Guard guard;
  private final OpenApiBodies openApi;
  private final ScheduleView schedules;
  private final ScheduleWriter writer;
  private final Function<String, Optional<String>> displayNames;
  private final Audit audit;
  private final Clock clock;

  public ScheduleRoutes(Guard guard, OpenApiBodies openApi, ScheduleView schedules, ScheduleWriter writer,
      Function<String, Optional<String>> displayNames, Audit audit, Clock clock) {
    this.guard = guard;
    this.openApi = openApi;
    this.schedules = schedules;
    this.writer = writer;
    this.displayNames = displayNames;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/v1/schedules/:id").handler(guard.roles(Principal.ADMIN)).handler(this::one);
    router.put("/api/v1/schedules/:id").handler(guard.roles(Principal.ADMIN)).handler(MediaType.json(false))
        .handler(openApi.handler("putSchedule", (ctx, body) -> ScheduleInput.schedule(ctx.pathParam("id"), body)))
        .handler(this::put);
    router.post("/api/v1/schedules/:id/overrides").handler(guard.roles(Principal.SUPERVISOR, Principal.ADMIN))
        .handler(MediaType.json(false))
        .handler(openApi.handler("postScheduleOverride", (ctx, body) -> ScheduleInput.override(body)))
        .handler(this::addOverride);
    router.get("/api/v1/oncall").handler(guard.roles(Principal.SUPERVISOR, Principal.ADMIN)).handler(this::onCall);
  }

  private void one(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Optional<ScheduleSaved> saved = ResourceIds.valid(id) ? schedules.get(id) : Optional.empty();
    if (saved.isEmpty()) {
      Http.problem(ctx, 404, "Not found", "No such schedule.");
      return;
    }
    audit.ok(ctx, "schedule.read", "schedule", id);
    Http.json(ctx, 200, view(saved.get()));
  }

  private void put(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!validId(ctx, id)) {
      return;
    }
    Schedule schedule;
    try {
      schedule = ScheduleInput.schedule(id, Http.body(ctx));
    } catch (InvalidInput e) {
      Http.invalid(ctx, e);
      return;
    }
    boolean existed = schedules.get(id).isPresent();
    respond(ctx, writer.save(id, current -> schedule), existed ? "schedule.update" : "schedule.create",
        existed ? 200 : 201);
  }

  private void addOverride(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!validId(ctx, id)) {
      return;
    }
    ScheduleOverride override;
    try {
      override = ScheduleInput.override(Http.body(ctx));
    } catch (InvalidInput e) {
      Http.invalid(ctx, e);
      return;
    }
    if (schedules.get(id).isEmpty()) {
      Http.problem(ctx, 404, "Not found", "No such schedule.");
      return;
    }
    respond(ctx, writer.save(id, current -> withOverride(current.orElseThrow(NoSuchSchedule::new).schedule(), override)),
        "schedule.override", 201);
  }

  /** The schedule with one more override, if it stays valid (at most so many overrides). */
  private static Schedule withOverride(Schedule schedule, ScheduleOverride override) {
    Schedule next = schedule.withOverride(override);
    List<FieldProblem> problems = ScheduleRules.problems(next);
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems.stream().map(p -> new FieldError(p.field(), p.message())).toList());
    }
    return next;
  }

  private void respond(RoutingContext ctx, CompletionStage<ScheduleSaved> write, String action, int status) {
    String id = ctx.pathParam("id");
    Future.fromCompletionStage(write, ctx.vertx().getOrCreateContext()).onComplete(ar -> {
      if (ar.failed() && ar.cause() instanceof NoSuchSchedule) {
        Http.problem(ctx, 404, "Not found", "No such schedule.");
      } else if (ar.failed() && ar.cause() instanceof InvalidInput e) {
        Http.invalid(ctx, e);
      } else if (ar.failed()) {
        Http.problem(ctx, 503, "Not recorded", "The schedule could not be stored; retry.");
      } else {
        audit.ok(ctx, action, "schedule", id);
        Http.json(ctx, status, view(ar.result()));
      }
    });
  }

  private void onCall(RoutingContext ctx) {
    Instant at = clock.instant();
    String param = ctx.request().getParam("at");
    if (param != null) {
      try {
        at = Instant.parse(param);
      } catch (DateTimeException e) {
        Http.problem(ctx, 400, "Invalid request", "Bad instant.",
            List.of(new FieldError("at", "must be an instant such as 2026-03-29T09:00:00Z")));
        return;
      }
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ScheduleSaved saved : schedules.all()) {
      for (OnCallShift shift : OnCall.at(saved.schedule(), at)) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("scheduleId", saved.schedule().id());
        row.put("userId", shift.userId());
        row.put("name", displayNames.apply(shift.userId()).orElse(shift.userId()));
        row.put("until", shift.until());
        rows.add(row);
      }
    }
    audit.ok(ctx, "oncall.read", "schedule", "*");
    Http.json(ctx, 200, rows);
  }

  private static boolean validId(RoutingContext ctx, String id) {
    if (ResourceIds.valid(id)) {
      return true;
    }
    Http.problem(ctx, 400, "Invalid request", "Bad schedule id.",
        List.of(new FieldError("id", "must match " + ResourceIds.RESOURCE_ID.pattern())));
    return false;
  }

  /** The schedule as the API shows it: the PUT body plus its version and when it was saved. */
  private static Map<String, Object> view(ScheduleSaved saved) {
    Schedule s = saved.schedule();
    Rotation r = s.rotation();
    Map<String, Object> rotation = new LinkedHashMap<>();
    rotation.put("participants", r.participants());
    rotation.put("shiftLength", r.shiftLength());
    rotation.put("handoff", r.handoff());
    rotation.put("handoffTime", r.handoffTime().toString());
    rotation.put("handoffDay", r.handoffDay());
    rotation.put("start", r.start());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("name", s.name());
    m.put("timeZone", s.timeZone());
    m.put("rotation", rotation);
    m.put("overrides", s.overrides());
    m.put("version", saved.version());
    m.put("savedAt", saved.occurredAt());
    return m;
  }

  /** The schedule went away between the check and the write. */
  private static final class NoSuchSchedule extends RuntimeException {
    NoSuchSchedule() {
      super("no such schedule", null, false, false);
    }
  }
}
