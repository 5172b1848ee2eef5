package org.crisisline.intake.component;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.crisisline.events.DataKeyWrapped;
import org.crisisline.events.DataKeys;
import org.crisisline.events.PiiCipher;
import org.crisisline.events.Topics;

/**
 * The data keys as anyone holding the keyring and reading {@code data-keys} from the beginning sees
 * them (the last value per key; a tombstone means none): how the tests open what intake sealed,
 * without intake's own table. A key not known yet re-reads the topic; what was found (or found
 * missing) is kept, so make a new opener after an erasure.
 */
final class DataKeysOnTopic implements DataKeys.Store {
  private final Map<String, Optional<DataKeyWrapped>> known = new ConcurrentHashMap<>();

  private DataKeysOnTopic() {}

  /** A {@link DataKeys} over the topic, with {@code keyring}. */
  static DataKeys opener(String keyring) {
    return new DataKeys(PiiCipher.fromKeyring(keyring), new DataKeysOnTopic());
  }

  @Override
  public synchronized Optional<DataKeyWrapped> get(String requestId) {
    if (!known.containsKey(requestId)) {
      Map<String, DataKeyWrapped> latest = new HashMap<>();
      try (var topic = new TestConsumer<>(Topics.DATA_KEYS)) {
        for (ConsumerRecord<byte[], byte[]> r : topic.readToEnd()) {
          if (r.key() != null) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            DataKeyWrapped value = topic.decode(r);
            if (value == null) {
              latest.remove(key);
            } else {
              latest.put(key, value);
            }
          }
        }
      }
      latest.forEach((k, v) -> known.put(k, Optional.of(v)));
      // Asked for after its request was logged (committed with its key): absent now is erased.
      known.putIfAbsent(requestId, Optional.empty());
    }
    return known.get(requestId);
  }
}
