package org.crisisline.intake.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import org.crisisline.events.OfferLinks;
import org.crisisline.events.PiiCipher;
import org.crisisline.intake.IntakeConfig;
import org.crisisline.intake.auth.DemoAccounts;
import org.crisisline.intake.auth.TokenService;
import org.crisisline.intake.domain.IdempotencyStore;
import org.crisisline.intake.kafka.EventPublisher;
import org.crisisline.intake.kafka.RequestLog;
import org.crisisline.intake.kafka.ViewLoader;
import org.crisisline.intake.view.AuditView;
import org.crisisline.intake.view.DirectoryView;
import org.crisisline.intake.view.OfferView;
import org.crisisline.intake.view.QueueView;
import org.crisisline.intake.view.RequestView;
import org.crisisline.intake.view.ResponderView;

/** What the route classes share: config, clients, views, and the cross-cutting helpers. */
public record Services(
    Vertx vertx,
    IntakeConfig config,
    Clock clock,
    EventPublisher publisher,
    RequestLog requestLog,
    ViewLoader loader,
    PiiCipher cipher,
    OfferLinks links,
    TokenService tokens,
    DemoAccounts accounts,
    RateLimits limits,
    Guard guard,
    Audit audit,
    IdempotencyStore idempotency,
    RequestView requests,
    OfferView offers,
    ResponderView responders,
    DirectoryView directory,
    QueueView queues,
    PrometheusMeterRegistry metrics,
    OpenApiBodies openApi,
    AuditView auditTrail) {

  /** A region a request may name: configured, or one where a responder or a service is. */
  public boolean isKnownRegion(String region) {
    return config.knownRegions().contains(region) || responders.hasRegion(region) || directory.hasRegion(region);
  }
}
