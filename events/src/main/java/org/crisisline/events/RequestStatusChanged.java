package org.crisisline.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * Value of {@code request-status}, keyed by requestId: every lifecycle transition with its
 * reason, and rejected answers (status unchanged). Written by routing only.
 *
 * <p>{@code kind} says what the event records and {@code escalationStep} which step of the
 * escalation ladder (null when none); decisions read those, never {@code reason}, which is the
 * human wording. A record written before {@code kind} existed reads as {@link StatusKind#TRANSITION}.
 *
 * <p>{@code policyVersion} is the version of the routing policy that made the decision (12 hex
 * digits, see routing's {@code RoutingPolicy.version()}); null in records written before it existed.
 */
public record RequestStatusChanged(
    String eventId,
    Instant occurredAt,
    String requestId,
    RequestStatus status,
    String reason,
    String offerId,
    String responderId,
    String serviceId,
    String region,
    Urgency urgency,
    Need need,
    StatusKind kind,
    EscalationStep escalationStep,
    String policyVersion)
    implements Event {

  public RequestStatusChanged {
    kind = kind == null ? StatusKind.TRANSITION : kind;
  }

  /** A refused answer: the status it repeats is not a decision. */
  @JsonIgnore
  public boolean isRejectedAnswer() {
    return kind == StatusKind.ANSWER_REJECTED;
  }
}
