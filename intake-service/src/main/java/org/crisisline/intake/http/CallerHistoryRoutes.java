package org.crisisline.intake.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.crisisline.events.CallerKeys;
import org.crisisline.intake.auth.Principal;
import org.crisisline.intake.domain.FieldError;
import org.crisisline.intake.domain.Phones;
import org.crisisline.records.Records;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/callers/history?phone=} (staff, supervisor): how many requests were logged with
 * this number in the last {@code windowDays}, and the latest one's date, disposition and risk level.
 * The number is normalised (spaces, dashes, dots and brackets dropped), turned into its caller key
 * ({@link CallerKeys}) and forgotten: only the key is looked up, audited and never the number, which
 * no answer, log line or error echoes. Its own budget per user (a look-up is a question about a
 * person), on top of the general one.
 */
public final class CallerHistoryRoutes implements Routes {
  private static final Logger LOG = LoggerFactory.getLogger(CallerHistoryRoutes.class);
  private final Guard guard;
  private final Records records;
  private final CallerKeys callerKeys;
  private final int windowDays;
  private final RateLimits lookups;
  private final Audit audit;
  private final Clock clock;

  /** {@code records} or {@code callerKeys} null: look-ups answer 503. */
  public CallerHistoryRoutes(Guard guard, Records records, CallerKeys callerKeys, int windowDays, int lookupsPerMinute,
      Audit audit, Clock clock) {
    this.guard = guard;
    this.records = records;
    this.callerKeys = callerKeys;
    this.windowDays = windowDays;
    this.lookups = new RateLimits(lookupsPerMinute);
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/v1/callers/history").handler(guard.roles(Principal.STAFF, Principal.SUPERVISOR))
        .handler(this::history);
  }

  /** The E.164 form of a typed number, or null when it is not a valid one. */
  static String normalise(String typed) {
    if (typed == null) {
      return null;
    }
    String compact = typed.replaceAll("[\\s().-]", "");
    return Phones.isE164(compact) ? compact : null;
  }

  private void history(RoutingContext ctx) {
    if (!lookups.tryUser(Guard.principal(ctx).username())) {
      RateLimits.tooMany(ctx);
      return;
    }
    String phone = normalise(ctx.request().getParam("phone"));
    if (phone == null) {
      Http.problem(ctx, 400, "Invalid request", "One or more fields are invalid.",
          List.of(new FieldError("phone", "must be a valid phone number in E.164 form, e.g. +15035550100")));
      return;
    }
    if (records == null || callerKeys == null) {
      Http.problem(ctx, 503, "History unavailable",
          "Caller history needs the contact-record database and CRISISLINE_CALLER_KEY.");
      return;
    }
    String key = callerKeys.of(phone);
    ctx.vertx().executeBlocking(() -> records.queries().history(key,
        clock.instant().minus(Duration.ofDays(windowDays)), windowDays), false).onComplete(ar -> {
          if (ar.failed()) {
            LOG.warn("caller history look-up failed: {}", ar.cause().getClass().getSimpleName());
            ctx.response().putHeader("Retry-After", "5");
            Http.problem(ctx, 503, "History unavailable", "The contact-record database did not answer; retry.");
            return;
          }
          audit.ok(ctx, "caller.history.read", "caller", key);
          Http.json(ctx, 200, ar.result());
        });
  }
}
