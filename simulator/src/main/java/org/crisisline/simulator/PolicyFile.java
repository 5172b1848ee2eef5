package org.crisisline.simulator;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.crisisline.routing.market.PolicySchema;
import org.crisisline.routing.market.RoutingPolicy;

/**
 * A policy file for a run: the classpath defaults, overridden key by key by the file, exactly as
 * routing loads {@code CRISISLINE_ROUTING_POLICY}. A key the schema does not know or a malformed value
 * stops the run naming the file, the line and the key.
 */
final class PolicyFile {
  private PolicyFile() {}

  static RoutingPolicy load(Path file) {
    Map<String, Integer> lineOf = new HashMap<>();
    Map<String, String> values = new TreeMap<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BadInput(file, "cannot read: " + e.getMessage());
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
        continue;
      }
      Properties one = new Properties();
      try {
        one.load(new StringReader(line));
      } catch (IOException | IllegalArgumentException e) {
        throw new BadInput(file, i + 1, line, "not a key=value line");
      }
      for (String k : one.stringPropertyNames()) {
        lineOf.put(k.trim(), i + 1);
        values.put(k.trim(), one.getProperty(k).trim());
      }
    }
    RoutingPolicy defaults = RoutingPolicy.defaults();
    List<String> regions = PolicySchema.csv(values.getOrDefault("regions", String.join(",", defaults.regions())));
    for (var e : values.entrySet()) {
      if (PolicySchema.ruleFor(e.getKey(), () -> regions).isEmpty()) {
        throw new BadInput(file, lineOf.get(e.getKey()), e.getKey(), "unknown policy key (see docs/configuration.md)");
      }
    }
    try {
      return RoutingPolicy.load(Optional.of(file));
    } catch (org.crisisline.routing.market.PolicyValidator.InvalidPolicyException e) {
      String first = e.problems().get(0);
      for (var k : lineOf.entrySet()) {
        if (first.startsWith("'" + k.getKey() + "'")) {
          throw new BadInput(file, k.getValue(), k.getKey(), first);
        }
      }
      throw new BadInput(file, first);
    }
  }
}
