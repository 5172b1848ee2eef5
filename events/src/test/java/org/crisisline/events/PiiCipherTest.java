package org.crisisline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class PiiCipherTest {

  @Test
  void sealedValueOpensAndDoesNotContainThePlaintext() {
    PiiCipher cipher = PiiCipher.fromKeyring(PiiCipher.generateKeyring("k1"));

    Sealed sealed = cipher.seal("summary", "req-1", "feels unsafe tonight");

    assertThat(sealed.keyId()).isEqualTo("k1");
    assertThat(sealed.data()).doesNotContain("unsafe");
    assertThat(sealed.toString()).doesNotContain(sealed.data());
    assertThat(cipher.open("summary", "req-1", sealed)).isEqualTo("feels unsafe tonight");
  }

  @Test
  void oldRecordsStayReadableAfterRotation() {
    String oldRing = PiiCipher.generateKeyring("k1");
    Sealed old = PiiCipher.fromKeyring(oldRing).seal("summary", "req-1", "note");

    PiiCipher rotated = PiiCipher.fromKeyring(PiiCipher.generateKeyring("k2") + "," + oldRing);

    assertThat(rotated.currentKeyId()).isEqualTo("k2");
    assertThat(rotated.open("summary", "req-1", old)).isEqualTo("note");
    assertThat(rotated.seal("summary", "req-1", "new").keyId()).isEqualTo("k2");
  }

  @Test
  void aValueSealedForOneFieldCannotBeOpenedAsAnother() {
    PiiCipher cipher = PiiCipher.fromKeyring(PiiCipher.generateKeyring("k1"));
    Sealed phone = cipher.seal("callerContact", "req-1", "+15035550100");

    assertThatThrownBy(() -> cipher.open("summary", "req-1", phone))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageNotContaining("+1503");
  }

  @Test
  void sealedNoteCannotBeMovedToAnotherRequest() {
    // Given a note sealed for one request
    PiiCipher cipher = PiiCipher.fromKeyring(PiiCipher.generateKeyring("k1"));
    Sealed note = cipher.seal("note", "req-1", "talked about the bridge again");

    // When someone copies the blob into another request's record, it does not open there
    assertThatThrownBy(() -> cipher.open("note", "req-2", note))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageNotContaining("bridge");
    assertThatThrownBy(() -> cipher.open("note", null, note)).isInstanceOf(IllegalStateException.class);
    assertThat(cipher.open("note", "req-1", note)).isEqualTo("talked about the bridge again");
  }

  @Test
  void valuesSealedBeforeTheRequestIdWasBoundStillOpenAfterRotation() {
    // Given a summary sealed the old way (associated data: the field name alone)
    String oldRing = PiiCipher.generateKeyring("k1");
    Sealed legacy = legacySeal(oldRing, "summary", "feels unsafe tonight");

    // When the key rotates, the old blob still opens, and only as the field it was sealed for
    PiiCipher rotated = PiiCipher.fromKeyring(PiiCipher.generateKeyring("k2") + "," + oldRing);
    assertThat(rotated.open("summary", "req-1", legacy)).isEqualTo("feels unsafe tonight");
    assertThatThrownBy(() -> rotated.open("callerContact", "req-1", legacy)).isInstanceOf(IllegalStateException.class);

    // And new seals use the bound format, which the legacy reading does not accept
    Sealed fresh = rotated.seal("summary", "req-1", "x");
    assertThat(fresh.data()).startsWith("v2.");
    Sealed stripped = new Sealed(fresh.keyId(), fresh.data().substring(3));
    assertThatThrownBy(() -> rotated.open("summary", "req-1", stripped)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void badKeyringsAreRefusedWithoutEchoingKeys() {
    assertThatThrownBy(() -> PiiCipher.fromKeyring("k1:c2hvcnQ=")).hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> PiiCipher.fromKeyring("nokey")).hasMessageContaining("id:base64key");
    assertThatThrownBy(() -> PiiCipher.fromKeyring("")).hasMessageContaining("empty");
  }

  /** The blob format before the requestId was bound: no prefix, field name as associated data. */
  private static Sealed legacySeal(String keyring, String field, String plaintext) {
    try {
      String[] entry = keyring.split(":", 2);
      byte[] nonce = new byte[12];
      new SecureRandom().nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(entry[1]), "AES"),
          new GCMParameterSpec(128, nonce));
      cipher.updateAAD(field.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      return new Sealed(entry[0], Base64.getEncoder().encodeToString(
          ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array()));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
