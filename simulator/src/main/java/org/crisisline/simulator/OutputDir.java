package org.crisisline.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The run's output directory, written all or nothing: everything goes to a fresh directory beside
 * it, which replaces it only once complete. A failed run leaves the old contents (or no directory).
 * A directory that holds anything but an earlier run's output is refused, not overwritten.
 */
final class OutputDir implements AutoCloseable {
  /** The file every run writes: its presence marks a directory as an earlier run's output. */
  static final String MARKER = "summary.json";

  private final Path target;
  private final Path staging;
  private boolean committed;

  OutputDir(Path target) {
    this.target = target.toAbsolutePath().normalize();
    try {
      if (Files.exists(this.target) && !replaceable(this.target)) {
        throw new BadInput(target, "exists and is not the output of an earlier run (no " + MARKER
            + "); choose a new or empty --out directory");
      }
      Files.createDirectories(this.target.getParent());
      staging = Files.createTempDirectory(this.target.getParent(), "." + this.target.getFileName() + ".partial-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean replaceable(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty() || Files.exists(dir.resolve(MARKER));
    }
  }

  /** Where to write a file now (in the staging directory). */
  Path file(String name) {
    return staging.resolve(name);
  }

  /** Puts the finished output in place of the target. */
  void commit() {
    try {
      if (Files.exists(target)) {
        delete(target);
      }
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(staging, target);
      }
      committed = true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (!committed) {
      delete(staging);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
