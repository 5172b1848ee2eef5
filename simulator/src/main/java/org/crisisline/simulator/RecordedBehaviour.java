package org.crisisline.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.crisisline.events.OfferMade;

/**
 * Responders as recorded. An offer the recording holds (same request, responder and attempt) gets
 * the recorded answer after the recorded delay, so replaying a day under its own policy repeats it.
 * Any other offer (another policy or roster offers differently) gets a random recorded answer of
 * that pool: the accept, decline and no-answer shares and the answer delays are the recording's.
 */
final class RecordedBehaviour implements Behaviour {
  private final Map<String, Answer> exact;
  private final Map<String, List<Answer>> byPool;
  private final Duration awayFor;

  private RecordedBehaviour(Map<String, Answer> exact, Map<String, List<Answer>> byPool, Duration awayFor) {
    this.exact = exact;
    this.byPool = byPool;
    this.awayFor = awayFor;
  }

  /** From the recording's offers and answers; {@code poolOf} maps responder → pool (their kind). */
  static RecordedBehaviour of(List<DayLine> offers, List<DayLine> answers, Map<String, String> poolOf,
      Duration awayFor) {
    Map<String, List<DayLine>> answersOf = new HashMap<>();
    for (DayLine a : answers) {
      if (!a.answer().equals("COMPLETED")) {
        answersOf.computeIfAbsent(a.requestId() + "|" + a.responderId(), k -> new ArrayList<>()).add(a);
      }
    }
    Map<String, Answer> exact = new HashMap<>();
    Map<String, List<Answer>> byPool = new HashMap<>();
    for (DayLine o : offers) {
      if (o.responderId() == null) {
        continue;
      }
      Answer answer = new Answer(Kind.NO_ANSWER, Duration.ZERO);
      for (DayLine a : answersOf.getOrDefault(o.requestId() + "|" + o.responderId(), List.of())) {
        if (!a.at().isBefore(o.at())) {
          answer = new Answer(a.answer().equals("ACCEPTED") ? Kind.ACCEPT : Kind.DECLINE,
              Duration.between(o.at(), a.at()));
          break;
        }
      }
      exact.put(key(o.requestId(), o.responderId(), o.attempt()), answer);
      byPool.computeIfAbsent(poolOf.getOrDefault(o.responderId(), ""), k -> new ArrayList<>()).add(answer);
    }
    return new RecordedBehaviour(exact, byPool, awayFor);
  }

  /** The same answers, with people who miss an offer back after {@code away} (a roster replaces the recorded people). */
  RecordedBehaviour returningAfter(Duration away) {
    return new RecordedBehaviour(exact, byPool, away);
  }

  private static String key(String requestId, String responderId, Integer attempt) {
    return requestId + "|" + responderId + "|" + attempt;
  }

  @Override
  public Answer answer(OfferMade offer, String pool, SplittableRandom random) {
    Answer a = exact.get(key(offer.requestId(), offer.responderId(), offer.attempt()));
    if (a != null) {
      return a;
    }
    List<Answer> seen = byPool.getOrDefault(pool, List.of());
    if (seen.isEmpty()) {
      seen = byPool.values().stream().flatMap(List::stream).toList();
    }
    return seen.isEmpty() ? new Answer(Kind.ACCEPT, Duration.ofSeconds(30)) : seen.get(random.nextInt(seen.size()));
  }

  @Override
  public Duration awayFor(String pool) {
    return awayFor;
  }
}
