package org.crisisline.events;

/**
 * A PII value encrypted with AES-GCM. {@code keyId} names the key so keys can rotate;
 * {@code data} is base64 of nonce followed by ciphertext and tag. See {@link PiiCipher}.
 */
public record Sealed(String keyId, String data) {
  @Override
  public String toString() {
    // Never print ciphertext either: it is still a person's data under a key.
    return "Sealed[keyId=" + keyId + "]";
  }
}
