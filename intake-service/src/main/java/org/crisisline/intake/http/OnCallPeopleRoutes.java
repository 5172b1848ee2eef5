package org.crisisline.intake.http;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crisisline.events.Ids;
import org.crisisline.events.OnCallPerson;
import org.crisisline.events.Topics;
import org.crisisline.intake.auth.Principal;
import org.crisisline.intake.domain.FieldError;
import org.crisisline.intake.domain.InvalidInput;
import org.crisisline.intake.domain.OnCallPersonInput;
import org.crisisline.intake.domain.ResourceIds;
import org.crisisline.intake.kafka.EventPublisher;
import org.crisisline.intake.view.OnCallPeopleView;

/**
 * The directory of people who may be on call, with the work contact their pages go to
 * ({@code oncall-people}, compacted, key userId). PUT /api/v1/oncall/people/{userId} (admin)
 * saves one, GET /api/v1/oncall/people (supervisor, admin) lists them, DELETE (admin) writes a
 * tombstone. Writes apply to the view on the broker's ack, so the next read sees them; each call
 * is audited. Contacts are never logged.
 */
public final class OnCallPeopleRoutes implements Routes {
  private final Guard guard;
  private final OpenApiBodies openApi;
  private final OnCallPeopleView people;
  private final EventPublisher publisher;
  private final Audit audit;
  private final Clock clock;

  public OnCallPeopleRoutes(Guard guard, OpenApiBodies openApi, OnCallPeopleView people, EventPublisher publisher,
      Audit audit, Clock clock) {
    this.guard = guard;
    this.openApi = openApi;
    this.people = people;
    this.publisher = publisher;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/v1/oncall/people").handler(guard.roles(Principal.SUPERVISOR, Principal.ADMIN))
        .handler(this::list);
    router.put("/api/v1/oncall/people/:userId").handler(guard.roles(Principal.ADMIN)).handler(MediaType.json(false))
        .handler(openApi.handler("putOnCallPerson",
            (ctx, body) -> OnCallPersonInput.person(ctx.pathParam("userId"), body, "check", clock.instant())))
        .handler(this::put);
    router.delete("/api/v1/oncall/people/:userId").handler(guard.roles(Principal.ADMIN)).handler(this::delete);
  }

  private void list(RoutingContext ctx) {
    audit.ok(ctx, "oncall.people.list", "oncall-person", "*");
    Http.json(ctx, 200, people.all().stream().map(OnCallPeopleRoutes::view).toList());
  }

  private void put(RoutingContext ctx) {
    String userId = ctx.pathParam("userId");
    if (!validId(ctx, userId)) {
      return;
    }
    OnCallPerson person;
    try {
      person = OnCallPersonInput.person(userId, Http.body(ctx), Ids.newId(), clock.instant());
    } catch (InvalidInput e) {
      Http.invalid(ctx, e);
      return;
    }
    boolean existed = people.get(userId).isPresent();
    Future.fromCompletionStage(publisher.send(Topics.ONCALL_PEOPLE, userId, person), ctx.vertx().getOrCreateContext())
        .onComplete(ar -> {
          if (ar.failed()) {
            Http.problem(ctx, 503, "Not recorded", "The person could not be stored; retry.");
            return;
          }
          people.apply(userId, person);
          audit.ok(ctx, existed ? "oncall.person.update" : "oncall.person.create", "oncall-person", userId);
          Http.json(ctx, existed ? 200 : 201, view(person));
        });
  }

  private void delete(RoutingContext ctx) {
    String userId = ctx.pathParam("userId");
    if (!ResourceIds.valid(userId) || people.get(userId).isEmpty()) {
      Http.problem(ctx, 404, "Not found", "No such person in the on-call directory.");
      return;
    }
    Instant at = clock.instant();
    Future.fromCompletionStage(publisher.send(Topics.ONCALL_PEOPLE, userId, null), ctx.vertx().getOrCreateContext())
        .onComplete(ar -> {
          if (ar.failed()) {
            Http.problem(ctx, 503, "Not recorded", "The removal could not be stored; retry.");
            return;
          }
          people.removed(userId, at);
          audit.ok(ctx, "oncall.person.delete", "oncall-person", userId);
          ctx.response().setStatusCode(204).end();
        });
  }

  private static boolean validId(RoutingContext ctx, String id) {
    if (ResourceIds.valid(id)) {
      return true;
    }
    Http.problem(ctx, 400, "Invalid request", "Bad user id.",
        List.of(new FieldError("userId", "must match " + ResourceIds.RESOURCE_ID.pattern())));
    return false;
  }

  /** A person as admins and supervisors see them: their work contact is what pages them. */
  private static Map<String, Object> view(OnCallPerson p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("userId", p.userId());
    m.put("name", p.name());
    m.put("phone", p.contact() == null ? null : p.contact().phone());
    m.put("email", p.contact() == null ? null : p.contact().email());
    m.put("channels", p.channels());
    m.put("savedAt", p.occurredAt());
    return m;
  }
}
