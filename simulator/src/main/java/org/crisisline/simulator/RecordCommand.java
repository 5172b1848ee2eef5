package org.crisisline.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.crisisline.events.KafkaClientSecurity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./crisisline record}: exports a window of what routing consumed and decided, without PII. */
@Command(name = "record", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Export what routing consumed and decided from T1 to T2 (requests, cancellations, answers, "
        + "responder profiles and statuses, offers) as " + DayLine.FORMAT + " JSON lines: codes and ids only, no "
        + "sealed field, no free text (docs/simulator.md). Replay it with ./crisisline simulate --day FILE."})
final class RecordCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--from", paramLabel = "T1", required = true, description = "Start, ISO-8601 (2026-11-21T00:00:00Z).")
  Instant from;
  @Option(names = "--to", paramLabel = "T2", required = true, description = "End (exclusive), ISO-8601.")
  Instant to;
  @Option(names = "--out", paramLabel = "FILE", required = true, description = "The recording to write (.jsonl).")
  Path out;
  @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
      description = "Kafka (default: $KAFKA_BOOTSTRAP_SERVERS, else localhost:$CRISISLINE_KAFKA_PORT or 9092).")
  String bootstrap;

  @Override
  public Integer call() throws IOException {
    if (!to.isAfter(from)) {
      throw new ParameterException(spec.commandLine(), "--to must be after --from");
    }
    Map<String, String> env = System.getenv();
    String servers = bootstrap != null ? bootstrap : env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS",
        "localhost:" + env.getOrDefault("CRISISLINE_KAFKA_PORT", "9092"));
    Map<String, Object> props = new HashMap<>(KafkaClientSecurity.fromEnv(env).clientProperties());
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    Path target = out.toAbsolutePath();
    Files.createDirectories(target.getParent());
    Path partial = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".partial");
    try {
      int n = new Recorder(props).record(from, to, partial);
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
      spec.commandLine().getOut().println("recorded " + n + " lines from " + from + " to " + to + " into " + out);
      return 0;
    } finally {
      Files.deleteIfExists(partial);
    }
  }
}
