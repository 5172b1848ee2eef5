package org.crisisline.routing.rules;

import java.util.Comparator;

/**
 * Among the responders eligible for a request, who is offered it: the one idle longest, then the
 * one with fewest requests (active and pending), then by id so the choice is deterministic. A
 * responder's idle time restarts when they are offered a request or finish one, so the next
 * request goes to someone who has waited longer.
 */
public final class ResponderChoice {
  private ResponderChoice() {}

  /** What the choice looks at: when the responder became idle, their load, their id. */
  public record Candidate(long idleSince, int load, String responderId) implements Comparable<Candidate> {
    @Override
    public int compareTo(Candidate o) {
      return ORDER.compare(this, o);
    }
  }

  /** First is chosen. */
  public static final Comparator<Candidate> ORDER = Comparator.comparingLong(Candidate::idleSince)
      .thenComparingInt(Candidate::load)
      .thenComparing(Candidate::responderId);
}
