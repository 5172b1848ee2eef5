package org.crisisline.notifier;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.crisisline.events.CallerKeys;
import org.crisisline.events.ConsentWithdrawn;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.DeliveryFailed;
import org.crisisline.events.FollowUpCancelReason;
import org.crisisline.events.FollowUpCancelled;
import org.crisisline.events.FollowUpDue;
import org.crisisline.events.Ids;
import org.crisisline.events.PiiCipher;
import org.crisisline.events.Sealed;
import org.crisisline.events.Topics;
import org.crisisline.kafkalocal.RealKafka;
import org.crisisline.notifier.domain.StopConfirmationNotice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * Caring contacts, the notifier's side, on the real broker and a real HTTP SMS API: a follow-up
 * that falls due sends the caller one caring SMS in their language, never twice (re-delivery,
 * restart); a signed STOP from that phone writes one ConsentWithdrawn under the phone's caller key
 * and sends one confirmation; a kill -9 sends nothing twice. Every log line of the notifier is captured: the caller's number is in
 * none of them, nor on any topic the notifier writes.
 */
@ExtendWith(RealKafka.class)
class NotifierCaringTest {
  private static final String KEYRING = PiiCipher.generateKeyring("caring");
  private static final String CALLER_KEY = CallerKeys.generate();
  private final PiiCipher cipher = PiiCipher.fromKeyring(KEYRING);
  private final String phone = "+3461" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
  private NotifierFixture fx;
  private ListAppender<ILoggingEvent> logs;
  private Level oursBefore;

