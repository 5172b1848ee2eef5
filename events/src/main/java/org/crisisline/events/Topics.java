package org.crisisline.events;

import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The typed topic registry of the contract. Every producer, consumer and topology reads its
 * names and serdes here; no topic name is spelled anywhere else.
 */
public final class Topics {
  public static final String PREFIX = "crisisline.";

  /** Writer: intake. Key requestId. */
  public static final Topic<String, RequestEvent> HELP_REQUESTS =
      events("help-requests", RequestEvent.class, Retention.HISTORY);

  /** Writer: intake. Key responderId. Compacted. */
  public static final Topic<String, ResponderProfile> RESPONDERS =
      events("responders", ResponderProfile.class, Retention.LATEST);

  /** Writer: intake. Key responderId. */
  public static final Topic<String, ResponderStatusChanged> RESPONDER_STATUS =
      events("responder-status", ResponderStatusChanged.class, Retention.HISTORY);

  /** Writer: intake. Key serviceId. Compacted. */
  public static final Topic<String, LocalService> DIRECTORY =
      events("directory", LocalService.class, Retention.LATEST);

  /**
   * Writer: intake (API and signed-link answers). Key requestId. SMS replies do not come here: the
   * notifier writes them to {@link #SMS_REPLIES}, which carries only a decision.
   */
  public static final Topic<String, AnswerEvent> OFFER_ANSWERS =
      events("offer-answers", AnswerEvent.class, Retention.HISTORY);

  /**
   * Writer: notifier. Key requestId. A responder's YES/NO text for one offer (no free text);
   * routing reads it as the corresponding answer.
   */
  public static final Topic<String, SmsReplyReceived> SMS_REPLIES =
      events("sms-replies", SmsReplyReceived.class, Retention.LIVE);

  /** Writer: routing. Key requestId. */
  public static final Topic<String, OfferEvent> OFFERS = events("offers", OfferEvent.class, Retention.HISTORY);

  /** Writer: routing. Key requestId. */
  public static final Topic<String, RequestStatusChanged> REQUEST_STATUS =
      events("request-status", RequestStatusChanged.class, Retention.HISTORY);

  /** Writer: routing. Key poolId. Compacted. */
  public static final Topic<String, QueueSnapshot> QUEUE_SNAPSHOTS =
      events("queue-snapshots", QueueSnapshot.class, Retention.LATEST);

  /** Writer: notifier. Key offerId. */
  public static final Topic<String, DeliveryEvent> DELIVERIES =
      events("deliveries", DeliveryEvent.class, Retention.LIVE);

  /** Writers: any. Original key and bytes; the reason travels in {@link DeadLetters} headers. */
  public static final Topic<byte[], byte[]> DEAD_LETTERS =
      new Topic<>(PREFIX + "dead-letters", Serdes.ByteArray(), Serdes.ByteArray(), Retention.LIVE);

  /** Writer: intake. Key resource id. Who read or changed a request, responder or service. */
  public static final Topic<String, AuditEvent> AUDIT = events("audit", AuditEvent.class, Retention.HISTORY);

  /** Writer: intake. Key caller:key. Compacted; the retained first response per key. */
  public static final Topic<String, IdempotencyRecord> IDEMPOTENCY_KEYS =
      events("idempotency-keys", IdempotencyRecord.class, Retention.LATEST);

  /** Writer: notifier. Key offerId/channel. Compacted; the send ledger. */
  public static final Topic<String, SendRecord> NOTIFIER_SENDS =
      events("notifier-sends", SendRecord.class, Retention.LATEST_WITHIN_LIVE_WINDOW);

  /**
   * Writer: intake. Key session id. Compacted; signed-out sessions every intake instance refuses,
   * tombstoned once no token of the session can still be valid.
   */
  public static final Topic<String, SessionRevoked> SESSION_REVOCATIONS =
      events("session-revocations", SessionRevoked.class, Retention.LATEST);

  /**
   * Writer: routing. Key routing instance id. Compacted; the effective policy each running routing
   * instance decides by, re-published every minute, a tombstone when it stops cleanly.
   */
  public static final Topic<String, RoutingPolicyPublished> ROUTING_POLICY =
      events("routing-policy", RoutingPolicyPublished.class, Retention.LATEST);

  /** Writer: intake. Key scheduleId. Compacted; each on-call schedule as last saved. */
  public static final Topic<String, ScheduleSaved> ONCALL_SCHEDULES =
      events("oncall-schedules", ScheduleSaved.class, Retention.LATEST);

  /**
   * Writer: intake. Key userId. Compacted; people who may be on call, with their work contact for
   * pages. Read by the notifier (to page) and intake (names).
   */
  public static final Topic<String, OnCallPerson> ONCALL_PEOPLE =
      events("oncall-people", OnCallPerson.class, Retention.LATEST);

  /** Writer: routing. Key requestId. Alerts: raised, each step and page, acknowledged, resolved. */
  public static final Topic<String, AlertEvent> ALERTS = events("alerts", AlertEvent.class, Retention.HISTORY);

  /** Writer: intake. Key requestId. Acknowledgements by API (supervisor) and by the signed link. */
  public static final Topic<String, AlertAckRequested> ALERT_ACKS =
      events("alert-acks", AlertAckRequested.class, Retention.HISTORY);

  /** Writer: notifier. Key requestId. Acknowledgements by SMS {@code ACK <code>} from a paged phone. */
  public static final Topic<String, AlertAckRequested> SMS_ALERT_ACKS =
      events("sms-alert-acks", AlertAckRequested.class, Retention.HISTORY);

  /** Writer: routing. Key requestId of the request followed up. The caring-contact plans as they happen. */
  public static final Topic<String, FollowUpEvent> FOLLOW_UPS =
      events("follow-ups", FollowUpEvent.class, Retention.HISTORY);

  /** Writer: notifier. Key callerKey. A caller's opt-out (STOP) by SMS, without the number. */
  public static final Topic<String, ConsentWithdrawn> CONSENT_WITHDRAWALS =
      events("consent-withdrawals", ConsentWithdrawn.class, Retention.HISTORY);

  /**
   * Writer: intake, in the transaction that logs the request. Key requestId. Each request's data key,
   * wrapped by the keyring ({@link DataKeyWrapped}); a tombstone erases the request's sealed fields
   * everywhere (crypto-shredding). Compacted promptly, deleted with the history.
   */
  public static final Topic<String, DataKeyWrapped> DATA_KEYS =
      events("data-keys", DataKeyWrapped.class, Retention.SHREDDABLE_KEYS);

  private Topics() {}

  /** Every topic of the contract, for creation and verification. */
  public static List<Topic<?, ?>> all() {
    return List.of(
        HELP_REQUESTS, RESPONDERS, RESPONDER_STATUS, DIRECTORY, OFFER_ANSWERS, SMS_REPLIES,
        OFFERS, REQUEST_STATUS, QUEUE_SNAPSHOTS, DELIVERIES, DEAD_LETTERS,
        AUDIT, IDEMPOTENCY_KEYS, NOTIFIER_SENDS, SESSION_REVOCATIONS, ROUTING_POLICY,
        ONCALL_SCHEDULES, ONCALL_PEOPLE, ALERTS, ALERT_ACKS, SMS_ALERT_ACKS, FOLLOW_UPS, CONSENT_WITHDRAWALS,
        DATA_KEYS);
  }

  private static <V extends Event> Topic<String, V> events(String name, Class<V> family, Retention retention) {
    Serde<String> keys = Serdes.String();
    return new Topic<>(PREFIX + name, keys, new JsonSerde<>(family), retention);
  }
}
