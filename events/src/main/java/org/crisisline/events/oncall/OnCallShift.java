package org.crisisline.events.oncall;

import java.time.Instant;

/**
 * One person on call at the instant asked about, and {@code until} when the answer may next
 * change (the next hand-off or override boundary): the same people are on call for every
 * instant in [at, until).
 */
public record OnCallShift(String userId, Instant until) {}
