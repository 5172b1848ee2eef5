package org.crisisline.intake.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import org.crisisline.events.AlertAckRequested;
import org.crisisline.events.AlertVia;
import org.crisisline.events.Ids;
import org.crisisline.events.Topics;
import org.crisisline.intake.kafka.EventPublisher;
import org.crisisline.intake.view.AlertRecord;
import org.crisisline.intake.view.AlertView;

/**
 * Asks routing to acknowledge an alert, for the API and the signed page link alike: claim it in
 * the alert view (only an OPEN alert, one request at a time, so a double click writes one), then
 * write {@link AlertAckRequested} to {@code alert-acks} (key requestId). A failed write releases
 * the claim. Routing decides whether the request still applies and answers on {@code alerts}.
 */
public final class AlertAcks {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AlertAcks.class);
  private final AlertView alerts;
  private final EventPublisher publisher;
  private final Clock clock;

  /** How a request to acknowledge ended. */
  enum Outcome { REQUESTED, UNKNOWN, NOT_OPEN, ALREADY_REQUESTED, FAILED }

  public AlertAcks(AlertView alerts, EventPublisher publisher, Clock clock) {
    this.alerts = alerts;
    this.publisher = publisher;
    this.clock = clock;
  }

  Future<Outcome> request(AlertRecord alert, String userId, AlertVia via, Context context) {
    Instant now = clock.instant();
    switch (alerts.claimAck(alert.alertId(), now)) {
      case UNKNOWN:
        return Future.succeededFuture(Outcome.UNKNOWN);
      case NOT_OPEN:
        return Future.succeededFuture(Outcome.NOT_OPEN);
      case ALREADY_REQUESTED:
        return Future.succeededFuture(Outcome.ALREADY_REQUESTED);
      default:
        break;
    }
    AlertAckRequested event = new AlertAckRequested(Ids.newId(), now, alert.alertId(), alert.requestId(), userId, via);
    return Future.fromCompletionStage(publisher.send(Topics.ALERT_ACKS, alert.requestId(), event), context)
        .map(meta -> {
          LOG.info("acknowledgement of alert {} (request {}) requested by {} via {}", alert.alertId(),
              alert.requestId(), userId, via);
          return Outcome.REQUESTED;
        })
        .otherwise(e -> {
          alerts.releaseAck(alert.alertId(), now);
          return Outcome.FAILED;
        });
  }
}
