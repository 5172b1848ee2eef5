package org.crisisline.system.e2e;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.crisisline.events.PiiCipher;
import org.crisisline.kafkalocal.RealKafka;

/**
 * The environment of the three services run in one test JVM on the shared broker: ports 0, client
 * ids, group and application id unique to the run, fresh secrets, and one region (intake learns it
 * from the routing policy; CRISISLINE_REGIONS must agree with it). Callers add the policy file and
 * the mail and SMS endpoints.
 */
final class ServicesEnv {
  private ServicesEnv() {}

  static Map<String, String> of(String prefix, String run, Path dataDir, String demoPassword, String region) {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", RealKafka.bootstrapServers());
    env.put("CRISISLINE_DATA_DIR", dataDir.toString());
    env.put("CRISISLINE_HTTP_PORT", "0");
    env.put("CRISISLINE_NOTIFIER_PORT", "0");
    env.put("CRISISLINE_ROUTING_PORT", "0");
    env.put("CRISISLINE_ROUTING_APPLICATION_ID", prefix + "-routing-" + run);
    env.put("CRISISLINE_NOTIFIER_GROUP", prefix + "-notifier-" + run);
    env.put("CRISISLINE_INTAKE_CLIENT_ID", prefix + "-intake-" + run);
    env.put("CRISISLINE_PII_KEY", PiiCipher.generateKeyring(prefix));
    env.put("CRISISLINE_LINK_SECRET", prefix + "-link-secret-" + run);
    env.put("CRISISLINE_JWT_SECRET", prefix + "-jwt-secret-" + run + "-" + UUID.randomUUID());
    env.put("CRISISLINE_DEMO_PASSWORD", demoPassword);
    env.put("CRISISLINE_REGIONS", region);
    return env;
  }
}
