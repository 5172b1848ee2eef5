package org.crisisline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JsonSerdeTest {

  static Stream<Event> everyEvent() {
    return SampleEvents.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyEvent")
  void everyEventSurvivesARoundTripOnItsOwnTopic(Event event) {
    Topic<String, ? extends Event> topic = topicOf(event);
    byte[] bytes = encode(topic, event);

    Event back = topic.valueSerde().deserializer().deserialize(topic.name(), bytes);

    assertThat(back).isEqualTo(event);
    assertThat(new String(bytes, StandardCharsets.UTF_8))
        .startsWith("{\"type\":\"" + event.getClass().getSimpleName() + "\"")
        .contains("\"eventId\":\"" + event.eventId() + "\"")
        .contains((event instanceof SmsReplyReceived ? "\"receivedAt\"" : "\"occurredAt\"")
            + ":\"2026-11-20T10:15:30.123Z\"");
  }

  @Test
  void everyEventFamilyHasATopicAndEverySampleIsCovered() {
    // One sample per event family registered on Event, so a new family cannot go untested
    int families = Event.class.getAnnotation(com.fasterxml.jackson.annotation.JsonSubTypes.class).value().length;
    assertThat(SampleEvents.all()).extracting(Event::type).doesNotHaveDuplicates().hasSize(families);
  }

  @Test
  void eventIdTravelsAsAHeader() {
    var headers = new RecordHeaders();
    Topics.OFFERS.valueSerde().serializer().serialize(Topics.OFFERS.name(), headers, SampleEvents.offerMade());

    assertThat(new String(headers.lastHeader(JsonSerde.EVENT_ID_HEADER).value(), StandardCharsets.UTF_8))
        .isEqualTo("e-6");
  }

  @Test
  void garbageBytesThrowSerializationException() {
    var deserializer = Topics.HELP_REQUESTS.valueSerde().deserializer();
    for (String bad : List.of("not json", "{", "[]", "{\"type\":\"Nope\"}", "{\"eventId\":\"x\"}", "\u0000\u0001")) {
      assertThatThrownBy(() -> deserializer.deserialize("t", bad.getBytes(StandardCharsets.UTF_8)))
          .as(bad)
          .isInstanceOf(SerializationException.class);
    }
  }

  @Test
  void anEventOfAnotherFamilyIsRejected() {
    byte[] offer = encode(Topics.OFFERS, SampleEvents.offerMade());

    assertThatThrownBy(() -> Topics.HELP_REQUESTS.valueSerde().deserializer().deserialize("t", offer))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("OfferMade does not belong");
  }

  @Test
  void anEventWithoutItsIdIsRejected() {
    byte[] bytes = "{\"type\":\"RequestCancelled\",\"requestId\":\"r\"}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> Topics.HELP_REQUESTS.valueSerde().deserializer().deserialize("t", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("lacks eventId");
  }

  @Test
  void decodeErrorsDoNotQuoteThePayload() {
    byte[] bytes = "{\"type\":\"HelpRequestLogged\",\"eventId\":\"e\",\"occurredAt\":\"2026-11-20T10:15:30Z\",\"urgency\":\"+15035550100\"}"
        .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> Topics.HELP_REQUESTS.valueSerde().deserializer().deserialize("t", bytes))
        .isInstanceOf(SerializationException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("+15035550100"));
  }

  @Test
  void nullIsATombstone() {
    assertThat(Topics.DIRECTORY.valueSerde().deserializer().deserialize("t", null)).isNull();
    assertThat(Topics.DIRECTORY.valueSerde().serializer().serialize("t", null)).isNull();
  }

  @Test
  void topicNamesCarryThePrefixAndAreUnique() {
    assertThat(Topics.all()).extracting(Topic::name).allMatch(n -> n.startsWith("crisisline.")).doesNotHaveDuplicates();
    assertThat(Topics.all()).filteredOn(Topic::compacted).extracting(Topic::name)
        .containsExactlyInAnyOrder("crisisline.responders", "crisisline.directory", "crisisline.queue-snapshots",
            "crisisline.idempotency-keys", "crisisline.notifier-sends", "crisisline.session-revocations",
            "crisisline.routing-policy", "crisisline.oncall-schedules", "crisisline.oncall-people",
            "crisisline.data-keys");
  }

  @Test
  void aRequestStatusWrittenBeforeKindExistedReadsAsATransition() {
    // Given a request-status record as routing wrote it before kind and escalationStep existed
    String old = "{\"type\":\"RequestStatusChanged\",\"eventId\":\"e-1\",\"occurredAt\":\"2026-11-20T10:15:30Z\","
        + "\"requestId\":\"req-1\",\"status\":\"QUEUED\",\"reason\":\"logged\",\"region\":\"north\"}";
    // When it is read
    RequestStatusChanged s = Topics.REQUEST_STATUS.valueSerde().deserializer()
        .deserialize(Topics.REQUEST_STATUS.name(), old.getBytes(StandardCharsets.UTF_8));
    // Then it is a plain transition with no escalation step
    assertThat(s.kind()).isEqualTo(StatusKind.TRANSITION);
    assertThat(s.escalationStep()).isNull();
  }

  @Test
  void aRequestStatusCarriesItsKindAndEscalationStepOnTheWire() {
    RequestStatusChanged alert = new RequestStatusChanged("e-2", SampleEvents.AT, "req-1", RequestStatus.ESCALATED,
        "supervisor alert", null, null, null, "north", Urgency.IMMINENT_RISK, Need.CRISIS_COUNSELLING,
        StatusKind.ALERT, EscalationStep.SUPERVISOR_ALERT, null);
    byte[] bytes = encode(Topics.REQUEST_STATUS, alert);
    assertThat(new String(bytes, StandardCharsets.UTF_8))
        .contains("\"kind\":\"ALERT\"").contains("\"escalationStep\":\"SUPERVISOR_ALERT\"")
        .doesNotContain("rejectedAnswer");
    assertThat(Topics.REQUEST_STATUS.valueSerde().deserializer().deserialize(Topics.REQUEST_STATUS.name(), bytes))
        .isEqualTo(alert);
  }

  @SuppressWarnings("unchecked")
  private static byte[] encode(Topic<String, ? extends Event> topic, Event event) {
    return ((org.apache.kafka.common.serialization.Serializer<Event>) topic.valueSerde().serializer())
        .serialize(topic.name(), event);
  }

  private static Topic<String, ? extends Event> topicOf(Event event) {
    if (event instanceof RequestEvent) return Topics.HELP_REQUESTS;
    if (event instanceof ResponderProfile) return Topics.RESPONDERS;
    if (event instanceof ResponderStatusChanged) return Topics.RESPONDER_STATUS;
    if (event instanceof LocalService) return Topics.DIRECTORY;
    if (event instanceof AnswerEvent) return Topics.OFFER_ANSWERS;
    if (event instanceof OfferEvent) return Topics.OFFERS;
    if (event instanceof RequestStatusChanged) return Topics.REQUEST_STATUS;
    if (event instanceof DeliveryEvent) return Topics.DELIVERIES;
    if (event instanceof QueueSnapshot) return Topics.QUEUE_SNAPSHOTS;
    if (event instanceof AuditEvent) return Topics.AUDIT;
    if (event instanceof IdempotencyRecord) return Topics.IDEMPOTENCY_KEYS;
    if (event instanceof SendRecord) return Topics.NOTIFIER_SENDS;
    if (event instanceof SessionRevoked) return Topics.SESSION_REVOCATIONS;
    if (event instanceof RoutingPolicyPublished) return Topics.ROUTING_POLICY;
    if (event instanceof ScheduleSaved) return Topics.ONCALL_SCHEDULES;
    if (event instanceof SmsReplyReceived) return Topics.SMS_REPLIES;
    if (event instanceof AlertEvent) return Topics.ALERTS;
    if (event instanceof AlertAckRequested) return Topics.ALERT_ACKS;
    if (event instanceof OnCallPerson) return Topics.ONCALL_PEOPLE;
    if (event instanceof FollowUpEvent) return Topics.FOLLOW_UPS;
    if (event instanceof ConsentWithdrawn) return Topics.CONSENT_WITHDRAWALS;
    if (event instanceof DataKeyWrapped) return Topics.DATA_KEYS;
    throw new AssertionError("no topic for " + event.type());
  }

  @Test
  void answersWrittenWithClearTextBeforeTheCodesStillDecodeAndTheTextIsDropped() {
    // Given records of the old shape, with the responder's and staff's words in clear
    String completed = "{\"type\":\"RequestCompleted\",\"eventId\":\"e\",\"occurredAt\":\"2026-11-20T10:15:30Z\",\"requestId\":\"r\",\"responderId\":\"a\","
        + "\"outcome\":\"talked her down from the bridge\"}";
    String declined = "{\"type\":\"OfferDeclined\",\"eventId\":\"e\",\"occurredAt\":\"2026-11-20T10:15:30Z\",\"requestId\":\"r\",\"offerId\":\"o\","
        + "\"responderId\":\"a\",\"reason\":\"I know this caller\",\"via\":\"API\"}";
    String cancelled = "{\"type\":\"RequestCancelled\",\"eventId\":\"e\",\"occurredAt\":\"2026-11-20T10:15:30Z\",\"requestId\":\"r\",\"cancelledBy\":\"s\","
        + "\"reason\":\"caller hung up\"}";
    // When they are read, they decode without the text
    Instant at = Instant.parse("2026-11-20T10:15:30Z");
    Event c = Topics.OFFER_ANSWERS.valueSerde().deserializer().deserialize("t", completed.getBytes(StandardCharsets.UTF_8));
    Event d = Topics.OFFER_ANSWERS.valueSerde().deserializer().deserialize("t", declined.getBytes(StandardCharsets.UTF_8));
    Event x = Topics.HELP_REQUESTS.valueSerde().deserializer().deserialize("t", cancelled.getBytes(StandardCharsets.UTF_8));
    assertThat(c).isEqualTo(new RequestCompleted("e", at, "r", "a", null, null));
    assertThat(d).isEqualTo(new OfferDeclined("e", at, "r", "o", "a", null, null, AnswerVia.API));
    assertThat(x).isEqualTo(new RequestCancelled("e", at, "r", "s", null, null));
  }
}
