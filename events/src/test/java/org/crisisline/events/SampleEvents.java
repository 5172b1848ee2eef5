package org.crisisline.events;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.crisisline.events.oncall.Handoff;
import org.crisisline.events.oncall.Rotation;
import org.crisisline.events.oncall.Schedule;
import org.crisisline.events.oncall.ScheduleOverride;

/** One fully populated instance of every event of the contract, for round trips and fixtures. */
public final class SampleEvents {
  public static final Instant AT = Instant.parse("2026-11-20T10:15:30.123Z");
  public static final PiiCipher CIPHER = PiiCipher.fromKeyring(PiiCipher.generateKeyring("k1"));

  private SampleEvents() {}

  public static HelpRequestLogged helpRequestLogged() {
    return new HelpRequestLogged(
        "e-1", AT, "req-1", Channel.PHONE, Urgency.HIGH, Need.REFERRAL, ReferralKind.SUPPORT_GROUP,
        "es", "north", "97201", AgeGroup.ADULT, List.of("VETERANS"),
        CIPHER.seal("summary", "req-1", "short notes"), CIPHER.seal("callerContact", "req-1", "{\"phone\":\"+15035550100\"}"),
        true, "staff");
  }

  public static RequestCancelled requestCancelled() {
    return new RequestCancelled("e-2", AT, "req-1", "staff", CancelReason.CALLER_DISCONNECTED,
        CIPHER.seal(RequestCancelled.NOTE_FIELD, "req-1", "caller hung up"));
  }

  public static ResponderProfile responderProfile() {
    return new ResponderProfile(
        "e-3", AT, "r-ana", "Ana", ResponderKind.HOTLINE_COUNSELLOR, "north", List.of("en", "es"),
        List.of("YOUTH"), 2, new Contact("+15035550111", "ana@example.org"),
        List.of(DeliveryChannel.SMS, DeliveryChannel.EMAIL), true);
  }

  public static ResponderStatusChanged responderStatusChanged() {
    return new ResponderStatusChanged("e-4", AT, "r-ana", ResponderStatus.AVAILABLE, "shift start", "r-ana");
  }

  public static LocalService localService() {
    return new LocalService(
        "e-5", AT, "svc-1", "North Community Centre", "Veterans Peer Group", "Weekly group",
        List.of(ReferralKind.SUPPORT_GROUP, ReferralKind.PEER_SUPPORT_PROGRAMME), ServiceStatus.ACTIVE,
        new LocalService.ServiceArea(List.of("north"), List.of("972")), List.of("en", "es"),
        new LocalService.Eligibility(18, null, "adults"),
        List.of(new LocalService.OpeningHours(DayOfWeek.MONDAY, LocalTime.of(9, 0), LocalTime.of(17, 0))),
        "America/Los_Angeles", new LocalService.Capacity(3, 10, AT),
        new Contact("+15035550122", "intake@example.org"), "free", "step-free access",
        LocalDate.of(2026, 1, 5));
  }

  public static OfferMade offerMade() {
    return new OfferMade(
        "e-6", AT, "req-1", "off-1", "K7Q2MZ", "r-ana", null, 1, AT.plusSeconds(60),
        Urgency.HIGH, Need.CRISIS_COUNSELLING, null, "es", "north");
  }

  public static OfferRescinded offerRescinded() {
    return new OfferRescinded("e-7", AT, "req-1", "off-1", "r-ana", "timed out");
  }

  public static OfferAccepted offerAccepted() {
    return new OfferAccepted("e-8", AT, "req-1", "off-1", "r-ana", AnswerVia.LINK);
  }

  public static OfferDeclined offerDeclined() {
    return new OfferDeclined("e-9", AT, "req-1", "off-1", "r-ana", DeclineReason.BUSY,
        CIPHER.seal(OfferDeclined.NOTE_FIELD, "req-1", "on another call"), AnswerVia.API);
  }

  public static RequestCompleted requestCompleted() {
    return new RequestCompleted("e-10", AT, "req-1", "r-ana", Disposition.SAFETY_PLAN_MADE,
        CIPHER.seal(RequestCompleted.NOTE_FIELD, "req-1", "safety plan made"),
        new RiskScreen(true, true, true, false, false, true, false), null, true, false);
  }

