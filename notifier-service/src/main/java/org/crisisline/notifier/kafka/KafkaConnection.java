package org.crisisline.notifier.kafka;

import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.crisisline.events.KafkaClientSecurity;

/**
 * Where the notifier's Kafka clients connect, and as whom: the bootstrap servers, SASL/TLS
 * settings, and this process's instance id (in client ids, and in the ledger's writer header).
 */
public record KafkaConnection(String bootstrapServers, String instanceId, KafkaClientSecurity security) {

  /** Bootstrap, security and {@code client.id} = {@code prefix} + instance id; the caller adds the rest. */
  Properties properties(String clientIdPrefix) {
    Properties p = new Properties();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    security.applyTo(p);
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientIdPrefix + instanceId);
    return p;
  }
}
