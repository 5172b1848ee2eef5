package org.crisisline.events;

import java.time.Instant;
import java.util.List;

/**
 * A person's request for help as logged by hotline staff. {@code summary} and
 * {@code callerContact} are PII and only ever sealed; {@code callerContact} decrypts to the
 * JSON of {@link CallerContact}. {@code referralKind} is set when {@code need} is REFERRAL.
 * {@code callerKey} recognises repeat contacts without the number: the keyed hash of the caller's
 * normalised phone ({@link CallerKeys}), null when no phone was given. {@code riskScreen} is the
 * C-SSRS screener when staff recorded it at intake (codes only), else null. {@code serviceId}
 * names the service staff chose for a REFERRAL (routing honours it when eligible, open and with
 * capacity, else says why and matches another); {@code parentRequestId} links a request a
 * responder handed on to the request it came from. Both null otherwise.
 */
public record HelpRequestLogged(
    String eventId,
    Instant occurredAt,
    String requestId,
    Channel channel,
    Urgency urgency,
    Need need,
    ReferralKind referralKind,
    String language,
    String region,
    String postalCode,
    AgeGroup ageGroup,
    List<String> specialties,
    Sealed summary,
    Sealed callerContact,
    boolean consentToContact,
    String loggedBy,
    String callerKey,
    RiskScreen riskScreen,
    String serviceId,
    String parentRequestId)
    implements RequestEvent {

  /** A request logged without a caller key or an intake screen. */
  public HelpRequestLogged(String eventId, Instant occurredAt, String requestId, Channel channel, Urgency urgency,
      Need need, ReferralKind referralKind, String language, String region, String postalCode, AgeGroup ageGroup,
      List<String> specialties, Sealed summary, Sealed callerContact, boolean consentToContact, String loggedBy) {
    this(eventId, occurredAt, requestId, channel, urgency, need, referralKind, language, region, postalCode, ageGroup,
        specialties, summary, callerContact, consentToContact, loggedBy, null, null);
  }

  /** A request logged without a named service or a parent. */
  public HelpRequestLogged(String eventId, Instant occurredAt, String requestId, Channel channel, Urgency urgency,
      Need need, ReferralKind referralKind, String language, String region, String postalCode, AgeGroup ageGroup,
      List<String> specialties, Sealed summary, Sealed callerContact, boolean consentToContact, String loggedBy,
      String callerKey, RiskScreen riskScreen) {
    this(eventId, occurredAt, requestId, channel, urgency, need, referralKind, language, region, postalCode, ageGroup,
        specialties, summary, callerContact, consentToContact, loggedBy, callerKey, riskScreen, null, null);
  }

  public HelpRequestLogged {
    specialties = specialties == null ? List.of() : List.copyOf(specialties);
  }
}
