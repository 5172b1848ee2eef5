package org.crisisline.routing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.crisisline.events.AlertAckRequested;
import org.crisisline.events.AlertEvent;
import org.crisisline.events.AlertPaged;
import org.crisisline.events.AlertVia;
import org.crisisline.events.DeclineReason;
import org.crisisline.events.ScheduleSaved;
import org.crisisline.events.oncall.Handoff;
import org.crisisline.events.oncall.Rotation;
import org.crisisline.events.oncall.Schedule;
import org.crisisline.events.Disposition;
import org.crisisline.events.CancelReason;
import org.crisisline.events.AgeGroup;
import org.crisisline.events.AnswerEvent;
import org.crisisline.events.AnswerVia;
import org.crisisline.events.Channel;
import org.crisisline.events.Contact;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.DeliveryEvent;
import org.crisisline.events.DeliveryFailed;
import org.crisisline.events.FollowUpEvent;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Ids;
import org.crisisline.events.LocalService;
import org.crisisline.events.Need;
import org.crisisline.events.OfferAccepted;
import org.crisisline.events.OfferDeclined;
import org.crisisline.events.OfferEvent;
import org.crisisline.events.OfferMade;
import org.crisisline.events.OfferRescinded;
import org.crisisline.events.QueueSnapshot;
import org.crisisline.events.ReferralKind;
import org.crisisline.events.RequestCancelled;
import org.crisisline.events.RequestCompleted;
import org.crisisline.events.RequestEvent;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.ResponderKind;
import org.crisisline.events.ResponderProfile;
import org.crisisline.events.ResponderStatus;
import org.crisisline.events.ResponderStatusChanged;
import org.crisisline.events.SmsReplyReceived;
import org.crisisline.events.Topics;
import org.crisisline.events.Urgency;
import org.crisisline.routing.market.RoutingPolicy;

/** A TopologyTestDriver around {@link RoutingTopology} with a controlled wall clock and event builders. */
final class RoutingDriver implements AutoCloseable {
  /** A Friday, 10:00 UTC. */
  static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

  private final Path stateDir;
  private final TopologyTestDriver driver;
  private final TestInputTopic<String, RequestEvent> requests;
  private final TestInputTopic<String, AnswerEvent> answers;
  private final TestInputTopic<String, SmsReplyReceived> smsReplies;
  private final TestInputTopic<String, ResponderProfile> profiles;
  private final TestInputTopic<String, ResponderStatusChanged> statuses;
  private final TestInputTopic<String, LocalService> directory;
  private final TestInputTopic<String, DeliveryEvent> deliveries;
  private final TestInputTopic<String, ScheduleSaved> schedules;
  private final TestInputTopic<String, AlertAckRequested> alertAcks;
  private final TestInputTopic<String, AlertAckRequested> smsAlertAcks;
  private final TestInputTopic<String, QueueSnapshot> snapshotsIn;
  private final TestOutputTopic<String, AlertEvent> alertOut;
  final List<AlertEvent> alertEvents = new ArrayList<>();
  final TestInputTopic<byte[], byte[]> rawRequests;
  private final TestOutputTopic<String, OfferEvent> offerOut;
  private final TestOutputTopic<String, RequestStatusChanged> statusOut;
  private final TestOutputTopic<String, QueueSnapshot> snapshotOut;
  private final TestOutputTopic<String, FollowUpEvent> followUpOut;
  final List<TestRecord<String, FollowUpEvent>> followUpRecords = new ArrayList<>();
  final TestOutputTopic<byte[], byte[]> deadLetters;
  final List<OfferEvent> offerEvents = new ArrayList<>();
  final List<RequestStatusChanged> statusEvents = new ArrayList<>();
  final List<TestRecord<String, QueueSnapshot>> snapshots = new ArrayList<>();
  private final TestOutputTopic<String, org.crisisline.routing.streams.MarketMessage> marketsOut;
  private Instant now;

  private static org.apache.kafka.common.serialization.Serde<String> s0() {
    return Serdes.String();
  }

  /** Any topic the topology writes, changelogs included ({@code routing-test-<store>-changelog}). */
  <V> TestOutputTopic<String, V> output(String topic, org.apache.kafka.common.serialization.Deserializer<V> values) {
    return driver.createOutputTopic(topic, s0().deserializer(), values);
  }

