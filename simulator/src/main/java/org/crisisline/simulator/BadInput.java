package org.crisisline.simulator;

import java.nio.file.Path;

/**
 * Input the simulator cannot use: the message names the file, the line and the field, in one line
 * ({@code day.jsonl:12: field 'urgency': 'SOON' is not one of [...]}). The command exits 2.
 */
final class BadInput extends RuntimeException {
  BadInput(Path file, int line, String field, String problem) {
    super(file + ":" + line + ": field '" + field + "': " + problem);
  }

  BadInput(Path file, String problem) {
    super(file + ": " + problem);
  }
}
