package org.crisisline.simulator;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * One line of a recording (format {@value #FORMAT}, docs/simulator.md): what routing consumed or
 * decided at {@code at}, codes and ids only. {@code type} says which fields are set:
 * <ul>
 *   <li>{@code request}: requestId, urgency, need, referralKind, language, region, ageGroup,
 *       specialties, serviceId, parentRequestId;</li>
 *   <li>{@code cancel}: requestId, code (the cancel reason);</li>
 *   <li>{@code profile}: responderId, kind, region, languages, specialties, capacity, active;</li>
 *   <li>{@code status}: responderId, status (what the responder declared);</li>
 *   <li>{@code offer}: requestId, responderId or serviceId, region, attempt (routing's decision);</li>
 *   <li>{@code answer}: requestId, responderId, answer ({@code ACCEPTED}, {@code DECLINED},
 *       {@code COMPLETED}), code (the decline reason or disposition).</li>
 * </ul>
 * No sealed field and no free text: no summary, caller contact, caller key, note or responder contact.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record DayLine(String type, Instant at, String requestId, String responderId, String serviceId, String urgency,
    String need, String referralKind, String language, String region, String ageGroup, List<String> specialties,
    String parentRequestId, String code, String kind, List<String> languages, Integer capacity, Boolean active,
    String status, Integer attempt, String answer) {
  static final String FORMAT = "crisisline-day/1";
  static final List<String> TYPES = List.of("request", "cancel", "profile", "status", "offer", "answer");

  static DayLine request(Instant at, String requestId, String serviceId, String urgency, String need,
      String referralKind, String language, String region, String ageGroup, List<String> specialties,
      String parentRequestId) {
    return new DayLine("request", at, requestId, null, serviceId, urgency, need, referralKind, language, region,
        ageGroup, specialties, parentRequestId, null, null, null, null, null, null, null, null);
  }

  static DayLine cancel(Instant at, String requestId, String code) {
    return new DayLine("cancel", at, requestId, null, null, null, null, null, null, null, null, null, null, code,
        null, null, null, null, null, null, null);
  }

  static DayLine profile(Instant at, String responderId, String kind, String region, List<String> languages,
      List<String> specialties, int capacity, boolean active) {
    return new DayLine("profile", at, null, responderId, null, null, null, null, null, region, null, specialties,
        null, null, kind, languages, capacity, active, null, null, null);
  }

  static DayLine status(Instant at, String responderId, String status) {
    return new DayLine("status", at, null, responderId, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, status, null, null);
  }

  static DayLine offer(Instant at, String requestId, String responderId, String serviceId, String region,
      int attempt) {
    return new DayLine("offer", at, requestId, responderId, serviceId, null, null, null, null, region, null, null,
        null, null, null, null, null, null, null, attempt, null);
  }

  static DayLine answer(Instant at, String requestId, String responderId, String answer, String code) {
    return new DayLine("answer", at, requestId, responderId, null, null, null, null, null, null, null, null, null,
        code, null, null, null, null, null, null, answer);
  }

  /** The first line of a recording. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Header(String format, Instant from, Instant to) {}
}
