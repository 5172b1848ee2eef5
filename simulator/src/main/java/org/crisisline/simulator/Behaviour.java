package org.crisisline.simulator;

import java.time.Duration;
import java.util.SplittableRandom;
import org.crisisline.events.OfferMade;

/**
 * How the simulated responders answer an offer: accept or decline after a delay, or let it run out
 * (routing then sets them AWAY, and they come back after {@link #awayFor}).
 */
interface Behaviour {
  enum Kind { ACCEPT, DECLINE, NO_ANSWER }

  /** One responder's answer to one offer; {@code delay} is unused for NO_ANSWER. */
  record Answer(Kind kind, Duration delay) {}

  /** The answer to {@code offer}, drawing from {@code random} (one stream per offer, so runs repeat). */
  Answer answer(OfferMade offer, String pool, SplittableRandom random);

  /**
   * How long someone routing set AWAY after a missed offer takes to set themselves AVAILABLE again;
   * null: they come back only by a recorded status change.
   */
  Duration awayFor(String pool);

  /**
   * The synthetic responders: accept with probability {@code acceptProbability}, otherwise
   * decline; the answer comes after an exponential delay of mean {@code meanAnswer} (zero: at once).
   */
  static Behaviour synthetic(double acceptProbability, Duration meanAnswer) {
    return new Behaviour() {
      @Override
      public Answer answer(OfferMade offer, String pool, SplittableRandom random) {
        Kind kind = random.nextDouble() < acceptProbability ? Kind.ACCEPT : Kind.DECLINE;
        return new Answer(kind, Distributions.exponential(random, meanAnswer));
      }

      @Override
      public Duration awayFor(String pool) {
        return Duration.ofMinutes(1);
      }
    };
  }
}
