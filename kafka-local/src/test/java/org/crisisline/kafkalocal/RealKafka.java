package org.crisisline.kafkalocal;

import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * One real Kafka broker per test JVM, shared by every broker-backed test class:
 * {@code @ExtendWith(RealKafka.class)}, then {@link #bootstrapServers()} and {@link #createTopics()}.
 *
 * <p>Where Docker is available the broker is Testcontainers' {@link KafkaContainer} (official
 * {@code apache/kafka} image); everywhere else it is the in-JVM KRaft broker of local-stack's
 * {@link EmbeddedKafka}. System property {@code crisisline.test.broker} = {@code embedded} or
 * {@code docker} forces one. The broker starts on first use and stops when the test JVM exits;
 * tests share it, so they use unique ids, application ids and
 * group ids. Creates every topic of {@code Topics.all()} on request; writes no records.
 *
 * <p>The broker lives until the JVM exits (a shutdown hook stops it), not until a JUnit root
 * context closes: with {@code forkCount > 1} Surefire runs each class of a fork as a launcher
 * execution of its own, and every one of them would otherwise stop the broker the fork's next
 * class still needs.
 */
public final class RealKafka implements BeforeAllCallback {
  private static final Logger LOG = LoggerFactory.getLogger(RealKafka.class);
  private static final String IMAGE = System.getProperty("crisisline.test.kafka.image", "apache/kafka:4.3.1");

  private static Broker broker;
  private static boolean topicsCreated;

  @Override
  public void beforeAll(ExtensionContext context) {
    broker();
  }

  /** {@code host:port} list of the shared broker, starting it on first use. */
  public static String bootstrapServers() {
    return broker().bootstrapServers();
  }

  /** Creates every topic of the registry (3 partitions, RF 1); idempotent and cheap once done. */
  public static synchronized void createTopics() {
    if (topicsCreated) {
      return;
    }
    try (TopicAdmin admin = new TopicAdmin(bootstrapServers())) {
      admin.ensureTopics(TopicAdmin.Layout.LOCAL);
    }
    topicsCreated = true;
  }

  /** The in-JVM broker, or null when the Docker broker is in use (fault tests need the former). */
  public static EmbeddedKafka embedded() {
    return broker().embedded;
  }

  private static synchronized Broker broker() {
    if (broker == null) {
      broker = Broker.start();
      Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "real-kafka-shutdown"));
    }
    return broker;
  }

  /** Whichever broker runs; close() is idempotent. */
  static final class Broker implements AutoCloseable {
    private final KafkaContainer container;
    private final EmbeddedKafka embedded;
    private final String bootstrap;
    private boolean closed;

    private Broker(KafkaContainer container, EmbeddedKafka embedded, String bootstrap) {
      this.container = container;
      this.embedded = embedded;
      this.bootstrap = bootstrap;
    }

    static Broker start() {
      String mode = System.getProperty("crisisline.test.broker", "auto");
      boolean docker = switch (mode) {
        case "docker" -> true;
        case "embedded" -> false;
        default -> DockerClientFactory.instance().isDockerAvailable();
      };
      if (docker) {
        KafkaContainer container = new KafkaContainer(IMAGE)
            .withEnv(Map.of("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0",
                "KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false"));
        container.start();
        LOG.info("Kafka for tests: container {} at {}", IMAGE, container.getBootstrapServers());
        return new Broker(container, null, container.getBootstrapServers());
      }
      EmbeddedKafka kafka = EmbeddedKafka.startSingleNode();
      LOG.info("Kafka for tests: in-JVM KRaft broker at {}", kafka.bootstrapServers());
      return new Broker(null, kafka, kafka.bootstrapServers());
    }

    String bootstrapServers() {
      return bootstrap;
    }

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (container != null) {
        container.stop();
      }
      if (embedded != null) {
        embedded.close();
      }
    }
  }
}
