package org.crisisline.notifier.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.crisisline.events.AlertPaged;

/**
 * A page of an alert to one person ({@code userId}). Stopped when the alert is acknowledged or
 * resolved, or its request closes. Worth sending for {@link #WINDOW} after routing paged: by then
 * routing has paged again (the next step or pass) with a page of its own, so a page that could not
 * go out in time is not sent late on top of it.
 */
public record PageNotice(AlertPaged page) implements Notice {
  /** How long after routing paged a page may still go out, retries included. */
  public static final Duration WINDOW = Duration.ofMinutes(10);
  /** How long the page's signed link works: the person may open it later to see the alert. */
  public static final Duration LINK_VALIDITY = Duration.ofHours(24);

  @Override
  public String sendId() {
    return page.pageId();
  }

  @Override
  public String requestId() {
    return page.requestId();
  }

  @Override
  public String recipientId() {
    return page.userId();
  }

  @Override
  public Instant madeAt() {
    return page.occurredAt();
  }

  @Override
  public Instant deadline(Instant now) {
    return (page.occurredAt() != null ? page.occurredAt() : now).plus(WINDOW);
  }

  /** The expiry of the page's signed link. */
  public Instant linkExpiry(Instant now) {
    return (page.occurredAt() != null ? page.occurredAt() : now).plus(LINK_VALIDITY);
  }

  @Override
  public List<String> stopKeys() {
    return List.of(StopRules.alertKey(page.alertId()), StopRules.requestKey(page.requestId()));
  }
}
