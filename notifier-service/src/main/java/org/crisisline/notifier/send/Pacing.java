package org.crisisline.notifier.send;

import org.crisisline.notifier.domain.RateLimits;
import org.crisisline.notifier.domain.RetryPolicy;

/** How fast sends may go: the rate limits before an attempt, the retry policy after a failed one. */
public record Pacing(RateLimits limits, RetryPolicy retry) {}
