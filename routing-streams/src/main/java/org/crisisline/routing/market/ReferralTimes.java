package org.crisisline.routing.market;

import java.time.Duration;

/**
 * The closed-loop referral settings of the routing policy. {@code ackTimeout}
 * ({@code referral.ack.timeout}): how long a service has to accept or decline a referral before it
 * goes to the next matching service. {@code outcomeWindow} ({@code referral.outcome.window}): how
 * long routing keeps a referral a service accepted, so that the outcome the service reports later
 * is judged (only the accepting service, for the offer it accepted) and appended to the timeline;
 * it replaces {@code retain.terminal} for REFERRAL_ACCEPTED. An outcome later than that is not recorded.
 */
public record ReferralTimes(Duration ackTimeout, Duration outcomeWindow) {
  public static final long DEFAULT_ACK_TIMEOUT_SECONDS = 14400;
  public static final long DEFAULT_OUTCOME_WINDOW_SECONDS = 1209600;

  public static ReferralTimes of(RoutingPolicy policy) {
    return new ReferralTimes(policy.seconds("referral.ack.timeout", DEFAULT_ACK_TIMEOUT_SECONDS),
        policy.seconds("referral.outcome.window", DEFAULT_OUTCOME_WINDOW_SECONDS));
  }
}
