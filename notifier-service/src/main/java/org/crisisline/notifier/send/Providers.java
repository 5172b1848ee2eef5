package org.crisisline.notifier.send;

import io.vertx.core.Future;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.notifier.domain.ProviderResult;

/**
 * One attempt of one leg at its provider: SMS (with a status callback URL naming the send id as
 * {@code offerId}, the channel, recipient and request, under {@code callbackBase}) or email (the
 * send id in its offer header). Offers, pages and all-clears alike: the provider-side count of the
 * reliability run ({@code duplicate_sends}) reads the send id from exactly these two places.
 */
public final class Providers {
  private final SmsSender sms;
  private final EmailSender email;
  private final String callbackBase;

  public Providers(SmsSender sms, EmailSender email, String callbackBase) {
    this.sms = sms;
    this.email = email;
    this.callbackBase = callbackBase;
  }

  Future<ProviderResult> send(Job job, Job.Leg leg) {
    if (leg.channel() == DeliveryChannel.SMS) {
      String callback = callbackBase + "/api/v1/sms/status?offerId=" + enc(job.sendId())
          + "&channel=SMS&recipientId=" + enc(job.recipientId()) + "&requestId=" + enc(job.notice.requestId());
      return sms.send(leg.target.address(), job.handoff.smsBody(), callback);
    }
    return email.send(leg.target.address(), job.handoff.emailSubject(), job.handoff.emailBody(),
        job.sendId(), job.recipientId());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
  }
}
