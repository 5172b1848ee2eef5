package org.crisisline.routing.rules;

import org.crisisline.events.Urgency;

/**
 * Everything routing does differently for a person at {@link Urgency#IMMINENT_RISK}, in one place:
 * <ol>
 *   <li>they are served from the imminent pool ({@code pool.imminent}, hotline counsellors by
 *       default) whatever need was stated;</li>
 *   <li>they go ahead of every waiting request, however long those have waited (no aging
 *       allowance lets anyone sort before them);</li>
 *   <li>they never wait for a specialist: specialty preferences are ignored from the start;</li>
 *   <li>when the SLA is breached and rollover did not help, supervisors are alerted, and the
 *       request moves to the emergency pool when one is configured ({@link EscalationLadder});</li>
 *   <li>the on-call people are paged ({@link PagingLadder}) at once when nobody can take it on
 *       arrival, or once {@code page.after.misses} responders declined or missed it (routing's
 *       {@code AlertTriggers}), and it is offered to {@code offer.parallel.IMMINENT_RISK} (3)
 *       counsellors at once, the first to accept taking it.</li>
 * </ol>
 */
public final class ImminentRiskPolicy {
  private final String pool;

  /** @param pool the pool every imminent-risk request is served from */
  public ImminentRiskPolicy(String pool) {
    this.pool = pool;
  }

  public boolean appliesTo(Urgency urgency) {
    return urgency == Urgency.IMMINENT_RISK;
  }

  /** The pool serving a request: the imminent pool for imminent risk, else the pool of its need. */
  public String poolFor(Urgency urgency, String poolOfNeed) {
    return appliesTo(urgency) ? pool : poolOfNeed;
  }

  /** Goes ahead of every waiting request that is not itself at imminent risk. */
  public boolean goesFirst(Urgency urgency) {
    return appliesTo(urgency);
  }

  /** A preference must not make a person at imminent risk wait while a counsellor is free. */
  public boolean honoursSpecialtyPreference(Urgency urgency) {
    return !appliesTo(urgency);
  }

  /** Supervisors are alerted (once) when the SLA is breached and no earlier step helped. */
  public boolean alertsSupervisor(Urgency urgency) {
    return appliesTo(urgency);
  }
}