  /** Every topic the topology has written to so far. */
  java.util.Set<String> writtenTopics() {
    return driver.producedTopicNames();
  }

  /** What was re-keyed through {@code -markets} since the last call: the second routing hop. */
  List<org.crisisline.routing.streams.MarketMessage> reKeyed() {
    return marketsOut.readValuesToList();
  }

  RoutingDriver() {
    this(RoutingPolicy.defaults());
  }

  RoutingDriver(RoutingPolicy policy) {
    this(policy, 1);
  }

  /**
   * {@code partitions}: how many partitions the request-side topics are taken to have (the driver
   * itself runs one task, partition 0: with 1, every request is aligned and takes one hop).
   */
  RoutingDriver(RoutingPolicy policy, int partitions) {
    try {
      stateDir = Files.createTempDirectory("routing-ttd");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RoutingConfig config = RoutingConfig.local("dummy:9092", stateDir).withApplicationId("routing-test");
    Properties props = RoutingTopology.streamsConfig(config);
    now = T0;
    driver = new TopologyTestDriver(RoutingTopology.build(policy, new RoutingMetrics(),
        RoutingTopics.DEFAULT_APPLICATION_ID, partitions), props, T0);
    marketsOut = driver.createOutputTopic(RoutingTopics.MARKETS.name(), s0().deserializer(),
        RoutingTopics.MARKETS.valueSerde().deserializer());
    var s = Serdes.String();
    requests = driver.createInputTopic(Topics.HELP_REQUESTS.name(), s.serializer(), Topics.HELP_REQUESTS.valueSerde().serializer());
    answers = driver.createInputTopic(Topics.OFFER_ANSWERS.name(), s.serializer(), Topics.OFFER_ANSWERS.valueSerde().serializer());
    smsReplies = driver.createInputTopic(Topics.SMS_REPLIES.name(), s.serializer(), Topics.SMS_REPLIES.valueSerde().serializer());
    profiles = driver.createInputTopic(Topics.RESPONDERS.name(), s.serializer(), Topics.RESPONDERS.valueSerde().serializer());
    statuses = driver.createInputTopic(Topics.RESPONDER_STATUS.name(), s.serializer(), Topics.RESPONDER_STATUS.valueSerde().serializer());
    directory = driver.createInputTopic(Topics.DIRECTORY.name(), s.serializer(), Topics.DIRECTORY.valueSerde().serializer());
    deliveries = driver.createInputTopic(Topics.DELIVERIES.name(), s.serializer(), Topics.DELIVERIES.valueSerde().serializer());
    schedules = driver.createInputTopic(Topics.ONCALL_SCHEDULES.name(), s.serializer(), Topics.ONCALL_SCHEDULES.valueSerde().serializer());
    alertAcks = driver.createInputTopic(Topics.ALERT_ACKS.name(), s.serializer(), Topics.ALERT_ACKS.valueSerde().serializer());
    smsAlertAcks = driver.createInputTopic(Topics.SMS_ALERT_ACKS.name(), s.serializer(), Topics.SMS_ALERT_ACKS.valueSerde().serializer());
    snapshotsIn = driver.createInputTopic(Topics.QUEUE_SNAPSHOTS.name(), s.serializer(), Topics.QUEUE_SNAPSHOTS.valueSerde().serializer());
    alertOut = driver.createOutputTopic(Topics.ALERTS.name(), s.deserializer(), Topics.ALERTS.valueSerde().deserializer());
    rawRequests = driver.createInputTopic(Topics.HELP_REQUESTS.name(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
    offerOut = driver.createOutputTopic(Topics.OFFERS.name(), s.deserializer(), Topics.OFFERS.valueSerde().deserializer());
    statusOut = driver.createOutputTopic(Topics.REQUEST_STATUS.name(), s.deserializer(), Topics.REQUEST_STATUS.valueSerde().deserializer());
    snapshotOut = driver.createOutputTopic(Topics.QUEUE_SNAPSHOTS.name(), s.deserializer(), Topics.QUEUE_SNAPSHOTS.valueSerde().deserializer());
    followUpOut = driver.createOutputTopic(Topics.FOLLOW_UPS.name(), s.deserializer(), Topics.FOLLOW_UPS.valueSerde().deserializer());
    deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
  }

  Instant now() {
    return now;
  }

  void advance(Duration d) {
    now = now.plus(d);
    driver.advanceWallClockTime(d);
  }

  /** Advances in steps, so punctuation runs at least once per step. */
  void advanceInSteps(Duration total, Duration step) {
    for (Duration done = Duration.ZERO; done.compareTo(total) < 0; done = done.plus(step)) {
      advance(step);
    }
  }

  // ---- inputs ----

  HelpRequestLogged request(String id, Urgency u, Need need, String language, String region, String... specialties) {
    HelpRequestLogged r = new HelpRequestLogged(Ids.newId(), now, id, Channel.PHONE, u, need,
        need == Need.REFERRAL ? ReferralKind.SUPPORT_GROUP : null, language, region, "97201", AgeGroup.ADULT,
        List.of(specialties), null, null, false, "staff");
    log(r);
    return r;
  }

  void log(HelpRequestLogged r) {
    requests.pipeInput(r.requestId(), r, now);
  }

  void cancel(String requestId) {
    requests.pipeInput(requestId, new RequestCancelled(Ids.newId(), now, requestId, "staff", CancelReason.CALLER_DISCONNECTED, null), now);
  }

  void responder(String id, ResponderKind kind, String region, List<String> languages, List<String> specialties,
      int capacity) {
    profiles.pipeInput(id, new ResponderProfile(Ids.newId(), now, id, id, kind, region, languages, specialties,
        capacity, new Contact("+15550000000", id + "@example.org"), List.of(DeliveryChannel.EMAIL), true), now);
  }

  /** A hotline counsellor in north speaking en, capacity 1, AVAILABLE. */
  void counsellor(String id) {
    responder(id, ResponderKind.HOTLINE_COUNSELLOR, "north", List.of("en"), List.of(), 1);
    status(id, ResponderStatus.AVAILABLE);
  }

  void deleteResponder(String id) {
    profiles.pipeInput(id, null, now);
  }

  void status(String id, ResponderStatus st) {
    statuses.pipeInput(id, new ResponderStatusChanged(Ids.newId(), now, id, st, "set by test", id), now);
  }

  void service(LocalService s) {
    directory.pipeInput(s.serviceId(), s, now);
  }

  void accept(OfferMade o) {
    accept(o.requestId(), o.offerId(), o.responderId());
  }

  void accept(String requestId, String offerId, String responderId) {
    answers.pipeInput(requestId, new OfferAccepted(Ids.newId(), now, requestId, offerId, responderId, AnswerVia.API), now);
  }

  /** An accept the responder gave at {@code at} (intake's time and the record's), read by routing now. */
  void acceptGivenAt(OfferMade o, Instant at) {
    answers.pipeInput(o.requestId(), new OfferAccepted(Ids.newId(), at, o.requestId(), o.offerId(), o.responderId(),
        AnswerVia.API), at);
  }

  /**
   * Routing reading a backlog: {@code d} passes in half-second steps, and in each a record written
   * {@code lag} earlier is read (a status of {@code responderId}, who must exist elsewhere).
   */
  void advanceBehind(Duration d, Duration lag, String responderId) {
    for (Duration done = Duration.ZERO; done.compareTo(d) < 0; done = done.plusMillis(500)) {
      advance(Duration.ofMillis(500));
      Instant written = now.minus(lag);
      statuses.pipeInput(responderId, new ResponderStatusChanged(Ids.newId(), written, responderId,
          ResponderStatus.AVAILABLE, "set by test", responderId), written);
    }
  }

  void decline(OfferMade o) {
    answers.pipeInput(o.requestId(), new OfferDeclined(Ids.newId(), now, o.requestId(), o.offerId(),
        o.responderId(), DeclineReason.BUSY, null, AnswerVia.LINK), now);
  }

  /** A YES/NO text for {@code o}, as the notifier writes it to sms-replies. */
  SmsReplyReceived smsReply(OfferMade o, String responderId, SmsReplyReceived.Decision decision) {
    SmsReplyReceived reply = new SmsReplyReceived(Ids.newId(), o.requestId(), o.offerId(), responderId, decision, now);
    smsReplies.pipeInput(o.requestId(), reply, now);
    return reply;
  }

  void answer(AnswerEvent a) {
    answers.pipeInput(a.requestId(), a, now);
  }

  void requestEvent(RequestEvent e) {
    requests.pipeInput(e.requestId(), e, now);
  }

  void complete(String requestId, String responderId) {
    answers.pipeInput(requestId, new RequestCompleted(Ids.newId(), now, requestId, responderId, Disposition.SUPPORTED_DE_ESCALATED, null), now);
  }

  void allChannelsFailed(OfferMade o) {
    deliveries.pipeInput(o.offerId(), new DeliveryFailed(Ids.newId(), now, o.offerId(), o.requestId(),
        o.responderId(), DeliveryChannel.EMAIL, "smtp 550", true, true), now);
  }

  /** Saves an on-call schedule whose whole-day rotation puts {@code participants[0]} on call today (from T0). */
  void schedule(String id, String... participants) {
    Rotation r = new Rotation(List.of(participants), 1, Handoff.DAILY, java.time.LocalTime.of(9, 0), null,
        T0.minus(Duration.ofHours(1)));
    schedules.pipeInput(id, new ScheduleSaved(Ids.newId(), now, 1, new Schedule(id, id, "UTC", r, List.of())), now);
  }

  /** {@code userId} asks to acknowledge the alert of {@code page} by API or link (intake) or SMS (notifier). */
  void acknowledge(AlertPaged page, String userId, AlertVia via) {
    AlertAckRequested ack = new AlertAckRequested(Ids.newId(), now, page.alertId(), page.requestId(), userId, via);
    (via == AlertVia.SMS ? smsAlertAcks : alertAcks).pipeInput(page.requestId(), ack, now);
  }

  /** A pool's snapshot as another routing task would publish it. */
  void snapshot(QueueSnapshot snap) {
    snapshotsIn.pipeInput(snap.poolId(), snap, now);
  }

  // ---- outputs ----

  private void drain() {
    offerEvents.addAll(offerOut.readValuesToList());
    statusEvents.addAll(statusOut.readValuesToList());
    snapshots.addAll(snapshotOut.readRecordsToList());
    alertEvents.addAll(alertOut.readValuesToList());
    followUpRecords.addAll(followUpOut.readRecordsToList());
  }

  /** Every {@code follow-ups} record keyed by {@code requestId} (the request followed up), in order. */
  List<FollowUpEvent> followUpEvents(String requestId) {
    drain();
    return followUpRecords.stream().filter(r -> r.key().equals(requestId)).map(TestRecord::value).toList();
  }

  /** The {@code follow-ups} events of one type for {@code requestId}. */
  <T extends FollowUpEvent> List<T> followUpEvents(String requestId, Class<T> type) {
    return followUpEvents(requestId).stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Every alert event for {@code requestId} so far, in order. */
  List<AlertEvent> alerts(String requestId) {
    drain();
    return alertEvents.stream().filter(a -> a.requestId().equals(requestId)).toList();
  }

  /** The alert events of one type for {@code requestId}. */
  <T extends AlertEvent> List<T> alerts(String requestId, Class<T> type) {
    return alerts(requestId).stream().filter(type::isInstance).map(type::cast).toList();
  }

  List<OfferMade> offers() {
    drain();
    return offerEvents.stream().filter(OfferMade.class::isInstance).map(OfferMade.class::cast).toList();
  }

  List<OfferMade> offersFor(String requestId) {
    return offers().stream().filter(o -> o.requestId().equals(requestId)).toList();
  }

  OfferMade lastOffer(String requestId) {
    List<OfferMade> o = offersFor(requestId);
    return o.isEmpty() ? null : o.get(o.size() - 1);
  }

  List<OfferRescinded> rescinds() {
    drain();
    return offerEvents.stream().filter(OfferRescinded.class::isInstance).map(OfferRescinded.class::cast).toList();
  }

  List<RequestStatusChanged> statuses(String requestId) {
    drain();
    return statusEvents.stream().filter(s -> s.requestId().equals(requestId)).toList();
  }

  /** Every request-status record emitted so far, in order. */
  List<RequestStatusChanged> allStatuses() {
    drain();
    return List.copyOf(statusEvents);
  }

  RequestStatus status(String requestId) {
    List<RequestStatusChanged> s = statuses(requestId).stream()
        .filter(x -> !x.isRejectedAnswer()).toList();
    return s.isEmpty() ? null : s.get(s.size() - 1).status();
  }

  List<TestRecord<String, QueueSnapshot>> snapshots() {
    drain();
    return snapshots;
  }

  @Override
  public void close() {
    driver.close();
    try (Stream<Path> files = Files.walk(stateDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