  @BeforeEach
  void setUp() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    logs = new ListAppender<>();
    logs.setContext(context);
    logs.start();
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(logs);
    Logger ours = context.getLogger("org.crisisline");
    oursBefore = ours.getLevel();
    ours.setLevel(Level.TRACE);
    fx = new NotifierFixture();
  }

  @AfterEach
  void tearDown() throws Exception {
    fx.close();
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(logs);
    context.getLogger("org.crisisline").setLevel(oursBefore);
  }

  private Map<String, String> callerEnv() {
    // A provider slow to answer on a busy machine would leave sends UNKNOWN: not what these tests are about
    return Map.of("CRISISLINE_PII_KEY", KEYRING, "CRISISLINE_CALLER_KEY", CALLER_KEY,
        "CRISISLINE_NOTIFIER_SEND_TIMEOUT_MS", "5000");
  }

  @Test
  void aDueFollowUpSendsTheCallerOneCaringSmsInSpanishAndNoRedeliveryOrRestartSendsAnother() {
    // Given a notifier with the deployment's keys, and a Spanish-speaking caller who consented
    fx.start(fx.config(callerEnv()));
    String requestId = "req-" + fx.run;
    FollowUpDue due = due(requestId, "es", contact(requestId, phone, true), true);
    // When routing says their follow-up is due
    fx.produce(Topics.FOLLOW_UPS, requestId, due);

    // Then one SMS in Spanish reaches their phone, ending with how to stop, under the follow-up's send id
    await().atMost(Duration.ofSeconds(20)).until(() -> fx.smsTo(phone).size() == 1);
    Map<String, String> form = NotifierFixture.form(fx.smsTo(phone).get(0).getBodyAsString());
    assertThat(form.get("Body")).startsWith("Hola").contains("Responde STOP").doesNotContain(requestId);
    assertThat(form.get("StatusCallback")).contains("offerId=" + due.followUpId(), "channel=SMS");
    await().atMost(Duration.ofSeconds(10)).until(() -> settled(due.followUpId()));

    // When the same FollowUpDue is read again, and then the notifier restarts and replays it
    fx.produce(Topics.FOLLOW_UPS, requestId, due);
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> fx.smsTo(phone).size() == 1);
    fx.app.close();
    fx.start(fx.config(callerEnv()));
    // Then the caller still has exactly one message
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> fx.smsTo(phone).size() == 1);
    assertNoNumberInLogsOrTopics();
  }

  @Test
  void aSignedStopWritesOneConsentWithdrawnUnderTheCallersKeyAndOneConfirmationWhateverTheRetries() throws Exception {
    // Given a caller who was sent a caring message in Spanish
    fx.start(fx.config(callerEnv()));
    String requestId = "req-" + fx.run;
    fx.produce(Topics.FOLLOW_UPS, requestId, due(requestId, "es", contact(requestId, phone, true), true));
    await().atMost(Duration.ofSeconds(20)).until(() -> fx.smsTo(phone).size() == 1);

    // When they text "Stop" from that phone, as the provider delivers it (its own spacing and case)
    String sid = "SM" + fx.run + "stop";
    Map<String, String> stop = Map.of("From", phone, "Body", " Stop ", "MessageSid", sid);
    var answer = fx.smsInbound(stop);

    // Then the webhook says nothing back itself, and one ConsentWithdrawn carries the phone's caller key
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).endsWith("<Response></Response>");
    String callerKey = CallerKeys.fromBase64(CALLER_KEY).of(phone);
    await().atMost(Duration.ofSeconds(10)).until(() -> withdrawalsOf(callerKey).size() == 1);
    ConsentWithdrawn withdrawn = withdrawalsOf(callerKey).get(0);
    assertThat(withdrawn.via()).isEqualTo("SMS");
    // And one confirmation, in the language they were written to, goes to the phone
    String confirmation = StopConfirmationNotice.sendIdOf(sid);
    await().atMost(Duration.ofSeconds(20)).until(() -> confirmations(confirmation).size() == 1);
    assertThat(NotifierFixture.form(confirmations(confirmation).get(0).getBodyAsString()))
        .containsEntry("To", phone).hasEntrySatisfying("Body", b -> assertThat(b).startsWith("No recibir"));

    // When the provider retries the webhook, here and after a restart of the notifier
    assertThat(fx.smsInbound(stop).body()).isEqualTo(answer.body());
    fx.app.close();
    fx.start(fx.config(callerEnv()));
    assertThat(fx.smsInbound(stop).body()).isEqualTo(answer.body());
    // Then the event is the same one (same id) and the confirmation is not sent again
    await().atMost(Duration.ofSeconds(10)).until(() -> withdrawalsOf(callerKey).size() >= 2);
    assertThat(withdrawalsOf(callerKey)).extracting(ConsentWithdrawn::eventId).containsOnly(withdrawn.eventId());
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
        .until(() -> confirmations(confirmation).size() == 1);

    // And a STOP from a number no caller has is answered exactly alike (no oracle)
    String stranger = "+3462" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
    var other = fx.smsInbound(Map.of("From", stranger, "Body", "STOP", "MessageSid", "SM" + fx.run + "other"));
    assertThat(other.statusCode()).isEqualTo(answer.statusCode());
    assertThat(other.body()).isEqualTo(answer.body());
    assertNoNumberInLogsOrTopics(stranger);
  }

  @Test
  void noPhoneOrNoCaringMessageWantedSendsNothingAndACancelledFollowUpIsNotSent() {
    // Given a notifier with the deployment's keys
    fx.start(fx.config(callerEnv()));
    String requestId = "req-" + fx.run;
    // When a follow-up falls due for a caller whose contact has an email only
    FollowUpDue noPhone = due(requestId, "en", contact(requestId, null, true), true);
    fx.produce(Topics.FOLLOW_UPS, requestId, noPhone);
    // Then nothing is sent, and a delivery event says why, without any caller detail
    await().atMost(Duration.ofSeconds(20)).until(() ->
        !fx.tap.deliveries(DeliveryFailed.class, f -> f.offerId().equals(noPhone.followUpId())).isEmpty());
    DeliveryFailed failed = fx.tap.deliveries(DeliveryFailed.class, f -> f.offerId().equals(noPhone.followUpId())).get(0);
    assertThat(failed.reason()).isEqualTo("no phone in the caller contact");
    assertThat(failed.permanent()).isTrue();
    assertThat(sendsOf(noPhone.followUpId())).isEmpty();
    // ... and no attempt is reported: nothing was tried
    assertThat(fx.tap.deliveries(org.crisisline.events.DeliveryAttempted.class,
        a -> a.offerId().equals(noPhone.followUpId()))).isEmpty();
    await().atMost(Duration.ofSeconds(5)).until(() -> fx.tap.latest(noPhone.followUpId(), DeliveryChannel.SMS) != null
        && "FAILED".equals(fx.tap.latest(noPhone.followUpId(), DeliveryChannel.SMS).state()));

    // When the policy wants no caring message, or the follow-up is cancelled before it goes out
    FollowUpDue unwanted = due(requestId, "en", contact(requestId, phone, true), false);
    fx.produce(Topics.FOLLOW_UPS, requestId, unwanted);
    fx.sms.resetMappings(); // the provider is unreachable for a moment: the message waits to be retried
    fx.smsAnswers(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(503));
    FollowUpDue cancelled = due(requestId, "en", contact(requestId, phone, true), true);
    fx.produce(Topics.FOLLOW_UPS, requestId, cancelled);
    await().atMost(Duration.ofSeconds(10)).until(() -> !sendsOf(cancelled.followUpId()).isEmpty());
    fx.produce(Topics.FOLLOW_UPS, requestId, new FollowUpCancelled(Ids.newId(), Instant.now(), requestId,
        cancelled.followUpId(), FollowUpCancelReason.CONSENT_WITHDRAWN, null));
    // Then the unwanted one is never sent and the cancelled one stops retrying
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.tap.latest(cancelled.followUpId(), DeliveryChannel.SMS) != null
        && "STOPPED".equals(fx.tap.latest(cancelled.followUpId(), DeliveryChannel.SMS).state()));
    int tried = sendsOf(cancelled.followUpId()).size();
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
        .until(() -> sendsOf(cancelled.followUpId()).size() == tried && sendsOf(unwanted.followUpId()).isEmpty());
    assertNoNumberInLogsOrTopics();
  }

  @Test
  void aNotifierKilledMinus9AfterTheCaringSmsDoesNotSendItAgainAndSendsWhatFellDueMeanwhileOnce() throws Exception {
    // Given a notifier in a process of its own that has sent a caller their caring message
    Map<String, String> env = new java.util.HashMap<>(fx.env(callerEnv()));
    env.put("CRISISLINE_KAFKA_INSTANCE_ID", "notifier-" + fx.run);
    Path childLog = Path.of("target", "notifier-caring-child-" + fx.run + ".log");
    String requestId = "req-" + fx.run;
    FollowUpDue first = due(requestId, "es", contact(requestId, phone, true), true);
    Process child = start(env, childLog);
    try {
      fx.produce(Topics.FOLLOW_UPS, requestId, first);
      await().atMost(Duration.ofSeconds(90)).until(() -> fx.smsTo(phone).size() == 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> settled(first.followUpId()));
    } finally {
      // When it is killed -9, and the next follow-up falls due while no notifier runs
      child.destroyForcibly().waitFor();
    }
    FollowUpDue second = due(requestId, "es", contact(requestId, phone, true), true);
    fx.produce(Topics.FOLLOW_UPS, requestId, second);
    fx.start(NotifierConfig.fromEnv(env));

    // Then the restarted notifier sends the second once and never the first again
    await().atMost(Duration.ofSeconds(20)).until(() -> fx.smsTo(phone).size() == 2);
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> fx.smsTo(phone).size() == 2);
    assertThat(sendsOf(first.followUpId())).hasSize(1);
    assertThat(sendsOf(second.followUpId())).hasSize(1);
    // And the killed process's own log never held the number either
    assertThat(Files.readString(childLog)).isNotBlank().doesNotContain(phone.substring(1));
    assertNoNumberInLogsOrTopics();
  }

  private static Process start(Map<String, String> env, Path log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        NotifierApp.class.getName());
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    return pb.start();
  }

  private FollowUpDue due(String requestId, String language, Sealed contact, boolean caringMessage) {
    return new FollowUpDue(Ids.newId(), Instant.now(), requestId, "fu-" + Ids.newId(), 1, 1, "north", language,
        contact, caringMessage);
  }

  /** The caller's contact as intake seals it (field callerContact, bound to the request). */
  private Sealed contact(String requestId, String phone, boolean consent) {
    String json = "{\"phone\":" + (phone == null ? "null" : "\"" + phone + "\"")
        + ",\"email\":\"caller-" + fx.run + "@example.org\",\"consentToContact\":" + consent + "}";
    return cipher.seal("callerContact", requestId, json);
  }

  /** The ledger says the provider took it (SENT) or may have (UNKNOWN): either way it is never sent again. */
  private boolean settled(String followUpId) {
    var latest = fx.tap.latest(followUpId, DeliveryChannel.SMS);
    return latest != null && List.of("SENT", "UNKNOWN").contains(latest.state());
  }

  private List<ConsentWithdrawn> withdrawalsOf(String callerKey) {
    return fx.tap.withdrawals.stream().filter(w -> callerKey.equals(w.callerKey())).toList();
  }

  /** SMS requests whose status callback names {@code sendId}: what the provider was asked to send for it. */
  private List<LoggedRequest> sendsOf(String sendId) {
    return fx.sms.findAll(postRequestedFor(urlEqualTo(NotifierFixture.MESSAGES))).stream()
        .filter(r -> NotifierFixture.form(r.getBodyAsString()).getOrDefault("StatusCallback", "")
            .contains("offerId=" + sendId + "&"))
        .toList();
  }

  private List<LoggedRequest> confirmations(String sendId) {
    return sendsOf(sendId);
  }

  private void assertNoNumberInLogsOrTopics(String... others) {
    for (String number : concat(phone, others)) {
      String digits = number.substring(1);
      assertThat(logs.list).allSatisfy(e -> {
        String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
            : ThrowableProxyUtil.asString(e.getThrowableProxy()));
        assertThat(line).doesNotContain(digits);
      });
      assertThat(fx.tap.raw).allSatisfy(record -> assertThat(record).doesNotContain(digits));
    }
    assertThat(logs.list).isNotEmpty();
    assertThat(fx.tap.raw).isNotEmpty();
  }

  private static List<String> concat(String first, String... rest) {
    List<String> out = new java.util.ArrayList<>(List.of(rest));
    out.add(0, first);
    return out;
  }
}
