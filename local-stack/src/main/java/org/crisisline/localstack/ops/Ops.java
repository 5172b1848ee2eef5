package org.crisisline.localstack.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.crisisline.events.KafkaClientSecurity;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The operator commands behind {@code ./crisisline topics | acls | dlq | keys}, parsed by picocli.
 * Their console output is their user interface, so they print to the given stream; problems go to the
 * stream for errors, one line each. Exit codes: 0 done (and {@code --help}, {@code --version}), 1 the
 * command failed (no broker, Kafka refused, a verification found a difference), 2 the command line
 * is wrong (unknown option or subcommand, a bad value). {@code --help} on any command prints its
 * usage and touches nothing: no Kafka client is created and no file is read or written.
 *
 * <p>Kafka is {@code KAFKA_BOOTSTRAP_SERVERS} (with {@code KAFKA_SECURITY_PROTOCOL} /
 * {@code KAFKA_SASL_*} for a secured cluster, normally the admin principal), or else the running
 * local stack's broker on {@code localhost:$CRISISLINE_KAFKA_PORT} (9092). A command that needs Kafka
 * first checks that something listens there and otherwise says so in one line.
 */
@Command(name = "crisisline", mixinStandardHelpOptions = true, versionProvider = Ops.Version.class,
    description = "Operator commands (see docs/operations.md). Kafka: KAFKA_BOOTSTRAP_SERVERS "
        + "(+ KAFKA_SECURITY_PROTOCOL / KAFKA_SASL_*), else the local stack on localhost:$CRISISLINE_KAFKA_PORT (9092).",
    synopsisSubcommandLabel = "COMMAND")
public final class Ops {
  /** How long a command waits for a TCP connection to one bootstrap address before trying the next. */
  static final int CONNECT_TIMEOUT_MS = 3_000;

  private Ops() {}

  /** Where the operator's Kafka is and how to authenticate to it. */
  public record Connection(String bootstrapServers, KafkaClientSecurity security, boolean fromEnvironment) {
    public Connection(String bootstrapServers, KafkaClientSecurity security) {
      this(bootstrapServers, security, true);
    }

    public static Connection fromEnv(Map<String, String> env) {
      String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
      if (bootstrap == null || bootstrap.isBlank()) {
        String port = env.getOrDefault("CRISISLINE_KAFKA_PORT", "9092");
        bootstrap = "localhost:" + (port.isBlank() ? "9092" : port.trim());
        return new Connection(bootstrap, KafkaClientSecurity.fromEnv(env), false);
      }
      return new Connection(bootstrap.trim(), KafkaClientSecurity.fromEnv(env), true);
    }

