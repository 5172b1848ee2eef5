package org.crisisline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PiiCipherTest {

  @Test
  void sealedValueOpensAndDoesNotContainThePlaintext() {
    PiiCipher cipher = PiiCipher.fromKeyring(PiiCipher.generateKeyring("k1"));

    Sealed sealed = cipher.seal("summary", "feels unsafe tonight");

    assertThat(sealed.keyId()).isEqualTo("k1");
    assertThat(sealed.data()).doesNotContain("unsafe");
    assertThat(sealed.toString()).doesNotContain(sealed.data());
    assertThat(cipher.open("summary", sealed)).isEqualTo("feels unsafe tonight");
  }

  @Test
  void oldRecordsStayReadableAfterRotation() {
    String oldRing = PiiCipher.generateKeyring("k1");
    Sealed old = PiiCipher.fromKeyring(oldRing).seal("summary", "note");

    PiiCipher rotated = PiiCipher.fromKeyring(PiiCipher.generateKeyring("k2") + "," + oldRing);

    assertThat(rotated.currentKeyId()).isEqualTo("k2");
    assertThat(rotated.open("summary", old)).isEqualTo("note");
    assertThat(rotated.seal("summary", "new").keyId()).isEqualTo("k2");
  }

  @Test
  void aValueSealedForOneFieldCannotBeOpenedAsAnother() {
    PiiCipher cipher = PiiCipher.fromKeyring(PiiCipher.generateKeyring("k1"));
    Sealed phone = cipher.seal("callerContact", "+15035550100");

    assertThatThrownBy(() -> cipher.open("summary", phone))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageNotContaining("+1503");
  }

  @Test
  void badKeyringsAreRefusedWithoutEchoingKeys() {
    assertThatThrownBy(() -> PiiCipher.fromKeyring("k1:c2hvcnQ=")).hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> PiiCipher.fromKeyring("nokey")).hasMessageContaining("id:base64key");
    assertThatThrownBy(() -> PiiCipher.fromKeyring("")).hasMessageContaining("empty");
  }
}
