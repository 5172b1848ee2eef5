package org.crisisline.notifier.domain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crisisline.events.OfferMade;

/**
 * Renders the handoff from the template files on the classpath ({@code templates/sms.txt},
 * {@code email-subject.txt}, {@code email-body.txt} and their {@code referral-} variants).
 * Only what {@link OfferMade} carries goes in, so no caller detail can: urgency, need or
 * referral kind, language, region, offer code, expiry (UTC) and the signed link (for a referral:
 * the service's answer link and the date it expires). The SMS is
 * kept to the GSM-7 alphabet and, link included, to one 160-character SMS where it can be:
 * when {@code sms.txt} renders longer, the terser {@code sms-short.txt} is used instead.
 */
public final class MessageComposer {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");
  private static final DateTimeFormatter EXPIRY =
      DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
  /** A referral link lives for days, so its expiry names the date. */
  private static final DateTimeFormatter LINK_EXPIRY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** The three texts of one handoff. */
  public record Handoff(String smsBody, String emailSubject, String emailBody) {}

  private final Map<String, String> templates;

  public MessageComposer() {
    this.templates = Map.of(
        "sms", load("sms.txt"), "sms-short", load("sms-short.txt"),
        "subject", load("email-subject.txt"), "body", load("email-body.txt"),
        "referral-sms", load("referral-sms.txt"), "referral-subject", load("referral-email-subject.txt"),
        "referral-body", load("referral-email-body.txt"));
  }

  public Handoff compose(OfferMade offer, String link) {
    return compose(offer, link, offer.expiresAt());
  }

  /**
   * A handoff whose link expires at {@code linkExpiry}: a referral's link (the service answers
   * and later records the outcome with it) outlives the offer, which has no expiry of its own.
   */
  public Handoff compose(OfferMade offer, String link, Instant linkExpiry) {
    Map<String, String> values = Map.of(
        "urgency", words(offer.urgency() == null ? null : offer.urgency().name()).toUpperCase(Locale.ROOT),
        "need", offer.isReferral() && offer.referralKind() != null
            ? words(offer.referralKind().name()) : words(offer.need() == null ? null : offer.need().name()),
        "language", orDash(offer.language()),
        "region", orDash(offer.region()),
        "code", orDash(offer.offerCode()),
        "expiry", offer.isReferral()
            ? (linkExpiry == null ? "-" : LINK_EXPIRY.format(linkExpiry))
            : offer.expiresAt() == null ? "-" : EXPIRY.format(offer.expiresAt()),
        "link", link);
    String prefix = offer.isReferral() ? "referral-" : "";
    return new Handoff(
        sms(prefix, values),
        render(templates.get(prefix + "subject"), values).replaceAll("[\r\n]+", " ").trim(),
        render(templates.get(prefix + "body"), values));
  }

  private String sms(String prefix, Map<String, String> values) {
    String sms = Gsm7.sanitize(render(templates.get(prefix + "sms"), values));
    String terser = templates.get(prefix + "sms-short");
    // A second segment costs money and, on some phones, arrives split or out of order.
    if (terser != null && Gsm7.septets(sms) > Gsm7.SINGLE_SMS) {
      return Gsm7.sanitize(render(terser, values));
    }
    return sms;
  }

  /** The SMS text without its link line: what must fit one 160-character SMS. */
  public static String withoutLink(String smsBody, String link) {
    return smsBody.replace(link, "").strip();
  }

  static String render(String template, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalStateException("template names unknown field {{" + m.group(1) + "}}");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString().strip();
  }

  static String words(String enumName) {
    return enumName == null ? "-" : enumName.toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  static String orDash(String s) {
    return s == null || s.isBlank() ? "-" : s;
  }

  static String load(String name) {
    String path = "templates/" + name;
    try (InputStream in = MessageComposer.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing template " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read template " + path, e);
    }
  }
}
