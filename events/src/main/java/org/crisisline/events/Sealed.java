package org.crisisline.events;

/**
 * A PII value encrypted with AES-GCM. {@code keyId} names the key so keys can rotate;
 * {@code data} is a version prefix and base64 of nonce, ciphertext and tag; see {@link PiiCipher}
 * for the format and what the associated data binds.
 */
public record Sealed(String keyId, String data) {
  @Override
  public String toString() {
    // Never print ciphertext either: it is still a person's data under a key.
    return "Sealed[keyId=" + keyId + "]";
  }
}
