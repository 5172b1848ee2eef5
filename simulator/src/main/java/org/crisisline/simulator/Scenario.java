package org.crisisline.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.crisisline.events.AgeGroup;
import org.crisisline.events.Need;
import org.crisisline.events.ReferralKind;
import org.crisisline.events.ResponderKind;
import org.crisisline.events.Urgency;

/**
 * What a simulation replays: who asks for help when (the callers' side), who is on when (the
 * roster), and how responders answer offers ({@link Behaviour}). Only routing inputs and codes:
 * no contact details, no free text.
 *
 * @param start when the simulated clock starts
 * @param end when arrivals stop; the run goes on until every request is answered or closed
 */
record Scenario(Instant start, Instant end, List<Caller> callers, List<Person> roster, List<StatusChange> statuses,
    Behaviour behaviour) {

  Scenario {
    callers = List.copyOf(callers);
    roster = List.copyOf(roster);
    statuses = List.copyOf(statuses);
  }

  Scenario(Instant start, Instant end, List<Caller> callers, List<Person> roster, Behaviour behaviour) {
    this(start, end, callers, roster, List.of(), behaviour);
  }

  /** This scenario with another roster: recorded status changes go with the recorded people. */
  Scenario withRoster(List<Person> people, Behaviour b) {
    return new Scenario(start, end, callers, people, List.of(), b);
  }

  /**
   * A responder's own status declaration replayed as recorded (a recorded day's people come and go
   * as they did; shifts of those people are then empty).
   */
  record StatusChange(Instant at, String responderId, org.crisisline.events.ResponderStatus status) {}

  /**
   * One request for help: logged at {@code at}; {@code handling} is how long the responder who
   * takes it spends with the caller; {@code patience}, when not null, is how long the caller waits
   * unanswered before hanging up (the request is then cancelled). {@code serviceId} and
   * {@code parentRequestId} as on the request (usually null).
   */
  record Caller(String requestId, Instant at, Urgency urgency, Need need, ReferralKind referralKind, String language,
      String region, List<String> specialties, Duration handling, Duration patience, AgeGroup ageGroup,
      String serviceId, String parentRequestId) {
    Caller {
      specialties = List.copyOf(specialties);
      ageGroup = ageGroup == null ? AgeGroup.ADULT : ageGroup;
    }

    /** An adult caller, no named service, no parent request. */
    Caller(String requestId, Instant at, Urgency urgency, Need need, ReferralKind referralKind, String language,
        String region, List<String> specialties, Duration handling, Duration patience) {
      this(requestId, at, urgency, need, referralKind, language, region, specialties, handling, patience, null, null,
          null);
    }
  }

  /** A shift: on from {@code from} to {@code to}. */
  record Shift(Instant from, Instant to) {}

  /** One responder of the roster and their shifts. */
  record Person(String responderId, ResponderKind kind, String region, List<String> languages,
      List<String> specialties, int capacity, List<Shift> shifts) {
    Person {
      languages = List.copyOf(languages);
      specialties = List.copyOf(specialties);
      shifts = List.copyOf(shifts);
    }
  }
}
