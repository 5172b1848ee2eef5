package org.crisisline.notifier.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.crisisline.events.AlertPaged;
import org.crisisline.events.AlertResolved;

/**
 * Renders pages and all-clears from the template files on the classpath ({@code page-sms.txt},
 * {@code page-sms-short.txt}, {@code page-email-subject.txt}, {@code page-email-body.txt} and the
 * {@code resolved-} ones), as {@link MessageComposer} does for offers. Only what the alert event
 * carries goes in, so no caller detail can: urgency, region, how long the request has waited,
 * why the alert was raised, its code, step and pass, the signed link; for an all-clear the code
 * and how the request ended. The SMS is kept GSM-7 and, link included, to one 160-character SMS
 * where it can be: when {@code page-sms.txt} renders longer, {@code page-sms-short.txt} is sent.
 */
public final class PageComposer {
  private final Map<String, String> templates;

  public PageComposer() {
    this.templates = Map.of(
        "sms", MessageComposer.load("page-sms.txt"), "sms-short", MessageComposer.load("page-sms-short.txt"),
        "subject", MessageComposer.load("page-email-subject.txt"), "body", MessageComposer.load("page-email-body.txt"),
        "resolved-sms", MessageComposer.load("resolved-sms.txt"),
        "resolved-subject", MessageComposer.load("resolved-email-subject.txt"),
        "resolved-body", MessageComposer.load("resolved-email-body.txt"));
  }

  /** The page, as it reads at {@code now} (the wait is counted up to then). */
  public MessageComposer.Handoff page(AlertPaged page, String link, Instant now) {
    Map<String, String> values = Map.of(
        "urgency", MessageComposer.words(page.urgency() == null ? null : page.urgency().name()).toUpperCase(Locale.ROOT),
        "region", MessageComposer.orDash(page.region()),
        "waited", page.waitingSince() == null ? "-" : waited(Duration.between(page.waitingSince(), now)),
        "reason", reason(page),
        "code", MessageComposer.orDash(page.code()),
        "step", Integer.toString(page.step()),
        "attempt", Integer.toString(page.attempt()),
        "link", link);
    String sms = Gsm7.sanitize(MessageComposer.render(templates.get("sms"), values));
    // A second segment costs money and, on some phones, arrives split or out of order.
    if (Gsm7.septets(sms) > Gsm7.SINGLE_SMS) {
      sms = Gsm7.sanitize(MessageComposer.render(templates.get("sms-short"), values));
    }
    return new MessageComposer.Handoff(sms, subject(templates.get("subject"), values),
        MessageComposer.render(templates.get("body"), values));
  }

  /** The all-clear after the alert was resolved: no action needed. */
  public MessageComposer.Handoff allClear(AlertResolved resolved) {
    Map<String, String> values = Map.of(
        "code", MessageComposer.orDash(resolved.code()),
        "resolution", MessageComposer.words(resolved.resolution() == null ? null : resolved.resolution().name()));
    return new MessageComposer.Handoff(Gsm7.sanitize(MessageComposer.render(templates.get("resolved-sms"), values)),
        subject(templates.get("resolved-subject"), values), MessageComposer.render(templates.get("resolved-body"), values));
  }

  /** A wait as people say it: "40 s", "12 min", "2 h 5 min"; a negative one (clock skew) is "0 s". */
  static String waited(Duration wait) {
    long seconds = Math.max(0, wait.toSeconds());
    if (seconds < 60) {
      return seconds + " s";
    }
    long minutes = seconds / 60;
    if (minutes < 60) {
      return minutes + " min";
    }
    return minutes / 60 + " h " + minutes % 60 + " min";
  }

  private static String reason(AlertPaged page) {
    if (page.reason() == null) {
      return "-";
    }
    return switch (page.reason()) {
      case NO_COUNSELLOR_AVAILABLE -> "no counsellor is available for it";
      case ESCALATION -> "it waited past its escalation deadline";
      case MISSED_OFFERS -> "counsellors declined or missed its offers";
    };
  }

  private static String subject(String template, Map<String, String> values) {
    return MessageComposer.render(template, values).replaceAll("[\r\n]+", " ").trim();
  }
}
