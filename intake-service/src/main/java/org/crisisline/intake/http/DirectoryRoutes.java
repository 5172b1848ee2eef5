package org.crisisline.intake.http;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crisisline.events.Ids;
import org.crisisline.events.LocalService;
import org.crisisline.events.Topics;
import org.crisisline.intake.auth.Principal;
import org.crisisline.intake.domain.FieldError;
import org.crisisline.intake.domain.HsdsImport;
import org.crisisline.intake.domain.InvalidInput;
import org.crisisline.intake.domain.LocalServiceInput;
import org.crisisline.intake.domain.RequestValidator;
import org.crisisline.intake.domain.ResourceIds;
import org.crisisline.intake.kafka.EventPublisher;
import org.crisisline.intake.view.DirectoryView;

/**
 * The service directory (admin only). PUT /api/v1/directory/{id} takes a LocalService-shaped
 * body; POST /api/v1/directory/import takes HSDS JSON (query: region, timeZone, capacity as
 * defaults HSDS lacks) and answers a per-record report. Both write the compacted
 * {@code directory} topic (key serviceId) and audit every entry written.
 */
public final class DirectoryRoutes implements Routes {
  private final Guard guard;
  private final OpenApiBodies openApi;
  private final DirectoryView directory;
  private final EventPublisher publisher;
  private final Audit audit;
  private final Clock clock;

  public DirectoryRoutes(Guard guard, OpenApiBodies openApi, DirectoryView directory,
      EventPublisher publisher, Audit audit, Clock clock) {
    this.guard = guard;
    this.openApi = openApi;
    this.directory = directory;
    this.publisher = publisher;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public void mount(Router router) {
    router.put("/api/v1/directory/:id").handler(guard.roles(Principal.ADMIN)).handler(MediaType.json(false))
        .handler(openApi.handler("putService",
            (ctx, body) -> LocalServiceInput.parse(ctx.pathParam("id"), body, "check", clock.instant())))
        .handler(this::put);
    router.post("/api/v1/directory/import").handler(guard.roles(Principal.ADMIN))
        .handler(MediaType.json(false)).handler(this::importHsds);
  }

  private void put(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!ResourceIds.valid(id)) {
      Http.problem(ctx, 400, "Invalid request", "Bad service id.", List.of(new FieldError("id", "must match "
          + ResourceIds.RESOURCE_ID.pattern())));
      return;
    }
    LocalService service;
    try {
      service = LocalServiceInput.parse(id, Http.body(ctx), Ids.newId(), clock.instant());
    } catch (InvalidInput e) {
      Http.invalid(ctx, e);
      return;
    }
    boolean existed = directory.get(id).isPresent();
    Future.fromCompletionStage(publisher.send(Topics.DIRECTORY, id, service), ctx.vertx().getOrCreateContext())
        .onComplete(ar -> {
          if (ar.failed()) {
            Http.problem(ctx, 503, "Not recorded", "The service could not be stored; retry.");
            return;
          }
          directory.apply(id, service);
          audit.ok(ctx, existed ? "directory.update" : "directory.create", "service", id);
          Http.json(ctx, existed ? 200 : 201, service);
        });
  }

  private void importHsds(RoutingContext ctx) {
    HsdsImport.Options options;
    List<HsdsImport.Result> results;
    try {
      options = options(ctx);
      results = HsdsImport.read(Http.body(ctx), options, Ids::newId, clock.instant());
    } catch (InvalidInput e) {
      Http.invalid(ctx, e);
      return;
    }
    List<Future<?>> writes = new ArrayList<>();
    Map<Integer, Future<?>> byIndex = new LinkedHashMap<>();
    for (HsdsImport.Result r : results) {
      if (r.imported()) {
        Future<?> f = Future.fromCompletionStage(publisher.send(Topics.DIRECTORY, r.serviceId(), r.service()),
            ctx.vertx().getOrCreateContext());
        writes.add(f);
        byIndex.put(r.index(), f);
      }
    }
    Future.join(writes).onComplete(ignored -> {
      List<Map<String, Object>> records = new ArrayList<>();
      int imported = 0;
      for (HsdsImport.Result r : results) {
        Future<?> write = byIndex.get(r.index());
        String outcome = !r.imported() ? "rejected" : write.succeeded() ? "imported" : "failed";
        if (write != null && write.succeeded()) {
          imported++;
          directory.apply(r.serviceId(), r.service());
          audit.ok(ctx, "directory.import", "service", r.serviceId());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", r.index());
        m.put("serviceId", r.serviceId());
        m.put("name", r.name());
        m.put("outcome", outcome);
        m.put("errors", r.errors());
        m.put("warnings", r.warnings());
        records.add(m);
      }
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("received", results.size());
      report.put("imported", imported);
      report.put("rejected", results.size() - imported);
      report.put("records", records);
      Http.json(ctx, 200, report);
    });
  }

  private static HsdsImport.Options options(RoutingContext ctx) {
    List<FieldError> errors = new ArrayList<>();
    String region = ctx.request().getParam("region");
    if (region != null && !RequestValidator.REGION.matcher(region).matches()) {
      errors.add(new FieldError("region", "must match " + RequestValidator.REGION.pattern()));
    }
    String zone = ctx.request().getParam("timeZone", "UTC");
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      errors.add(new FieldError("timeZone", "must be an IANA time zone"));
    }
    int capacity = 10;
    String cap = ctx.request().getParam("capacity");
    if (cap != null) {
      try {
        capacity = Integer.parseInt(cap);
        if (capacity < 0 || capacity > 100_000) {
          errors.add(new FieldError("capacity", "must be 0..100000"));
        }
      } catch (NumberFormatException e) {
        errors.add(new FieldError("capacity", "must be an integer"));
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidInput(errors);
    }
    return new HsdsImport.Options(region, zone, capacity);
  }
}