  public static RequestStatusChanged requestStatusChanged() {
    return new RequestStatusChanged(
        "e-11", AT, "req-1", RequestStatus.OFFERED, "offered to longest idle", "off-1", "r-ana", null,
        "north", Urgency.HIGH, Need.CRISIS_COUNSELLING, StatusKind.TRANSITION, null, null);
  }

  public static DeliveryAttempted deliveryAttempted() {
    return new DeliveryAttempted("e-12", AT, "off-1", "req-1", "r-ana", DeliveryChannel.SMS, 1);
  }

  public static DeliveryDelivered deliveryDelivered() {
    return new DeliveryDelivered("e-13", AT, "off-1", "req-1", "r-ana", DeliveryChannel.SMS, "SM123", "sent");
  }

  public static DeliveryFailed deliveryFailed() {
    return new DeliveryFailed("e-14", AT, "off-1", "req-1", "r-ana", DeliveryChannel.EMAIL, "smtp 550", true, true);
  }

  public static QueueSnapshot queueSnapshot() {
    return new QueueSnapshot(
        "e-15", AT, "north/HOTLINE_COUNSELLOR", "north", "HOTLINE_COUNSELLOR",
        Map.of(Urgency.HIGH, 2, Urgency.LOW, 1), 95, Urgency.HIGH, 120,
        Map.of(ResponderStatus.AVAILABLE, 1, ResponderStatus.AWAY, 1), Map.of("r-ben", "missed offer off-0"),
        1, 0);
  }

  public static AuditEvent auditEvent() {
    return new AuditEvent("e-16", AT, "staff", "staff", "request.read", "request", "req-1", "127.0.0.1", "ok", "c-1");
  }

  public static IdempotencyRecord idempotencyRecord() {
    return new IdempotencyRecord("e-17", AT, "staff:k-1", "abc123", 202, "{\"requestId\":\"req-1\"}", AT.plusSeconds(86400));
  }

  public static SendRecord sendRecord() {
    return new SendRecord("e-18", AT, "off-1", DeliveryChannel.SMS, "r-ana", "SENT", 1, "SM123", "queued", null);
  }

  public static SessionRevoked sessionRevoked() {
    return new SessionRevoked("e-19", AT, "sid-1", AT.plusSeconds(43200));
  }

  public static RoutingPolicyPublished routingPolicyPublished() {
    return new RoutingPolicyPublished("e-20", AT, "crisisline-routing/3f2c", "0123456789ab", List.of("north", "south"),
        java.util.Map.of("regions", "north,south", "sla.HIGH", "300"));
  }

  public static ScheduleSaved scheduleSaved() {
    Rotation rotation = new Rotation(List.of("sup-a", "sup-b"), 1, Handoff.WEEKLY, LocalTime.of(9, 0),
        DayOfWeek.MONDAY, AT);
    Schedule schedule = new Schedule("supervisors", "Supervisors", "Europe/London", rotation,
        List.of(new ScheduleOverride("sup-b", AT.plusSeconds(3600), AT.plusSeconds(7200))));
    return new ScheduleSaved("e-21", AT, 1, schedule);
  }

  public static SmsReplyReceived smsReplyReceived() {
    return new SmsReplyReceived("e-22", "req-1", "off-1", "r-ana", SmsReplyReceived.Decision.ACCEPT, AT);
  }

  public static AlertRaised alertRaised() {
    return new AlertRaised("e-23", AT, "al-1", "4821", "req-1", "north", Urgency.IMMINENT_RISK,
        AlertReason.NO_COUNSELLOR_AVAILABLE, AT.minusSeconds(5));
  }

  public static AlertStepStarted alertStepStarted() {
    return new AlertStepStarted("e-24", AT, "al-1", "req-1", 1, 1, "supervisors", List.of("sup-a"));
  }

  public static AlertPaged alertPaged() {
    return new AlertPaged("e-25", AT, "al-1", "3f1c2a9e-0d4b-4e8e-9a51-2c7d9b1e4f60", "4821", "req-1", "north",
        Urgency.IMMINENT_RISK, AlertReason.NO_COUNSELLOR_AVAILABLE, "sup-a", "supervisors", 1, 1, AT.minusSeconds(5));
  }

  public static AlertAcknowledged alertAcknowledged() {
    return new AlertAcknowledged("e-26", AT, "al-1", "req-1", "sup-a", AlertVia.SMS);
  }

