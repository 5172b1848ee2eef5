package org.crisisline.notifier.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crisisline.events.CallerKeys;
import org.crisisline.events.DataKeyWrapped;
import org.crisisline.events.DataKeys;
import org.crisisline.events.FollowUpDue;
import org.crisisline.events.PiiCipher;
import org.crisisline.events.Sealed;
import org.junit.jupiter.api.Test;

/** The caller's phone, opened for the caring message only when it may be, and why not otherwise. */
class CallerContactsTest {
  private static final String PHONE = "+15035550177";
  private final PiiCipher keyring = PiiCipher.fromKeyring(PiiCipher.generateKeyring("k1"));
  /** The wrapped data keys as the notifier's table holds them (intake writes them; erasure removes one). */
  private final Map<String, DataKeyWrapped> table = new HashMap<>();
  /** Intake's side: makes each request's data key and seals under it. */
  private final DataKeys intake = new DataKeys(keyring, id -> Optional.ofNullable(table.get(id)));
  /** The notifier's side: knows only what the table holds. */
  private final DataKeys cipher = new DataKeys(keyring, id -> Optional.ofNullable(table.get(id)));
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
    // A contact sealed for another request does not open under this one (which has a data key of its own)
    contact("req-2", PHONE, true);
    String moved = callers.phoneFor(due("req-2", "en", contact("req-1", PHONE, true))).whyNot();
    assertThat(moved).startsWith("cannot open sealed callerContact").doesNotContain("5035550177");
    // A notifier that could not act on a STOP sends no message that says "Reply STOP"
    assertThat(new CallerContacts(cipher, List.of()).phoneFor(due("req-1", "en", contact("req-1", PHONE, true)))
        .whyNot()).contains("CRISISLINE_CALLER_KEY");
    assertThat(new CallerContacts(null, List.of(key)).phoneFor(due("req-1", "en", contact("req-1", PHONE, true)))
        .whyNot()).contains("CRISISLINE_PII_KEY");
  }

  @Test
  void anErasedCallersContactOpensNoMoreAndTheReasonSaysSo() {
    Sealed sealed = contact("req-1", PHONE, true);
    assertThat(sealed.keyId()).isEqualTo(DataKeys.SCHEME);
    assertThat(callers.phoneFor(due("req-1", "en", sealed)).phone()).isEqualTo(PHONE);

    table.remove("req-1"); // the caller was erased: the request's data key is tombstoned

    CallerContacts.Opened opened = callers.phoneFor(due("req-1", "en", sealed));
    assertThat(opened.phone()).isNull();
    assertThat(opened.whyNot()).isEqualTo("the caller's data was erased");
  }

  @Test
  void aContactSealedBeforeDataKeysStillOpensWithTheKeyring() {
    Sealed legacy = keyring.seal("callerContact", "req-9", "{\"phone\":\"" + PHONE + "\",\"consentToContact\":true}");
    assertThat(callers.phoneFor(due("req-9", "en", legacy)).phone()).isEqualTo(PHONE);
  }

  @Test
  void duringARotationAPhoneHasItsKeyUnderEachKeyCurrentFirst() {
    CallerKeys previous = CallerKeys.fromBase64(CallerKeys.generate());
    CallerContacts rotating = new CallerContacts(cipher, List.of(key, previous));
    assertThat(rotating.keysOf(PHONE)).containsExactly(key.of(PHONE), previous.of(PHONE));
  }

  private Sealed contact(String requestId, String phone, boolean consent) {
    table.computeIfAbsent(requestId, id -> intake.create(id, Instant.parse("2026-11-28T08:00:00Z")));
    return intake.seal("callerContact", requestId, "{\"phone\":" + (phone == null ? "null" : "\"" + phone + "\"")
        + ",\"email\":null,\"consentToContact\":" + consent + "}");
  }

  private static FollowUpDue due(String requestId, String language, Sealed contact) {
    return new FollowUpDue("e1", Instant.parse("2026-11-28T09:00:00Z"), requestId, "fu-1", 1, 1, "north", language,
        contact, true);
  }
}
