package org.crisisline.kafkalocal;

import java.nio.file.Path;
import java.util.Properties;
import java.util.function.BiConsumer;

/**
 * The server properties of each node of an {@link EmbeddedKafka} cluster: one combined
 * broker+controller node, or a dedicated controller ({@link #CONTROLLER_ID}) plus broker-only
 * nodes. Internal topics get the replication the cluster can give (1 on one node, up to 3), so
 * transactions and exactly-once work on a single node. A customizer has the last word per node.
 */
final class KraftNodeProperties {
  static final int CONTROLLER_ID = 3000;

  private final int brokers;
  private final int controllerPort;
  private final Path root;
  private final BiConsumer<Integer, Properties> customizer;

  KraftNodeProperties(int brokers, int controllerPort, Path root, BiConsumer<Integer, Properties> customizer) {
    this.brokers = brokers;
    this.controllerPort = controllerPort;
    this.root = root;
    this.customizer = customizer;
  }

  Properties broker(int nodeId, int port) {
    Properties p = new Properties();
    if (brokers == 1) {
      p.put("process.roles", "broker,controller");
      p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
      p.put("log.dirs", root.toString());
      // After a kill -9 the controller (this same process) keeps the dead broker's registration until
      // its session runs out, and the broker cannot register again until then: 9 s by default, the
      // longest wait of a whole-stack restart. Heartbeats never leave the process, so a short session
      // is safe here; a cluster of separate nodes keeps the default.
      p.put("broker.session.timeout.ms", "4000");
      p.put("broker.heartbeat.interval.ms", "1000");
    } else {
      p.put("process.roles", "broker");
      p.put("listeners", "PLAINTEXT://localhost:" + port);
      p.put("log.dirs", root.resolve("broker-" + nodeId).toString());
    }
    p.put("node.id", String.valueOf(nodeId));
    p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
    p.put("inter.broker.listener.name", "PLAINTEXT");
    quorum(p);
    int rf = Math.min(3, brokers);
    int isr = Math.min(2, brokers);
    p.put("offsets.topic.replication.factor", String.valueOf(rf));
    p.put("transaction.state.log.replication.factor", String.valueOf(rf));
    p.put("transaction.state.log.min.isr", String.valueOf(isr));
    p.put("share.coordinator.state.topic.replication.factor", String.valueOf(rf));
    p.put("share.coordinator.state.topic.min.isr", String.valueOf(isr));
    p.put("min.insync.replicas", "1");
    // Fewer internal partitions: 50+50 by default make first start and every rebalance slower.
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.num.partitions", "5");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    // The log cleaner allocates this per thread up front; the default 128 MiB starves test heaps.
    p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "4");
    p.put("controlled.shutdown.enable", "true");
    customize(nodeId, p);
    return p;
  }

  Properties controller() {
    Properties p = new Properties();
    p.put("process.roles", "controller");
    p.put("node.id", String.valueOf(CONTROLLER_ID));
    p.put("listeners", "CONTROLLER://localhost:" + controllerPort);
    p.put("log.dirs", root.resolve("controller").toString());
    quorum(p);
    customize(CONTROLLER_ID, p);
    return p;
  }

  private void quorum(Properties p) {
    int voter = brokers == 1 ? 1 : CONTROLLER_ID;
    p.put("controller.quorum.voters", voter + "@localhost:" + controllerPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
  }

  private void customize(int nodeId, Properties p) {
    if (customizer != null) {
      customizer.accept(nodeId, p);
    }
  }
}