  public static AlertResolved alertResolved() {
    return new AlertResolved("e-27", AT, "al-1", "4821", "req-1", RequestStatus.ACCEPTED, List.of("sup-a"));
  }

  public static AlertAckRequested alertAckRequested() {
    return new AlertAckRequested("e-28", AT, "al-1", "req-1", "sup-a", AlertVia.API);
  }

  public static OnCallPerson onCallPerson() {
    return new OnCallPerson("e-29", AT, "sup-a", "Dana Reyes", new Contact("+15035550301", "dana@crisisline.example.org"),
        List.of(DeliveryChannel.SMS, DeliveryChannel.EMAIL));
  }

  public static List<Event> all() {
    return List.of(
        helpRequestLogged(), requestCancelled(), responderProfile(), responderStatusChanged(),
        localService(), offerMade(), offerRescinded(), offerAccepted(), offerDeclined(),
        requestCompleted(), requestStatusChanged(), deliveryAttempted(), deliveryDelivered(),
        deliveryFailed(), queueSnapshot(), auditEvent(), idempotencyRecord(), sendRecord(),
        sessionRevoked(), routingPolicyPublished(), scheduleSaved(), smsReplyReceived(), alertRaised(),
        alertStepStarted(), alertPaged(), alertAcknowledged(), alertResolved(), alertAckRequested(), onCallPerson(),
        referralAccepted(), referralDeclined(), referralOutcomeRecorded(), followUpOutcomeRecorded(),
        followUpRequested(), followUpCancelRequested(), followUpScheduled(), followUpDue(), followUpDone(),
        followUpCancelled(), consentWithdrawn(), dataKeyWrapped());
  }

  public static ReferralAccepted referralAccepted() {
    return new ReferralAccepted("e-ra", AT, "req-1", "off-1", "svc-1", AnswerVia.LINK);
  }

  public static ReferralDeclined referralDeclined() {
    return new ReferralDeclined("e-rd", AT, "req-1", "off-1", "svc-1", ReferralDeclineReason.NO_CAPACITY, AnswerVia.LINK);
  }

  public static FollowUpOutcomeRecorded followUpOutcomeRecorded() {
    return new FollowUpOutcomeRecorded("e-fo", AT, "req-1", "resp-1", FollowUpOutcome.NO_ANSWER, AnswerVia.API);
  }

  public static ReferralOutcomeRecorded referralOutcomeRecorded() {
    return new ReferralOutcomeRecorded("e-ro", AT, "req-1", "off-1", "svc-1", ReferralOutcome.CONNECTED, AnswerVia.LINK);
  }

  public static FollowUpRequested followUpRequested() {
    return new FollowUpRequested("e-fr", AT, "req-1", "fu-9", AT.plusSeconds(86400), new Sealed("k1", "v2.bm90ZQ=="),
        "resp-1");
  }

  public static FollowUpCancelRequested followUpCancelRequested() {
    return new FollowUpCancelRequested("e-fc", AT, "req-1", null, FollowUpCancelReason.CONSENT_WITHDRAWN, null);
  }

  public static FollowUpScheduled followUpScheduled() {
    return new FollowUpScheduled("e-fs", AT, "req-1", "fu-1", 1, 1, AT.plusSeconds(86400), "north", "es",
        FollowUpOrigin.PLAN, null, null);
  }

  public static FollowUpDue followUpDue() {
    return new FollowUpDue("e-fd", AT, "req-1", "fu-1", 1, 1, "north", "es", new Sealed("k1", "v2.Y29udGFjdA=="), true);
  }

  public static FollowUpDone followUpDone() {
    return new FollowUpDone("e-fdn", AT, "req-1", "fu-1", 1, 1, FollowUpOutcome.NO_ANSWER, "resp-1",
        AT.plusSeconds(14400));
  }

  public static FollowUpCancelled followUpCancelled() {
    return new FollowUpCancelled("e-fx", AT, "req-1", "fu-2", FollowUpCancelReason.CONSENT_WITHDRAWN, null);
  }

  public static ConsentWithdrawn consentWithdrawn() {
    return new ConsentWithdrawn("e-cw", AT, "Y2FsbGVyLWtleQ", "SMS");
  }

  public static DataKeyWrapped dataKeyWrapped() {
    return new DataKeyWrapped("e-dk", AT, "req-1", new Sealed("k1", "dk1.a2V5"));
  }
}
