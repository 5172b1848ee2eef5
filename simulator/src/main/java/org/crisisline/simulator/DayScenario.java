package org.crisisline.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crisisline.events.AgeGroup;
import org.crisisline.events.Need;
import org.crisisline.events.ReferralKind;
import org.crisisline.events.ResponderKind;
import org.crisisline.events.ResponderStatus;
import org.crisisline.events.Urgency;

/**
 * A recording turned into a scenario. Callers: the recorded requests at their times, each handled
 * for as long as it was (accepted → completed; one never completed, as long as a random recorded
 * call of the same need), and hanging up when they did (cancelled before anyone accepted). People: the recorded profiles, coming and going by their recorded status
 * changes. Behaviour ({@link RecordedBehaviour}): an offer made as recorded is answered as it was;
 * any other is answered like a random recorded answer of that pool.
 */
final class DayScenario {
  /** Handling time where the recording has none at all. */
  static final Duration DEFAULT_HANDLING = Duration.ofMinutes(20);

  private DayScenario() {}

  static Scenario of(DayFile day, long seed) {
    Map<String, DayLine> requests = new LinkedHashMap<>();
    Map<String, Instant> acceptedAt = new HashMap<>();
    Map<String, Instant> completedAt = new HashMap<>();
    Map<String, Instant> cancelledAt = new HashMap<>();
    Map<String, DayLine> profiles = new LinkedHashMap<>();
    List<Scenario.StatusChange> statuses = new ArrayList<>();
    List<DayLine> offers = new ArrayList<>();
    List<DayLine> answers = new ArrayList<>();
    for (DayLine d : day.lines()) {
      switch (d.type()) {
        case "request" -> requests.putIfAbsent(d.requestId(), d);
        case "cancel" -> cancelledAt.putIfAbsent(d.requestId(), d.at());
        case "profile" -> profiles.put(d.responderId(), d);
        case "status" -> statuses.add(new Scenario.StatusChange(d.at(), d.responderId(),
            ResponderStatus.valueOf(d.status())));
        case "offer" -> offers.add(d);
        case "answer" -> {
          answers.add(d);
          if (d.answer().equals("ACCEPTED")) {
            acceptedAt.putIfAbsent(d.requestId(), d.at());
          } else if (d.answer().equals("COMPLETED")) {
            completedAt.putIfAbsent(d.requestId(), d.at());
          }
        }
        default -> { }
      }
    }
    Map<String, String> poolOf = new HashMap<>();
    profiles.values().forEach(p -> poolOf.put(p.responderId(), p.kind()));
    RecordedBehaviour behaviour = RecordedBehaviour.of(offers, answers, poolOf, null);
    // Handling times by need (the need decides the pool): a peer support call is not a crisis call.
    Map<String, List<Duration>> handledByNeed = new HashMap<>();
    requests.forEach((id, r) -> {
      if (acceptedAt.containsKey(id) && completedAt.containsKey(id)) {
        handledByNeed.computeIfAbsent(r.need(), k -> new ArrayList<>())
            .add(Duration.between(acceptedAt.get(id), completedAt.get(id)));
      }
    });
    List<Scenario.Caller> callers = new ArrayList<>();
    for (DayLine r : requests.values()) {
      String id = r.requestId();
      Duration handling;
      if (acceptedAt.containsKey(id) && completedAt.containsKey(id)) {
        handling = Duration.between(acceptedAt.get(id), completedAt.get(id));
      } else if (!handledByNeed.getOrDefault(r.need(), List.of()).isEmpty()) {
        List<Duration> handled = handledByNeed.get(r.need());
        handling = handled.get(Distributions.streamFor(seed, "handling|" + id).nextInt(handled.size()));
      } else {
        handling = DEFAULT_HANDLING;
      }
      Instant cancelled = cancelledAt.get(id);
      Instant accepted = acceptedAt.get(id);
      Duration patience = cancelled != null && (accepted == null || cancelled.isBefore(accepted))
          ? Duration.between(r.at(), cancelled) : null;
      callers.add(new Scenario.Caller(id, r.at(), Urgency.valueOf(r.urgency()), Need.valueOf(r.need()),
          r.referralKind() == null ? null : ReferralKind.valueOf(r.referralKind()), r.language(), r.region(),
          r.specialties() == null ? List.of() : r.specialties(), handling, patience,
          r.ageGroup() == null ? null : AgeGroup.valueOf(r.ageGroup()), r.serviceId(), r.parentRequestId()));
    }
    List<Scenario.Person> people = new ArrayList<>();
    for (DayLine p : profiles.values()) {
      people.add(new Scenario.Person(p.responderId(), ResponderKind.valueOf(p.kind()), p.region(), p.languages(),
          p.specialties() == null ? List.of() : p.specialties(), p.capacity(), List.of()));
    }
    return new Scenario(day.header().from(), day.header().to(), callers, people, statuses, behaviour);
  }
}
