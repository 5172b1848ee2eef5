package org.crisisline.intake.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.crisisline.events.RoutingPolicyPublished;
import org.crisisline.intake.auth.Principal;
import org.crisisline.intake.domain.InvalidInput;
import org.crisisline.intake.domain.ReportPolicy;
import org.crisisline.intake.domain.ReportQuery;
import org.crisisline.intake.view.PolicyView;
import org.crisisline.records.Records;
import org.crisisline.records.domain.ContactFacts;
import org.crisisline.records.domain.KpiBucket;
import org.crisisline.records.domain.KpiCsv;
import org.crisisline.records.domain.Kpis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/reports/kpis} (supervisor): the line's numbers per interval from the
 * contact-record read model ({@link Records}, PostgreSQL), as JSON or, with {@code Accept: text/csv},
 * as CSV with a header row. 503 when no read model is configured. Every read is audited.
 */
public final class ReportRoutes implements Routes {
  private static final Logger LOG = LoggerFactory.getLogger(ReportRoutes.class);
  private final Guard guard;
  private final Records records;
  private final Duration retention;
  private final PolicyView policies;
  private final Predicate<String> knownRegion;
  private final Audit audit;
  private final Clock clock;

  /** {@code records} null: no read model, every report is a 503. */
  public ReportRoutes(Guard guard, Records records, Duration retention, PolicyView policies,
      Predicate<String> knownRegion, Audit audit, Clock clock) {
    this.guard = guard;
    this.records = records;
    this.retention = retention;
    this.policies = policies;
    this.knownRegion = knownRegion;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/v1/reports/kpis").handler(guard.roles(Principal.SUPERVISOR)).handler(this::kpis);
  }

  private void kpis(RoutingContext ctx) {
    ReportPolicy policy = new ReportPolicy(policies.latest().map(RoutingPolicyPublished::settings).orElse(Map.of()));
    ReportQuery q;
    try {
      q = ReportQuery.parse(ctx.request()::getParam, clock.instant(), retention, knownRegion, policy.pools());
    } catch (InvalidInput e) {
      Http.invalid(ctx, e);
      return;
    }
    if (records == null) {
      Http.problem(ctx, 503, "Reports unavailable", "No contact-record database is configured (CRISISLINE_RECORDS_JDBC_URL).");
      return;
    }
    boolean csv = wantsCsv(ctx.request().getHeader("Accept"));
    ctx.vertx().executeBlocking(() -> {
      List<ContactFacts> contacts = records.queries().contacts(q.interval().floor(q.from()), q.interval().ceil(q.to()),
          q.region()).stream()
          .filter(c -> q.pool() == null || Objects.equals(q.pool(), policy.poolOf(c.urgency(), c.need())))
          .toList();
      return new Kpis(policy::sla).compute(contacts, q.from(), q.to(), q.interval(), q.byRegion());
    }, false).onComplete(ar -> {
      if (ar.failed()) {
        LOG.warn("KPI report failed: {}", ar.cause().getClass().getSimpleName());
        ctx.response().putHeader("Retry-After", "5");
        Http.problem(ctx, 503, "Reports unavailable", "The contact-record database did not answer; retry.");
        return;
      }
      audit.ok(ctx, "report.kpis.read", "report", "kpis");
      if (csv) {
        ctx.response().setStatusCode(200).putHeader("Content-Type", "text/csv; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"crisisline-kpis-" + q.interval().name().toLowerCase()
                + ".csv\"")
            .end(KpiCsv.of(ar.result()));
        return;
      }
      Http.json(ctx, 200, body(q, policy, ar.result()));
    });
  }

  private static Map<String, Object> body(ReportQuery q, ReportPolicy policy, List<KpiBucket> buckets) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("from", q.from());
    m.put("to", q.to());
    m.put("interval", q.interval().name().toLowerCase());
    m.put("region", q.region());
    m.put("pool", q.pool());
    Map<String, Long> sla = new LinkedHashMap<>();
    policy.slas().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> sla.put(e.getKey().name(), e.getValue().toSeconds()));
    m.put("slaSeconds", sla);
    m.put("answerRateTarget", ReportPolicy.ANSWER_RATE_TARGET);
    m.put("buckets", buckets);
    return m;
  }

  /** text/csv when the client prefers it to JSON (or only takes CSV). */
  static boolean wantsCsv(String accept) {
    if (accept == null) {
      return false;
    }
    String a = accept.toLowerCase();
    int csv = a.indexOf("text/csv");
    int json = a.indexOf("application/json");
    return csv >= 0 && (json < 0 || csv < json);
  }
}
