package org.crisisline.notifier.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.crisisline.events.CallerKeys;
import org.crisisline.events.FollowUpDue;
import org.crisisline.events.PiiCipher;
import org.crisisline.events.Sealed;
import org.junit.jupiter.api.Test;

/** The caller's phone, opened for the caring message only when it may be, and why not otherwise. */
class CallerContactsTest {
  private static final String PHONE = "+15035550177";
  private final PiiCipher cipher = PiiCipher.fromKeyring(PiiCipher.generateKeyring("k1"));
  private final CallerKeys key = CallerKeys.fromBase64(CallerKeys.generate());
  private final CallerContacts callers = new CallerContacts(cipher, List.of(key));

  @Test
  void aConsentingCallersPhoneOpensAndTheirLanguageIsRememberedByCallerKey() {
    CallerContacts.Opened opened = callers.phoneFor(due("req-1", "es", contact("req-1", PHONE, true)));
    assertThat(opened.phone()).isEqualTo(PHONE);
    assertThat(opened.toString()).doesNotContain("5035550177");
    assertThat(callers.languageOf(callers.keysOf(PHONE))).isEqualTo("es");
    assertThat(callers.languageOf(callers.keysOf("+15035550178"))).isNull();
  }

  @Test
  void withoutConsentAPhoneOrTheKeysNothingOpensAndTheReasonNamesNoValue() {
    assertThat(callers.phoneFor(due("req-1", "en", contact("req-1", PHONE, false))).whyNot())
        .isEqualTo("the caller did not consent to be contacted");
    assertThat(callers.phoneFor(due("req-1", "en", contact("req-1", null, true))).whyNot())
        .isEqualTo("no phone in the caller contact");
    assertThat(callers.phoneFor(due("req-1", "en", null)).whyNot()).isEqualTo("no caller contact on the follow-up");
    // A contact sealed for another request does not open under this one
    String moved = callers.phoneFor(due("req-2", "en", contact("req-1", PHONE, true))).whyNot();
    assertThat(moved).startsWith("cannot open sealed callerContact").doesNotContain("5035550177");
    // A notifier that could not act on a STOP sends no message that says "Reply STOP"
    assertThat(new CallerContacts(cipher, List.of()).phoneFor(due("req-1", "en", contact("req-1", PHONE, true)))
        .whyNot()).contains("CRISISLINE_CALLER_KEY");
    assertThat(new CallerContacts(null, List.of(key)).phoneFor(due("req-1", "en", contact("req-1", PHONE, true)))
        .whyNot()).contains("CRISISLINE_PII_KEY");
  }

  @Test
  void duringARotationAPhoneHasItsKeyUnderEachKeyCurrentFirst() {
    CallerKeys previous = CallerKeys.fromBase64(CallerKeys.generate());
    CallerContacts rotating = new CallerContacts(cipher, List.of(key, previous));
    assertThat(rotating.keysOf(PHONE)).containsExactly(key.of(PHONE), previous.of(PHONE));
  }

  private Sealed contact(String requestId, String phone, boolean consent) {
    return cipher.seal("callerContact", requestId, "{\"phone\":" + (phone == null ? "null" : "\"" + phone + "\"")
        + ",\"email\":null,\"consentToContact\":" + consent + "}");
  }

  private static FollowUpDue due(String requestId, String language, Sealed contact) {
    return new FollowUpDue("e1", Instant.parse("2026-11-28T09:00:00Z"), requestId, "fu-1", 1, 1, "north", language,
        contact, true);
  }
}
