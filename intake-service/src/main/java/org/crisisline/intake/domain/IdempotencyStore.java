package org.crisisline.intake.domain;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import org.crisisline.events.IdempotencyRecord;

/**
 * Idempotency-Key semantics (IETF draft-ietf-httpapi-idempotency-key-header, Stripe's practice):
 * keys are scoped to the caller; the first completed response is kept (its ttl, {@link #TTL} by default)
 * and replayed for the same body; the same key with another body is refused (422); a key whose
 * first request is still in flight is refused (409). Completed records are loaded from the
 * compacted {@code idempotency-keys} topic on start, so keys survive a restart. In-flight
 * claims are per process: a single intake instance owns its callers' requests.
 */
public final class IdempotencyStore {
  /** How long a completed response is kept by default ({@code CRISISLINE_IDEMPOTENCY_HOURS}). */
  public static final Duration TTL = Duration.ofHours(24);
  public static final int KEY_MAX = 255;

  private final ConcurrentHashMap<String, IdempotencyRecord> completed = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, String> inFlight = new ConcurrentHashMap<>();
  private final Duration ttl;

  /** Completed responses kept {@link #TTL}. */
  public IdempotencyStore() {
    this(TTL);
  }

  /** Completed responses kept {@code ttl}, then tombstoned ({@link #expired}) and forgotten. */
  public IdempotencyStore(Duration ttl) {
    this.ttl = ttl;
  }

  /** What to do with a request carrying a key. */
  public sealed interface Decision {}

  /** First use: go ahead, then {@link #complete} or {@link #abandon}; the response is kept {@code ttl}. */
  public record Proceed(String scopedKey, String bodyHash, Duration ttl) implements Decision {}

  /** Seen before with the same body: answer with the stored response. */
  public record Replay(IdempotencyRecord original) implements Decision {}

  /** Seen before with a different body: 422. */
  public record Mismatch() implements Decision {}

  /** The first request with this key has not finished: 409. */
  public record InFlight() implements Decision {}

  public static String scope(String caller, String key) {
    return caller + ":" + key;
  }

  public static String hash(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body == null ? new byte[0] : body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** A key must be 1..255 visible ASCII characters (the draft's sf-string is typical). */
  public static boolean validKey(String key) {
    return key != null && !key.isEmpty() && key.length() <= KEY_MAX
        && key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
  }

  public Decision begin(String scopedKey, byte[] body, Instant now) {
    String bodyHash = hash(body);
    IdempotencyRecord done = completed.get(scopedKey);
    if (done != null && done.expiresAt().isAfter(now)) {
      return done.bodyHash().equals(bodyHash) ? new Replay(done) : new Mismatch();
    }
    String previous = inFlight.putIfAbsent(scopedKey, bodyHash);
    if (previous != null) {
      return previous.equals(bodyHash) ? new InFlight() : new Mismatch();
    }
    // Re-check: a completion may have landed between the two lookups.
    done = completed.get(scopedKey);
    if (done != null && done.expiresAt().isAfter(now)) {
      inFlight.remove(scopedKey);
      return done.bodyHash().equals(bodyHash) ? new Replay(done) : new Mismatch();
    }
    return new Proceed(scopedKey, bodyHash, ttl);
  }

  public void complete(IdempotencyRecord record) {
    completed.put(record.scopedKey(), record);
    inFlight.remove(record.scopedKey());
  }

  public void abandon(String scopedKey) {
    inFlight.remove(scopedKey);
  }

  /** From the topic on start (and the echo of our own writes); a tombstone forgets the key. */
  public void load(String scopedKey, IdempotencyRecord record) {
    if (record == null) {
      completed.remove(scopedKey);
    } else {
      completed.merge(scopedKey, record, (old, neu) -> old);
    }
  }

  /** Keys whose record outlived its time: tombstoned on the topic so compaction drops them (and this store, on the echo). */
  public java.util.List<String> expired(Instant now) {
    return completed.values().stream().filter(r -> !r.expiresAt().isAfter(now)).map(IdempotencyRecord::scopedKey).toList();
  }

  public static IdempotencyRecord record(Proceed claim, int status, String responseBody, String eventId, Instant now) {
    return new IdempotencyRecord(eventId, now, claim.scopedKey(), claim.bodyHash(), status, responseBody,
        now.plus(claim.ttl()));
  }
}
