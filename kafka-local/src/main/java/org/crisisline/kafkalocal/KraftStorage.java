package org.crisisline.kafkalocal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/**
 * KRaft log-directory formatting for {@link EmbeddedKafka}: {@code kafka-storage.sh format} run
 * in-process ({@code StorageTool.execute} returns a code, no System.exit). A directory with
 * {@code meta.properties} is left alone, because re-formatting with another cluster id fails and
 * would lose the data of earlier runs. All nodes under one root share one cluster id.
 */
final class KraftStorage {
  private KraftStorage() {}

  /** Formats {@code dir} for the node of {@code props} unless an earlier run did. */
  static void formatIfNeeded(Path dir, Properties props, Path root) {
    if (Files.exists(dir.resolve("meta.properties"))) {
      return; // formatted by an earlier run: keep its cluster id and data
    }
    try {
      Files.createDirectories(dir);
      Path file = Files.createTempFile("kraft-format", ".properties");
      try (OutputStream out = Files.newOutputStream(file)) {
        props.store(out, "format");
      }
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      int code;
      try (PrintStream ps = new PrintStream(log, true, StandardCharsets.UTF_8)) {
        code = StorageTool.execute(
            new String[] {"format", "-t", clusterId(root), "-c", file.toString(), "--ignore-formatted"}, ps);
      } finally {
        Files.deleteIfExists(file);
      }
      if (code != 0) {
        throw new IllegalStateException("formatting " + dir + " failed: " + log.toString(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One cluster id per root directory, so every node of this cluster agrees on it. */
  private static String clusterId(Path root) throws IOException {
    Path file = root.resolve("cluster.id");
    if (Files.exists(file)) {
      return Files.readString(file).trim();
    }
    String id = Uuid.randomUuid().toString();
    Files.writeString(file, id);
    return id;
  }
}
