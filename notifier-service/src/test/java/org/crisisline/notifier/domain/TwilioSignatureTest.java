package org.crisisline.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TwilioSignatureTest {
  private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
  private static final Map<String, List<String>> PARAMS = Map.of(
      "CallSid", List.of("CA1234567890ABCDE"), "Caller", List.of("+12349013030"), "Digits", List.of("1234"),
      "From", List.of("+12349013030"), "To", List.of("+18005551212"));

  @Test
  void computesTheSignatureOfTwiliosDocumentedExample() {
    // Given Twilio's documented example (auth token 12345)
    // When signed
    // Then it matches the documented signature
    assertThat(TwilioSignature.compute("12345", URL, PARAMS)).isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
  }

  @Test
  void acceptsTheRightSignatureAndRejectsAForgedOrMissingOne() {
    String good = TwilioSignature.compute("secret-token", URL, PARAMS);
    assertThat(TwilioSignature.verify("secret-token", URL, PARAMS, good)).isTrue();
    assertThat(TwilioSignature.verify("other-token", URL, PARAMS, good)).isFalse();
    assertThat(TwilioSignature.verify("secret-token", URL + "&x=1", PARAMS, good)).isFalse();
    assertThat(TwilioSignature.verify("secret-token", URL, Map.of("Body", List.of("YES ABC123")), good)).isFalse();
    assertThat(TwilioSignature.verify("secret-token", URL, PARAMS, null)).isFalse();
    assertThat(TwilioSignature.verify("secret-token", URL, PARAMS, "")).isFalse();
  }
}