    /**
     * Kafka client settings for a short-lived command: the security settings, the bootstrap servers,
     * and timeouts of seconds rather than the clients' minute, so a broker that stops answering
     * fails the command quickly instead of retrying in the background.
     */
    public Properties clientProperties() {
      Properties p = security.toProperties();
      p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      p.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
      p.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
      p.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, 3_000L);
      p.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, 5_000L);
      p.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000L);
      return p;
    }

    /** The same settings as a map, for {@link org.crisisline.kafkalocal.TopicAdmin}. */
    Map<String, Object> clientPropertiesMap() {
      Map<String, Object> m = new HashMap<>();
      clientProperties().forEach((k, v) -> m.put((String) k, v));
      return m;
    }

    Admin admin() {
      Properties p = clientProperties();
      p.put(AdminClientConfig.CLIENT_ID_CONFIG, "crisisline-ops");
      return Admin.create(p);
    }

    /**
     * Fails with one line when no bootstrap address accepts a TCP connection (within
     * {@value #CONNECT_TIMEOUT_MS} ms each), before any Kafka client starts retrying it.
     */
    public void requireReachable() {
      for (String address : bootstrapServers.split(",")) {
        InetSocketAddress target = parse(address.trim());
        if (target == null) {
          continue;
        }
        try (Socket s = new Socket()) {
          s.connect(target, CONNECT_TIMEOUT_MS);
          return;
        } catch (IOException e) {
          // try the next one
        }
      }
      throw new NoBroker(fromEnvironment
          ? "no Kafka at " + bootstrapServers + " (KAFKA_BOOTSTRAP_SERVERS) — is the cluster up and reachable from here?"
          : "no Kafka at " + bootstrapServers + " — is ./crisisline up running? set KAFKA_BOOTSTRAP_SERVERS");
    }

    private static InetSocketAddress parse(String hostPort) {
      int colon = hostPort.lastIndexOf(':');
      if (colon <= 0 || colon == hostPort.length() - 1) {
        return null;
      }
      String host = hostPort.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      try {
        return new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1)));
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
  }

  /** Nothing listens at the bootstrap servers. */
  static final class NoBroker extends RuntimeException {
    NoBroker(String message) {
      super(message);
    }
  }

  /** What every command is given: the environment it reads its settings from and where it prints. */
  record Context(Map<String, String> env, PrintStream out) {
    Connection connection() {
      return Connection.fromEnv(env);
    }

    /** The connection, once something is known to listen there. */
    Connection reachableConnection() {
      Connection c = connection();
      c.requireReachable();
      return c;
    }
  }

  /** The project version, from a resource Maven filters at build time. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"crisisline " + version()};
    }

    static String version() {
      try (InputStream in = Ops.class.getResourceAsStream("version.properties")) {
        if (in == null) {
          return "unknown";
        }
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version", "unknown");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  public static void main(String[] args) {
    quietKafkaClients();
    int code = run(args, System.getenv(), System.out, System.err);
    System.exit(code);
  }

  /** Runs one command; returns the process exit code (0 ok, 1 failed, 2 usage). */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    return commandLine(env, out, err).execute(args);
  }

  static CommandLine commandLine(Map<String, String> env, PrintStream out, PrintStream err) {
    Context ctx = new Context(env, out);
    CommandLine cl = new CommandLine(new Ops());
    cl.addSubcommand(new CommandLine(new TopicsCommand(ctx)));
    cl.addSubcommand(new CommandLine(new AclsCommand(ctx)));
    cl.addSubcommand(DlqCommand.commandLine(ctx));
    cl.addSubcommand(KeysCommand.commandLine(ctx));
    // Set after the subcommands are added: picocli applies these to the tree as it is now.
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setParameterExceptionHandler((e, args) -> {
      err.println(usageError(e));
      return 2;
    });
    cl.setExecutionExceptionHandler((e, command, parsed) -> {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      err.println(command.getCommandSpec().qualifiedName() + ": " + message);
      return 1;
    });
    return cl;
  }

  /** One line: the command, what is wrong, a suggestion when picocli has one, and where help is. */
  static String usageError(ParameterException e) {
    String name = e.getCommandLine().getCommandSpec().qualifiedName();
    String message = e.getMessage() == null ? "bad command line" : e.getMessage().lines().findFirst().orElse("");
    String hint = "";
    if (e instanceof UnmatchedArgumentException u) {
      List<String> suggestions = u.getSuggestions();
      if (!suggestions.isEmpty()) {
        hint = " (did you mean " + String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size()))) + "?)";
      }
    }
    return name + ": " + message + hint + " — see ./" + name + " --help";
  }

  /**
   * The Kafka clients log every failed connection attempt at WARN; for a short-lived command that is
   * noise in front of the one line saying what is wrong. Only their errors are shown.
   */
  static void quietKafkaClients() {
    if (LoggerFactory.getLogger("org.apache.kafka") instanceof ch.qos.logback.classic.Logger l) {
      l.setLevel(ch.qos.logback.classic.Level.ERROR);
    }
  }

  /** A whole number of at least {@code min} from an option or the environment, else a usage error. */
  static int atLeast(CommandLine cl, String what, int value, int min) {
    if (value < min) {
      throw new ParameterException(cl, what + " must be at least " + min + ", not " + value);
    }
    return value;
  }
}
