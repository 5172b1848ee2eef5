package org.crisisline.notifier.send;

import io.vertx.core.Future;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.notifier.domain.CaringNotice;
import org.crisisline.notifier.domain.ProviderResult;
import org.crisisline.notifier.domain.StopConfirmationNotice;

/**
 * One attempt of one leg at its provider: SMS (with a status callback URL naming the send id as
 * {@code offerId}, the channel, recipient and request, under {@code callbackBase}) or email (the
 * send id in its offer header). Offers, pages and all-clears alike: the provider-side count of the
 * reliability run ({@code duplicate_sends}) reads the send id from exactly these two places.
 * A caller's number is not in the job: a caring message's is opened here, at the call, from the
 * sealed contact ({@link CallerContacts}); an opt-out confirmation's is held by its notice.
 */
public final class Providers {
  private final SmsSender sms;
  private final EmailSender email;
  private final String callbackBase;
  private final CallerContacts callers;

  public Providers(SmsSender sms, EmailSender email, String callbackBase, CallerContacts callers) {
    this.sms = sms;
    this.email = email;
    this.callbackBase = callbackBase;
    this.callers = callers;
  }

  /**
   * Why this leg cannot go out at all, asked before it is claimed, so that nothing is attempted: a
   * caring message whose caller has no phone, did not consent, or cannot be opened here.
   */
  Optional<String> unsendable(Job job, Job.Leg leg) {
    if (leg.channel() == DeliveryChannel.SMS && job.notice instanceof CaringNotice caring) {
      CallerContacts.Opened opened = callers.phoneFor(caring.due());
      return opened.phone() == null ? Optional.of(opened.whyNot()) : Optional.empty();
    }
    return Optional.empty();
  }

  Future<ProviderResult> send(Job job, Job.Leg leg) {
    if (leg.channel() == DeliveryChannel.SMS) {
      String to = leg.target.address();
      if (job.notice instanceof CaringNotice caring) {
        CallerContacts.Opened opened = callers.phoneFor(caring.due());
        if (opened.phone() == null) {
          return Future.succeededFuture(ProviderResult.permanent(opened.whyNot()));
        }
        to = opened.phone();
      } else if (job.notice instanceof StopConfirmationNotice confirmation) {
        to = confirmation.phone();
      }
      String callback = callbackBase + "/api/v1/sms/status?offerId=" + enc(job.sendId())
          + "&channel=SMS&recipientId=" + enc(job.recipientId()) + "&requestId=" + enc(job.notice.requestId());
      return sms.send(to, job.handoff.smsBody(), callback);
    }
    return email.send(leg.target.address(), job.handoff.emailSubject(), job.handoff.emailBody(),
        job.sendId(), job.recipientId());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
  }
}
