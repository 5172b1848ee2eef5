package org.crisisline.events;

import java.time.Instant;

/**
 * Value of the compacted {@code data-keys}, keyed by requestId, written by intake in the same
 * transaction as the request it belongs to: that request's data key, wrapped by a keyring key
 * ({@link PiiCipher#wrapDataKey}; {@code wrapped.keyId()} names which). Every sealed field of the
 * request is sealed under this key ({@link DataKeys}). Erasing the caller writes a tombstone for
 * the key; once compaction has removed the record, nothing sealed under it can be opened again.
 */
public record DataKeyWrapped(String eventId, Instant occurredAt, String requestId, Sealed wrapped)
    implements Event {}
