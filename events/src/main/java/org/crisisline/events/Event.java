package org.crisisline.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * Every record on a crisisline topic. The {@code type} discriminator is the record's simple
 * name, written by Jackson as the first JSON field; {@code eventId} also travels as a header so
 * idempotent consumers can skip what they have seen without decoding the body.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(HelpRequestLogged.class),
    @JsonSubTypes.Type(RequestCancelled.class),
    @JsonSubTypes.Type(ResponderProfile.class),
    @JsonSubTypes.Type(ResponderStatusChanged.class),
    @JsonSubTypes.Type(LocalService.class),
    @JsonSubTypes.Type(OfferMade.class),
    @JsonSubTypes.Type(OfferRescinded.class),
    @JsonSubTypes.Type(OfferAccepted.class),
    @JsonSubTypes.Type(OfferDeclined.class),
    @JsonSubTypes.Type(RequestCompleted.class),
    @JsonSubTypes.Type(SmsReplyReceived.class),
    @JsonSubTypes.Type(RequestStatusChanged.class),
    @JsonSubTypes.Type(DeliveryAttempted.class),
    @JsonSubTypes.Type(DeliveryDelivered.class),
    @JsonSubTypes.Type(DeliveryFailed.class),
    @JsonSubTypes.Type(QueueSnapshot.class),
    @JsonSubTypes.Type(AuditEvent.class),
    @JsonSubTypes.Type(IdempotencyRecord.class),
    @JsonSubTypes.Type(SendRecord.class),
    @JsonSubTypes.Type(SessionRevoked.class),
    @JsonSubTypes.Type(RoutingPolicyPublished.class),
    @JsonSubTypes.Type(ScheduleSaved.class),
    @JsonSubTypes.Type(AlertRaised.class),
    @JsonSubTypes.Type(AlertStepStarted.class),
    @JsonSubTypes.Type(AlertPaged.class),
    @JsonSubTypes.Type(AlertAcknowledged.class),
    @JsonSubTypes.Type(AlertResolved.class),
    @JsonSubTypes.Type(AlertAckRequested.class),
    @JsonSubTypes.Type(OnCallPerson.class),
    @JsonSubTypes.Type(ReferralAccepted.class),
    @JsonSubTypes.Type(ReferralDeclined.class),
    @JsonSubTypes.Type(ReferralOutcomeRecorded.class),
    @JsonSubTypes.Type(FollowUpOutcomeRecorded.class),
    @JsonSubTypes.Type(FollowUpRequested.class),
    @JsonSubTypes.Type(FollowUpCancelRequested.class),
    @JsonSubTypes.Type(FollowUpScheduled.class),
    @JsonSubTypes.Type(FollowUpDue.class),
    @JsonSubTypes.Type(FollowUpDone.class),
    @JsonSubTypes.Type(FollowUpCancelled.class),
    @JsonSubTypes.Type(ConsentWithdrawn.class),
    @JsonSubTypes.Type(DataKeyWrapped.class),
})
public interface Event {
  String eventId();

  Instant occurredAt();

  /** The discriminator as written on the wire. */
  @JsonIgnore
  default String type() {
    return getClass().getSimpleName();
  }
}
