package org.crisisline.events;

import java.time.Instant;
import java.util.List;

/**
 * A person's request for help as logged by hotline staff. {@code summary} and
 * {@code callerContact} are PII and only ever sealed; {@code callerContact} decrypts to the
 * JSON of {@link CallerContact}. {@code referralKind} is set when {@code need} is REFERRAL.
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
    String loggedBy)
    implements RequestEvent {

  public HelpRequestLogged {
    specialties = specialties == null ? List.of() : List.copyOf(specialties);
  }
}
