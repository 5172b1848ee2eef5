package org.crisisline.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals caller PII with AES-256-GCM before it reaches any topic. Seals with the current key;
 * opens with whichever key the {@link Sealed#keyId()} names, so old records stay readable
 * after a rotation. The field name and the requestId are bound as associated data, so a sealed
 * phone number cannot be replayed as a sealed note, nor a sealed note moved to another request.
 *
 * <p>Blob format ({@link Sealed#data()}): {@code v2.} + base64(nonce | ciphertext | tag) with
 * associated data {@code "v2" NUL field NUL requestId}. Blobs without the prefix were sealed
 * before the requestId was bound (associated data: the field name alone); they still open, for
 * the request they are read under, until their key is retired.
 *
 * <p>Keyring format ({@code CRISISLINE_PII_KEY}): {@code id:base64key[,id:base64key...]}, the
 * first entry is current.
 *
 * <p>Since requests carry their own data key ({@link DataKeys}), the keyring mostly wraps those
 * keys ({@link #wrapDataKey}); sealing a field directly with it ({@code v2.}) remains for values of
 * requests logged before, and for readers of old records.
 */
public final class PiiCipher {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Prefix of blobs whose associated data binds field and requestId (base64 has no '.'). */
  private static final String V2 = "v2.";
  /** Prefix of a data key wrapped by a keyring key ({@link #wrapDataKey}). */
  private static final String WRAPPED = "dk1.";

  private final String currentKeyId;
  private final Map<String, SecretKeySpec> keys;

  private PiiCipher(String currentKeyId, Map<String, SecretKeySpec> keys) {
    this.currentKeyId = currentKeyId;
    this.keys = keys;
  }

  /** Parses a keyring spec; throws IllegalArgumentException without echoing key material. */
  public static PiiCipher fromKeyring(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("PII keyring is empty");
    }
    Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    String current = null;
    for (String entry : spec.split(",")) {
      int colon = entry.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("PII keyring entry must be id:base64key");
      }
      String id = entry.substring(0, colon).trim();
      if (id.equals(DataKeys.SCHEME)) {
        throw new IllegalArgumentException("PII key id " + id + " is reserved for per-request data keys");
      }
      byte[] raw;
      try {
        raw = Base64.getDecoder().decode(entry.substring(colon + 1).trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("PII key " + id + " is not base64");
      }
      if (raw.length != 32) {
        throw new IllegalArgumentException("PII key " + id + " must be 32 bytes (AES-256)");
      }
      keys.put(id, new SecretKeySpec(raw, "AES"));
      if (current == null) {
        current = id;
      }
    }
    return new PiiCipher(current, Map.copyOf(keys));
  }

  /** A fresh random key in keyring form, for local runs and tests. */
  public static String generateKeyring(String keyId) {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    return keyId + ":" + Base64.getEncoder().encodeToString(raw);
  }

  public String currentKeyId() {
    return currentKeyId;
  }

  /** Seals {@code plaintext} for {@code field} of request {@code requestId}; null stays null. */
  public Sealed seal(String field, String requestId, String plaintext) {
    if (plaintext == null) {
      return null;
    }
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(boundTo(field, requestId));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      ByteBuffer out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed);
      return new Sealed(currentKeyId, V2 + Base64.getEncoder().encodeToString(out.array()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot seal " + field, e);
    }
  }

  /**
   * Opens a value sealed for {@code field} of request {@code requestId}. Throws
   * IllegalStateException, naming no value, when the key is gone or the blob was sealed for
   * another field or another request.
   */
  public String open(String field, String requestId, Sealed sealed) {
    if (sealed == null) {
      return null;
    }
    SecretKeySpec key = keys.get(sealed.keyId());
    if (key == null) {
      throw new IllegalStateException("no PII key with id " + sealed.keyId());
    }
    try {
      boolean v2 = sealed.data().startsWith(V2);
      byte[] all = Base64.getDecoder().decode(v2 ? sealed.data().substring(V2.length()) : sealed.data());
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
      // Unprefixed blobs predate the requestId binding: their associated data is the field alone.
      cipher.updateAAD(v2 ? boundTo(field, requestId) : field.getBytes(StandardCharsets.UTF_8));
      byte[] plain = cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
      throw new IllegalStateException("cannot open sealed " + field + " (key " + sealed.keyId() + ")");
    }
  }

  /**
   * Wraps a request's data key with the current keyring key; the requestId is bound as associated
   * data, so a wrapped key cannot be presented as another request's.
   */
  public Sealed wrapDataKey(String requestId, byte[] dataKey) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(wrapBinding(requestId));
      byte[] sealed = cipher.doFinal(dataKey);
      ByteBuffer out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed);
      return new Sealed(currentKeyId, WRAPPED + Base64.getEncoder().encodeToString(out.array()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot wrap a data key", e);
    }
  }

  /**
   * Unwraps a data key with the keyring key its wrapper names (so keys wrapped before a rotation
   * still open while their key stays in the ring). Throws IllegalStateException, naming no value,
   * when that key is gone or the wrapped key belongs to another request.
   */
  public byte[] unwrapDataKey(String requestId, Sealed wrapped) {
    SecretKeySpec key = keys.get(wrapped.keyId());
    if (key == null) {
      throw new IllegalStateException("no PII key with id " + wrapped.keyId());
    }
    if (!wrapped.data().startsWith(WRAPPED)) {
      throw new IllegalStateException("not a wrapped data key (key " + wrapped.keyId() + ")");
    }
    try {
      byte[] all = Base64.getDecoder().decode(wrapped.data().substring(WRAPPED.length()));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
      cipher.updateAAD(wrapBinding(requestId));
      return cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot unwrap the data key (key " + wrapped.keyId() + ")");
    }
  }

  private static byte[] wrapBinding(String requestId) {
    if (requestId == null || requestId.isEmpty()) {
      throw new IllegalArgumentException("a data key is bound to a requestId");
    }
    return ("dk1\0data-key\0" + requestId).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] boundTo(String field, String requestId) {
    if (requestId == null || requestId.isEmpty()) {
      throw new IllegalArgumentException("a sealed value is bound to a requestId");
    }
    return ("v2\0" + field + "\0" + requestId).getBytes(StandardCharsets.UTF_8);
  }
}
