package org.crisisline.localstack;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.crisisline.smssink.OutboxMessage;

/**
 * A real SMTP server in-JVM (GreenMail) on {@code SMTP_PORT}, accepting every message without
 * authentication, and the view of what it received as {@link OutboxMessage}s: the offer and
 * recipient come from the {@code X-Crisisline-Offer-Id} / {@code X-Crisisline-Recipient-Id} headers.
 */
public final class MailCatcher implements AutoCloseable {
  public static final String OFFER_HEADER = "X-Crisisline-Offer-Id";
  public static final String RECIPIENT_HEADER = "X-Crisisline-Recipient-Id";

  private final GreenMail greenMail;

  /** Port 0 picks a free port; see {@link #port()}. */
  public MailCatcher(int port) {
    ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
    greenMail = new GreenMail(port == 0 ? setup.dynamicPort() : setup);
    greenMail.start();
  }

  public int port() {
    return greenMail.getSmtp().getPort();
  }

  public GreenMail greenMail() {
    return greenMail;
  }

  public List<OutboxMessage> messages() {
    List<OutboxMessage> out = new ArrayList<>();
    for (MimeMessage m : greenMail.getReceivedMessages()) {
      out.add(toOutbox(m));
    }
    return out;
  }

  @Override
  public void close() {
    greenMail.stop();
  }

  static OutboxMessage toOutbox(MimeMessage m) {
    try {
      Address[] to = m.getRecipients(Message.RecipientType.TO);
      Instant at = m.getReceivedDate() != null ? m.getReceivedDate().toInstant()
          : m.getSentDate() != null ? m.getSentDate().toInstant() : Instant.now();
      return new OutboxMessage("EMAIL",
          to == null ? null : Arrays.stream(to).map(Address::toString).collect(Collectors.joining(", ")),
          m.getSubject(), text(m.getContent()), m.getHeader(OFFER_HEADER, null),
          m.getHeader(RECIPIENT_HEADER, null), at);
    } catch (MessagingException | IOException e) {
      return new OutboxMessage("EMAIL", null, "(unreadable message)", e.getMessage(), null, null, Instant.now());
    }
  }

  /** The text/plain part when there is one (HTML otherwise), so the outbox shows readable text. */
  private static String text(Object content) throws MessagingException, IOException {
    if (content instanceof String s) {
      return s;
    }
    if (content instanceof Multipart mp) {
      String fallback = null;
      for (int i = 0; i < mp.getCount(); i++) {
        BodyPart part = mp.getBodyPart(i);
        if (part.isMimeType("text/plain")) {
          return String.valueOf(part.getContent());
        }
        if (part.isMimeType("multipart/*")) {
          String nested = text(part.getContent());
          if (nested != null) {
            return nested;
          }
        }
        if (fallback == null && part.isMimeType("text/html")) {
          fallback = String.valueOf(part.getContent());
        }
      }
      return fallback;
    }
    return content == null ? null : content.toString();
  }
}
