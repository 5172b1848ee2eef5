package org.crisisline.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope encryption per request, so one caller's data can be erased by destroying keys
 * (crypto-shredding) while their records stay on the topics. Each request gets a random AES-256
 * data key when it is logged ({@link #create}); the keyring wraps it ({@link PiiCipher#wrapDataKey})
 * and it travels on the compacted {@code data-keys} topic, keyed by requestId. Every sealed field of
 * the request is sealed under it: {@link Sealed#keyId()} is {@link #SCHEME}, the blob is {@code v3.}
 * + base64(nonce | ciphertext | tag), associated data {@code "v3" NUL field NUL requestId}.
 *
 * <p>Opening a {@code v3} value looks its data key up in {@link Store} (the compacted topic, read
 * by key from disk, so memory does not grow with history) and unwraps it with the keyring key its
 * wrapper names: a key rotation leaves old data keys readable without re-wrapping. A missing data
 * key means the caller was erased: {@link DataErasedException}, distinct from a bad blob. Values
 * sealed before data keys ({@code v2.} and older, keyId a keyring id) still open with the keyring.
 */
public final class DataKeys {
  /** The {@link Sealed#keyId()} of values sealed under their request's data key; never a keyring id. */
  public static final String SCHEME = "request-key";
  private static final String V3 = "v3.";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Where the wrapped data keys are read by requestId; empty when there is none (erased, or never made). */
  @FunctionalInterface
  public interface Store {
    Optional<DataKeyWrapped> get(String requestId);
  }

  private final PiiCipher keyring;
  private final Store store;
  /**
   * Data keys this process just created, readable before its store has caught up with the topic
   * (a request is read back right after it is logged). Bounded: the store has them within moments.
   */
  private final Map<String, byte[]> fresh;
  /** Requests erased by this process, refused at once, before the tombstone reached the store. */
  private final Map<String, Boolean> erasedHere;
  private volatile Predicate<String> loggedBefore = requestId -> true;

  public DataKeys(PiiCipher keyring, Store store) {
    this(keyring, store, 10_000);
  }

  public DataKeys(PiiCipher keyring, Store store, int recentCapacity) {
    this.keyring = keyring;
    this.store = store;
    this.fresh = bounded(recentCapacity);
    this.erasedHere = bounded(recentCapacity);
  }

  /**
   * Tells requests logged before data keys existed (sealed with the keyring: their new values are too)
   * from requests whose data key is gone (erased: nothing new is sealed for them). Without it, every
   * request without a data key counts as logged before; the instance that erased one still refuses it.
   */
  public DataKeys loggedBeforeDataKeysWhen(Predicate<String> loggedBefore) {
    this.loggedBefore = loggedBefore;
    return this;
  }

  /** True when {@code request}'s fields are sealed under its own data key. */
  public static boolean enveloped(HelpRequestLogged request) {
    return isEnveloped(request.summary()) || isEnveloped(request.callerContact());
  }

  /** The keyring that wraps the data keys (and opens values sealed before them). */
  public PiiCipher keyring() {
    return keyring;
  }

  /**
   * A new data key for {@code requestId}, wrapped for {@code data-keys}. The caller writes it in the
   * same transaction as the request; this process can use it at once.
   */
  public DataKeyWrapped create(String requestId, Instant now) {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    fresh.put(requestId, raw);
    return new DataKeyWrapped(Ids.newId(), now, requestId, keyring.wrapDataKey(requestId, raw));
  }

  /**
   * Seals {@code plaintext} for {@code field} of {@code requestId} under the request's data key; null
   * stays null. A request logged before data keys (none was ever made) is sealed with the keyring; a
   * request this process erased is refused with {@link DataErasedException}.
   */
  public Sealed seal(String field, String requestId, String plaintext) {
    if (plaintext == null) {
      return null;
    }
    byte[] key = dataKey(requestId);
    if (key == null) {
      if (erasedHere.containsKey(requestId) || !loggedBefore.test(requestId)) {
        throw new DataErasedException(requestId);
      }
      return keyring.seal(field, requestId, plaintext);
    }
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(boundTo(field, requestId));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      ByteBuffer out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed);
      return new Sealed(SCHEME, V3 + Base64.getEncoder().encodeToString(out.array()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot seal " + field, e);
    }
  }

  /**
   * Opens a value sealed for {@code field} of {@code requestId}. Throws {@link DataErasedException}
   * when it was sealed under a data key that is gone, and IllegalStateException, naming no value,
   * when it cannot be opened for any other reason (a retired keyring key, another field or request).
   */
  public String open(String field, String requestId, Sealed sealed) {
    if (sealed == null) {
      return null;
    }
    if (!SCHEME.equals(sealed.keyId())) {
      return keyring.open(field, requestId, sealed);
    }
    byte[] key = dataKey(requestId);
    if (key == null) {
      throw new DataErasedException(requestId);
    }
    if (!sealed.data().startsWith(V3)) {
      throw new IllegalStateException("cannot open sealed " + field + " (not a " + SCHEME + " value)");
    }
    try {
      byte[] all = Base64.getDecoder().decode(sealed.data().substring(V3.length()));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
      cipher.updateAAD(boundTo(field, requestId));
      return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot open sealed " + field + " (key " + SCHEME + ")");
    }
  }

  /**
   * True when {@code request} was sealed under a data key that is gone: its caller was erased. A
   * request logged before data keys is never erased this way.
   */
  public boolean erased(HelpRequestLogged request) {
    return enveloped(request) && dataKey(request.requestId()) == null;
  }

  /** This process erased {@code requestId}: refuse its values now, before the tombstone is read back. */
  public void erasedNow(String requestId) {
    fresh.remove(requestId);
    erasedHere.put(requestId, Boolean.TRUE);
  }

  private static boolean isEnveloped(Sealed sealed) {
    return sealed != null && SCHEME.equals(sealed.keyId());
  }

  private byte[] dataKey(String requestId) {
    if (erasedHere.containsKey(requestId)) {
      return null;
    }
    byte[] recent = fresh.get(requestId);
    if (recent != null) {
      return recent;
    }
    return store.get(requestId).map(w -> keyring.unwrapDataKey(requestId, w.wrapped())).orElse(null);
  }

  private static byte[] boundTo(String field, String requestId) {
    if (requestId == null || requestId.isEmpty()) {
      throw new IllegalArgumentException("a sealed value is bound to a requestId");
    }
    return ("v3\0" + field + "\0" + requestId).getBytes(StandardCharsets.UTF_8);
  }

  private static <V> Map<String, V> bounded(int capacity) {
    return Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > capacity;
      }
    });
  }
}
