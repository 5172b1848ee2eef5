package org.crisisline.events;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * How a consumer-group member (the notifier's offers consumer, routing's Streams threads) is
 * recognised after a crash, so that its successor takes its partitions over in seconds rather than
 * after the dead member's session expires (45 s by default: no page sent meanwhile).
 *
 * <ul>
 *   <li>{@code CRISISLINE_KAFKA_INSTANCE_ID} (unset = dynamic membership): a name stable for this
 *       instance across restarts and unique among the running instances of a service (a
 *       StatefulSet pod name, the compose service name). Set, it becomes {@code group.instance.id}
 *       (static membership): a restarted instance rejoins as itself and gets its partitions back at
 *       once, without waiting for its dead predecessor's session or a rebalance.</li>
 *   <li>{@code CRISISLINE_KAFKA_SESSION_TIMEOUT_MS} (default 10000): how long a member that died
 *       and does not come back holds its partitions before the others take them.</li>
 *   <li>{@code CRISISLINE_KAFKA_HEARTBEAT_MS} (default 3000): a third of the session, the usual ratio,
 *       so two lost heartbeats are forgiven.</li>
 * </ul>
 * The classic group protocol is kept on purpose: under the newer {@code group.protocol=consumer} a
 * static member that died without leaving blocks its successor ({@code UNRELEASED_INSTANCE_ID}) and
 * the session is a broker setting of at least 45 s unless every broker is reconfigured
 * (measurements in docs/operations.md).
 */
public record GroupMembership(String instanceId, Duration sessionTimeout, Duration heartbeat) {
  public static final String INSTANCE_ID_ENV = "CRISISLINE_KAFKA_INSTANCE_ID";
  public static final String SESSION_TIMEOUT_ENV = "CRISISLINE_KAFKA_SESSION_TIMEOUT_MS";
  public static final String HEARTBEAT_ENV = "CRISISLINE_KAFKA_HEARTBEAT_MS";
  /** Dynamic membership with the short session: what a service gets with nothing set. */
  public static final GroupMembership DEFAULTS =
      new GroupMembership(null, Duration.ofSeconds(10), Duration.ofSeconds(3));

  public GroupMembership {
    instanceId = instanceId == null || instanceId.isBlank() ? null : instanceId.trim();
    if (instanceId != null && !instanceId.matches("[A-Za-z0-9._-]{1,200}")) {
      throw new IllegalArgumentException(INSTANCE_ID_ENV + " may hold letters, digits, '.', '_' and '-' only");
    }
    // The broker refuses sessions outside group.min/max.session.timeout.ms (6 s .. 30 min by default).
    if (sessionTimeout.compareTo(Duration.ofSeconds(6)) < 0 || sessionTimeout.compareTo(Duration.ofMinutes(30)) > 0) {
      throw new IllegalArgumentException(SESSION_TIMEOUT_ENV + " must be between 6000 and 1800000");
    }
    if (heartbeat.isNegative() || heartbeat.isZero() || heartbeat.compareTo(sessionTimeout) >= 0) {
      throw new IllegalArgumentException(HEARTBEAT_ENV + " must be positive and below the session timeout");
    }
  }

  public static GroupMembership fromEnv(Map<String, String> env) {
    return new GroupMembership(env.get(INSTANCE_ID_ENV),
        millis(env, SESSION_TIMEOUT_ENV, DEFAULTS.sessionTimeout),
        millis(env, HEARTBEAT_ENV, DEFAULTS.heartbeat));
  }

  /** The same membership under another instance name (null = dynamic). */
  public GroupMembership withInstanceId(String id) {
    return new GroupMembership(id, sessionTimeout, heartbeat);
  }

  /**
   * Sets {@code session.timeout.ms}, {@code heartbeat.interval.ms} and, when an instance id is set,
   * {@code group.instance.id} = {@code <instance id>-<role>} ({@code role} tells apart the groups
   * one instance belongs to). Streams takes the same keys and appends each thread's index itself.
   */
  public void applyTo(Properties p, String role) {
    p.put("session.timeout.ms", (int) sessionTimeout.toMillis());
    p.put("heartbeat.interval.ms", (int) heartbeat.toMillis());
    if (instanceId != null) {
      p.put("group.instance.id", instanceId + "-" + role);
    }
  }

  private static Duration millis(Map<String, String> env, String name, Duration fallback) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      return Duration.ofMillis(Long.parseLong(raw.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number of milliseconds");
    }
  }
}
