package org.crisisline.notifier.send;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;
import io.vertx.ext.mail.StartTLSOptions;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import org.crisisline.notifier.NotifierConfig;
import org.crisisline.notifier.domain.ProviderResult;

/**
 * Email over SMTP with the Vert.x mail client: STARTTLS DISABLED/OPTIONAL/REQUIRED, login when a
 * username is set. Headers X-Crisisline-Offer-Id and X-Crisisline-Recipient-Id let the dev outbox
 * (and support staff) tie a message to its offer without reading it. No pooled connections are
 * kept: a stale one after the server restarted would fail in a way that looks ambiguous.
 */
public final class EmailSender implements AutoCloseable {
  public static final String OFFER_HEADER = "X-Crisisline-Offer-Id";
  public static final String RECIPIENT_HEADER = "X-Crisisline-Recipient-Id";

  private final MailClient client;
  private final String from;

  public EmailSender(Vertx vertx, NotifierConfig.Smtp smtp, Duration timeout) {
    MailConfig config = new MailConfig()
        .setHostname(smtp.host())
        .setPort(smtp.port())
        .setStarttls(StartTLSOptions.valueOf(smtp.starttls()))
        .setKeepAlive(false)
        .setConnectTimeout((int) Math.min(timeout.toMillis(), 5_000));
    config.setIdleTimeout((int) Math.max(1, timeout.toSeconds()));
    if (smtp.username() != null) {
      config.setLogin(LoginOption.REQUIRED).setUsername(smtp.username()).setPassword(smtp.password());
    } else {
      config.setLogin(LoginOption.DISABLED);
    }
    this.client = MailClient.create(vertx, config);
    this.from = smtp.from();
  }

  public Future<ProviderResult> send(String to, String subject, String text, String offerId, String recipientId) {
    MailMessage message = new MailMessage()
        .setFrom(from)
        .setTo(to)
        .setSubject(subject)
        .setText(text)
        .setHeaders(MultiMap.caseInsensitiveMultiMap()
            .add(OFFER_HEADER, offerId)
            .add(RECIPIENT_HEADER, recipientId));
    return client.sendMail(message)
        .map(result -> ProviderResult.accepted(result.getMessageID(), "accepted"))
        .recover(error -> Future.succeededFuture(classify(error)));
  }

  static ProviderResult classify(Throwable error) {
    if (error instanceof SMTPException smtp && smtp.getReplyCode() > 0) {
      return ProviderResult.fromSmtpReply(smtp.getReplyCode());
    }
    if (error instanceof ConnectException || error instanceof UnknownHostException
        || error.getClass().getName().endsWith("ConnectTimeoutException")) {
      return ProviderResult.transientFailure("SMTP unreachable: " + error.getClass().getSimpleName(), null);
    }
    return ProviderResult.ambiguous("SMTP gave no answer: " + error.getClass().getSimpleName());
  }

  @Override
  public void close() {
    client.close();
  }
}
