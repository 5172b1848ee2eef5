package org.crisisline.localstack.ops;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import org.crisisline.events.KafkaClientSecurity;

/**
 * The operator commands behind {@code ./crisisline topics | acls | dlq | keys}. Their console output
 * is their user interface, so they print to the given stream; diagnostics go to the stream for
 * errors. Kafka is {@code KAFKA_BOOTSTRAP_SERVERS} (with {@code KAFKA_SECURITY_PROTOCOL} /
 * {@code KAFKA_SASL_*} for a secured cluster, normally the admin principal), or else the running
 * local stack's broker on {@code localhost:$CRISISLINE_KAFKA_PORT} (9092).
 */
public final class Ops {
  private Ops() {}

  /** Where the operator's Kafka is and how to authenticate to it. */
  public record Connection(String bootstrapServers, KafkaClientSecurity security) {
    public static Connection fromEnv(Map<String, String> env) {
      String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
      if (bootstrap == null || bootstrap.isBlank()) {
        String port = env.getOrDefault("CRISISLINE_KAFKA_PORT", "9092");
        bootstrap = "localhost:" + (port.isBlank() ? "9092" : port.trim());
      }
      return new Connection(bootstrap.trim(), KafkaClientSecurity.fromEnv(env));
    }
  }

  public static void main(String[] args) {
    int code = run(args, System.getenv(), System.out, System.err);
    System.exit(code);
  }

  /** Runs one command; returns the process exit code (0 ok, 1 failed, 2 usage). */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.println(USAGE);
      return 2;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      return switch (args[0]) {
        case "topics" -> TopicsCommand.run(rest, env, out);
        case "acls" -> AclsCommand.run(rest, env, out);
        case "dlq" -> DlqCommand.run(rest, env, out);
        case "keys" -> KeysCommand.run(rest, env, out);
        default -> {
          err.println("unknown command '" + args[0] + "'\n" + USAGE);
          yield 2;
        }
      };
    } catch (UsageException e) {
      err.println(e.getMessage() + "\n" + USAGE);
      return 2;
    } catch (RuntimeException e) {
      err.println("crisisline " + args[0] + ": " + e.getMessage());
      return 1;
    }
  }

  static final String USAGE = """
      usage:
        topics [--verify] [--partitions N]   create missing topics (RF and min.insync.replicas fit the cluster), then verify
        acls [--apply]                        print the ACL plan; --apply creates it (admin principal)
        dlq list [--source TOPIC] [--limit N] dead letters: partition:offset, source, writer, reason
        dlq replay P:O [P:O ...] [--force]    re-publish those dead letters to their source topic, once each
        keys rotate [--print]                 new current PII key; old keys stay for reading""";

  /** A command line the operator got wrong. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }

  static String option(String[] args, String name, String fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }

  static boolean flag(String[] args, String name) {
    return Arrays.asList(args).contains(name);
  }
}
