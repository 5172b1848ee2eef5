package org.crisisline.notifier.send;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.crisisline.events.ConsentWithdrawn;
import org.crisisline.events.Ids;
import org.crisisline.notifier.NotifierMetrics;
import org.crisisline.notifier.domain.CallerPhones;
import org.crisisline.notifier.domain.Notice;
import org.crisisline.notifier.domain.OptOutWords;
import org.crisisline.notifier.domain.StopConfirmationNotice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An opt-out word ({@link OptOutWords}) texted to the inbound webhook (signature already checked):
 * the sender's number, in E.164, becomes its caller key under each configured key
 * ({@link CallerContacts}), and one {@link ConsentWithdrawn} per key goes to
 * {@code consent-withdrawals}; intake cancels the follow-ups of the requests with that key. Whether
 * any caller has it is not known here, so a known and an unknown number get the same answer (an
 * empty TwiML response) and the same confirmation SMS. Providers retry webhooks: the event id and
 * the confirmation's send id derive from the provider's message id, so a retry writes the same event
 * and the ledger lets the confirmation go out once. The number is never logged nor written.
 */
public final class SmsOptOuts {
  private static final Logger LOG = LoggerFactory.getLogger(SmsOptOuts.class);
  /** The answer to every opt-out: nothing in the TwiML, the confirmation is a send of its own. */
  static final SmsReplies.ReplyOutcome SILENT = new SmsReplies.ReplyOutcome(true, null);
  static final String VIA = "SMS";
  static final String SOURCE = "sms-inbound";

  private final Function<ConsentWithdrawn, Future<Void>> withdrawals;
  private final BiConsumer<Notice, String> sends;
  private final CallerContacts callers;
  private final NotifierMetrics metrics;
  private final Clock clock;
  private final RecentIds seen = new RecentIds(10_000);

  /** {@code sends}: the dispatcher's submit (notice, source). */
  public SmsOptOuts(Function<ConsentWithdrawn, Future<Void>> withdrawals, BiConsumer<Notice, String> sends,
      CallerContacts callers, NotifierMetrics metrics, Clock clock) {
    this.withdrawals = withdrawals;
    this.sends = sends;
    this.callers = callers;
    this.metrics = metrics;
    this.clock = clock;
  }

  Future<SmsReplies.ReplyOutcome> inbound(String messageSid, String from) {
    String phone = CallerPhones.e164(from);
    if (phone == null) {
      metrics.callback("sms-inbound", "opt-out-unusable");
      return Future.succeededFuture(SILENT);
    }
    if (!callers.canRecogniseCallers()) {
      metrics.callback("sms-inbound", "opt-out-unconfigured");
      LOG.warn("an opt-out arrived but CRISISLINE_CALLER_KEY is not set: it cannot be recorded");
      return Future.succeededFuture(SILENT);
    }
    String key = messageSid != null && !messageSid.isBlank() ? messageSid : null;
    if (key != null && !seen.add(key)) {
      return Future.succeededFuture(SILENT);
    }
    Instant now = clock.instant();
    List<String> callerKeys = callers.keysOf(phone);
    List<Future<Void>> written = new ArrayList<>();
    for (int i = 0; i < callerKeys.size(); i++) {
      String eventId = key != null
          ? UUID.nameUUIDFromBytes(("consent-withdrawn:" + i + ":" + key).getBytes(StandardCharsets.UTF_8)).toString()
          : Ids.newId();
      written.add(withdrawals.apply(new ConsentWithdrawn(eventId, now, callerKeys.get(i), VIA)));
    }
    metrics.callback("sms-inbound", "opt-out");
    return Future.all(written).map(v -> {
      String sendId = key != null ? StopConfirmationNotice.sendIdOf(key) : Ids.newId();
      LOG.info("opt-out recorded ({} consent-withdrawals); confirmation {}", written.size(), sendId);
      sends.accept(new StopConfirmationNotice(sendId, callerKeys.get(0), phone, callers.languageOf(callerKeys), now),
          SOURCE);
      return SILENT;
    }).onFailure(e -> {
      if (key != null) {
        seen.remove(key);
      }
    });
  }
}
