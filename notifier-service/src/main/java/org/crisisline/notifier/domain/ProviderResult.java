package org.crisisline.notifier.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * What a provider call came to. ACCEPTED: the provider has the message. TRANSIENT: it certainly
 * does not, and trying again later may work (5xx, 429, no connection). PERMANENT: it does not and
 * never will (invalid number, rejected mailbox, other 4xx). AMBIGUOUS: the request went out and no
 * clear answer came back (timeout, reset); the message may exist, so it is not sent again blindly.
 */
public record ProviderResult(Kind kind, String messageId, String providerStatus, Duration retryAfter, String reason) {

  public enum Kind { ACCEPTED, TRANSIENT, PERMANENT, AMBIGUOUS }

  public static ProviderResult accepted(String messageId, String providerStatus) {
    return new ProviderResult(Kind.ACCEPTED, messageId, providerStatus, null, null);
  }

  public static ProviderResult transientFailure(String reason, Duration retryAfter) {
    return new ProviderResult(Kind.TRANSIENT, null, null, retryAfter, reason);
  }

  public static ProviderResult permanent(String reason) {
    return new ProviderResult(Kind.PERMANENT, null, null, null, reason);
  }

  public static ProviderResult ambiguous(String reason) {
    return new ProviderResult(Kind.AMBIGUOUS, null, null, null, reason);
  }

  /**
   * Classifies an HTTP answer of the SMS API that is not a success. 408, 429 and 5xx are transient
   * (429 honours Retry-After, in seconds or as an HTTP date); any other 4xx is permanent.
   */
  public static ProviderResult fromHttpStatus(int status, String retryAfter, Instant now) {
    if (status == 429 || status == 408 || status >= 500) {
      return transientFailure("HTTP " + status, parseRetryAfter(retryAfter, now));
    }
    return permanent("HTTP " + status);
  }

  /** SMTP reply codes: 4xx is transient, 5xx permanent; the server refused, so nothing was queued. */
  public static ProviderResult fromSmtpReply(int code) {
    if (code >= 400 && code < 500) {
      return transientFailure("SMTP " + code, null);
    }
    return permanent("SMTP " + code);
  }

  static Duration parseRetryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(now, at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }
}
