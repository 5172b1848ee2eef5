package org.crisisline.kafkalocal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka KRaft cluster inside this JVM, built from the Maven jars (no Docker, nothing
 * downloaded at run time). One node: a combined broker+controller, as the local stack runs it.
 * Several brokers: one dedicated controller plus N broker-only nodes, so any broker can be
 * stopped and restarted ({@link #stopBroker}/{@link #startBroker}) while the quorum stays up.
 *
 * <p>Each node's log directory is formatted once (skipped when {@code meta.properties} exists,
 * because re-formatting with another cluster id fails), so a persistent {@code logDir} keeps its
 * data across runs. Internal topics get the replication the cluster can give (1 on one node, up
 * to 3) so transactions and exactly-once work on a single node. Reads and writes no topic itself.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

  private final Builder cfg;
  private final Path root;
  private final boolean deleteOnClose;
  private final int controllerPort;
  private final List<Integer> brokerPorts = new ArrayList<>();
  private final Map<Integer, KafkaRaftServer> running = new ConcurrentSkipListMap<>();
  private KafkaRaftServer controller;
  private boolean closed;

  private EmbeddedKafka(Builder cfg) {
    this.cfg = cfg;
    try {
      this.deleteOnClose = cfg.logDir == null;
      this.root = cfg.logDir == null ? Files.createTempDirectory("embedded-kafka") : cfg.logDir;
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.controllerPort = cfg.controllerPort == 0 ? freePort() : cfg.controllerPort;
    for (int i = 0; i < cfg.brokers; i++) {
      int wanted = i < cfg.ports.size() ? cfg.ports.get(i) : 0;
      brokerPorts.add(wanted == 0 ? freePort() : wanted);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A single combined node on free ports in a temporary directory, deleted on close. */
  public static EmbeddedKafka startSingleNode() {
    return builder().build().start();
  }

  /** Formats (if needed) and starts every node; returns once all brokers serve requests. */
  public synchronized EmbeddedKafka start() {
    long began = System.nanoTime();
    if (cfg.brokers == 1) {
      startNode(1);
    } else {
      controller = startServer(controllerProps());
      // Brokers register with the controller concurrently: starting them one by one is slower.
      List<CompletableFuture<Void>> starts = new ArrayList<>();
      for (int id : brokerIds()) {
        starts.add(CompletableFuture.runAsync(() -> startNode(id)));
      }
      try {
        CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }
    LOG.info("Kafka ({} broker(s)) ready at {} in {} ms", cfg.brokers, bootstrapServers(),
        (System.nanoTime() - began) / 1_000_000);
    return this;
  }

  /** {@code host:port} of every broker currently configured, comma-separated. */
  public String bootstrapServers() {
    return brokerPorts.stream().map(p -> "localhost:" + p).collect(Collectors.joining(","));
  }

  /** Broker node ids, 1..N. */
  public List<Integer> brokerIds() {
    List<Integer> ids = new ArrayList<>();
    for (int i = 1; i <= cfg.brokers; i++) {
      ids.add(i);
    }
    return ids;
  }

  public int brokerPort(int nodeId) {
    return brokerPorts.get(nodeId - 1);
  }

  public int controllerPort() {
    return controllerPort;
  }

  public Path logDir() {
    return root;
  }

  /** Stops one broker cleanly (fault tests); its data stays, {@link #startBroker} brings it back. */
  public synchronized void stopBroker(int nodeId) {
    if (cfg.brokers == 1) {
      throw new IllegalStateException("the single node also hosts the controller; close() instead");
    }
    KafkaRaftServer server = running.remove(nodeId);
    if (server != null) {
      shutdown(server);
    }
  }

  /** Starts a broker stopped by {@link #stopBroker} again, on the same port and data. */
  public synchronized void startBroker(int nodeId) {
    if (!running.containsKey(nodeId)) {
      startNode(nodeId);
    }
  }

  /** Stops brokers first, then the controller, releasing every port; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<KafkaRaftServer> brokers = new ArrayList<>(running.values());
    running.clear();
    if (brokers.size() > 1) {
      // The controller is still up, so concurrent controlled shutdowns finish quickly.
      CompletableFuture.allOf(brokers.stream()
          .map(s -> CompletableFuture.runAsync(() -> shutdown(s)))
          .toArray(CompletableFuture[]::new)).join();
    } else {
      brokers.forEach(EmbeddedKafka::shutdown);
    }
    if (controller != null) {
      shutdown(controller);
      controller = null;
    }
    if (deleteOnClose) {
      deleteRecursively(root);
    }
    LOG.info("Kafka at {} stopped", bootstrapServers());
  }

  // Not synchronized: start() runs several of these concurrently while holding the monitor.
  private void startNode(int nodeId) {
    running.put(nodeId, startServer(brokerProps(nodeId)));
  }

  private KafkaRaftServer startServer(Properties props) {
    Path dir = Path.of(props.getProperty("log.dirs"));
    KraftStorage.formatIfNeeded(dir, props, root);
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    try {
      server.startup();
    } catch (RuntimeException e) {
      shutdown(server);
      throw new IllegalStateException("Kafka node " + props.getProperty("node.id") + " failed to start", e);
    }
    return server;
  }

  private Properties brokerProps(int nodeId) {
    return nodeProperties().broker(nodeId, brokerPort(nodeId));
  }

  private Properties controllerProps() {
    return nodeProperties().controller();
  }

  private KraftNodeProperties nodeProperties() {
    return new KraftNodeProperties(cfg.brokers, controllerPort, root, cfg.customizer);
  }

  private static void shutdown(KafkaRaftServer server) {
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      LOG.warn("Kafka node did not shut down cleanly: {}", e.toString());
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", dir, e.toString());
    }
  }

  /** Ports 0 (the default) mean a free port picked at build time and kept across broker restarts. */
  public static final class Builder {
    private int brokers = 1;
    private final List<Integer> ports = new ArrayList<>();
    private int controllerPort;
    private Path logDir;
    private BiConsumer<Integer, Properties> customizer;

    public Builder brokers(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("brokers must be >= 1");
      }
      this.brokers = count;
      return this;
    }

    /** Client port of broker 1 (then 2, 3 ... when given several). */
    public Builder ports(int... brokerPorts) {
      ports.clear();
      for (int p : brokerPorts) {
        ports.add(p);
      }
      return this;
    }

    public Builder controllerPort(int port) {
      this.controllerPort = port;
      return this;
    }

    /** Persistent data directory; unset means a temporary one deleted on close. */
    public Builder logDir(Path dir) {
      this.logDir = dir;
      return this;
    }

    /** Last word on each node's properties: (nodeId, props); the controller gets id {@value KraftNodeProperties#CONTROLLER_ID}. */
    public Builder customize(BiConsumer<Integer, Properties> customizer) {
      this.customizer = customizer;
      return this;
    }

    public EmbeddedKafka build() {
      return new EmbeddedKafka(this);
    }

    public EmbeddedKafka start() {
      return build().start();
    }
  }
}
