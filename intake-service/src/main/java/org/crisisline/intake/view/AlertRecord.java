package org.crisisline.intake.view;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.crisisline.events.AlertAcknowledged;
import org.crisisline.events.AlertPaged;
import org.crisisline.events.AlertRaised;
import org.crisisline.events.AlertReason;
import org.crisisline.events.AlertResolved;
import org.crisisline.events.AlertStepStarted;
import org.crisisline.events.AlertVia;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.DeliveryDelivered;
import org.crisisline.events.DeliveryEvent;
import org.crisisline.events.DeliveryFailed;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.Urgency;

/**
 * One alert as intake shows it, folded from routing's {@code alerts} events and the notifier's
 * {@code deliveries} of its pages. Immutable: each event gives the next record.
 * {@code ackRequestedAt} is intake's own mark that it wrote an acknowledgement request which
 * routing has not answered yet (so a second click is refused instead of written twice).
 */
public record AlertRecord(
    String alertId,
    String code,
    String requestId,
    String region,
    Urgency urgency,
    AlertReason reason,
    Instant waitingSince,
    Instant raisedAt,
    State state,
    int step,
    int attempt,
    String acknowledgedBy,
    AlertVia acknowledgedVia,
    Instant acknowledgedAt,
    Instant resolvedAt,
    RequestStatus resolution,
    List<Page> pages,
    Instant ackRequestedAt) {

  public enum State { OPEN, ACKNOWLEDGED, RESOLVED }

  /** How a page's send on one channel went, as the notifier last reported it. */
  public enum Outcome { SENDING, DELIVERED, FAILED }

  /** One channel of one page: the notifier's latest word on it and when. */
  public record Delivery(DeliveryChannel channel, Outcome outcome, Instant at) {}

  /** One person paged at one step; {@code deliveries} by channel, in the order first reported. */
  public record Page(String pageId, String userId, String scheduleId, int step, int attempt, Instant pagedAt,
      List<Delivery> deliveries) {
    public Page {
      deliveries = List.copyOf(deliveries);
    }

    Page with(DeliveryEvent event) {
      Outcome outcome = event instanceof DeliveryDelivered ? Outcome.DELIVERED
          : event instanceof DeliveryFailed ? Outcome.FAILED : Outcome.SENDING;
      List<Delivery> next = new ArrayList<>(deliveries);
      for (int i = 0; i < next.size(); i++) {
        Delivery d = next.get(i);
        if (d.channel() == event.channel()) {
          // A late "attempted" never hides a result the notifier already reported.
          if (d.outcome() != Outcome.SENDING && outcome == Outcome.SENDING) {
            return this;
          }
          next.set(i, new Delivery(event.channel(), outcome, event.occurredAt()));
          return new Page(pageId, userId, scheduleId, step, attempt, pagedAt, next);
        }
      }
      next.add(new Delivery(event.channel(), outcome, event.occurredAt()));
      return new Page(pageId, userId, scheduleId, step, attempt, pagedAt, next);
    }
  }

  public AlertRecord {
    pages = List.copyOf(pages);
  }

  static AlertRecord raised(AlertRaised r) {
    return new AlertRecord(r.alertId(), r.code(), r.requestId(), r.region(), r.urgency(), r.reason(),
        r.waitingSince(), r.occurredAt(), State.OPEN, 0, 0, null, null, null, null, null, List.of(), null);
  }

  /** An alert first met through one of its pages (its AlertRaised was not seen): the page says enough. */
  static AlertRecord fromPage(AlertPaged p) {
    return new AlertRecord(p.alertId(), p.code(), p.requestId(), p.region(), p.urgency(), p.reason(),
        p.waitingSince(), p.occurredAt(), State.OPEN, p.step(), p.attempt(), null, null, null, null, null,
        List.of(), null);
  }

  AlertRecord withStep(AlertStepStarted s) {
    return new AlertRecord(alertId, code, requestId, region, urgency, reason, waitingSince, raisedAt, state,
        s.step(), s.attempt(), acknowledgedBy, acknowledgedVia, acknowledgedAt, resolvedAt, resolution, pages,
        ackRequestedAt);
  }

  /** Adds the page (once per pageId) with whatever deliveries of it were already reported. */
  AlertRecord withPage(AlertPaged p, List<DeliveryEvent> earlyDeliveries) {
    if (page(p.pageId()) != null) {
      return this;
    }
    Page page = new Page(p.pageId(), p.userId(), p.scheduleId(), p.step(), p.attempt(), p.occurredAt(), List.of());
    for (DeliveryEvent d : earlyDeliveries) {
      page = page.with(d);
    }
    List<Page> next = new ArrayList<>(pages);
    next.add(page);
    boolean later = p.attempt() > attempt || p.attempt() == attempt && p.step() > step;
    return new AlertRecord(alertId, code, requestId, region, urgency, reason, waitingSince, raisedAt, state,
        later ? p.step() : step, later ? p.attempt() : attempt, acknowledgedBy, acknowledgedVia, acknowledgedAt,
        resolvedAt, resolution, next, ackRequestedAt);
  }

  AlertRecord withDelivery(DeliveryEvent d) {
    List<Page> next = new ArrayList<>(pages);
    next.replaceAll(p -> p.pageId().equals(d.offerId()) ? p.with(d) : p);
    return new AlertRecord(alertId, code, requestId, region, urgency, reason, waitingSince, raisedAt, state,
        step, attempt, acknowledgedBy, acknowledgedVia, acknowledgedAt, resolvedAt, resolution, next, ackRequestedAt);
  }

  AlertRecord withAcknowledged(AlertAcknowledged a) {
    if (state != State.OPEN) {
      return this;
    }
    return new AlertRecord(alertId, code, requestId, region, urgency, reason, waitingSince, raisedAt,
        State.ACKNOWLEDGED, step, attempt, a.userId(), a.via(), a.occurredAt(), resolvedAt, resolution, pages, null);
  }

  AlertRecord withResolved(AlertResolved r) {
    if (state == State.RESOLVED) {
      return this;
    }
    return new AlertRecord(alertId, code, requestId, region, urgency, reason, waitingSince, raisedAt,
        State.RESOLVED, step, attempt, acknowledgedBy, acknowledgedVia, acknowledgedAt, r.occurredAt(),
        r.resolution(), pages, null);
  }

  AlertRecord withAckRequestedAt(Instant at) {
    return new AlertRecord(alertId, code, requestId, region, urgency, reason, waitingSince, raisedAt, state,
        step, attempt, acknowledgedBy, acknowledgedVia, acknowledgedAt, resolvedAt, resolution, pages, at);
  }

  public Page page(String pageId) {
    return pages.stream().filter(p -> p.pageId().equals(pageId)).findFirst().orElse(null);
  }

  /** When it last changed state: what the retention of resolved alerts counts from. */
  Instant settledAt() {
    return resolvedAt != null ? resolvedAt : acknowledgedAt != null ? acknowledgedAt : raisedAt;
  }
}
