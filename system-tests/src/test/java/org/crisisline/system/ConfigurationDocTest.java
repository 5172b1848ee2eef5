package org.crisisline.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/configuration.md lists every environment variable the main code of any module reads. */
class ConfigurationDocTest {
  private static final Pattern VARIABLE =
      Pattern.compile("\"((?:CRISISLINE|SMTP|SMS|KAFKA)_[A-Z0-9_]+)\"");

  @Test
  void everyEnvironmentVariableReadByTheCodeIsDocumented() throws IOException {
    // Given every variable name quoted in main sources
    Path root = Path.of(System.getProperty("crisisline.repo.root", "..")).toAbsolutePath().normalize();
    Set<String> used = new TreeSet<>();
    List<Path> sources;
    try (Stream<Path> files = Files.walk(root)) {
      sources = files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/"))
          .filter(p -> !p.toString().contains("/target/")).toList();
    }
    for (Path source : sources) {
      Matcher m = VARIABLE.matcher(Files.readString(source));
      while (m.find()) {
        used.add(m.group(1));
      }
    }
    // Then the configuration page names each of them in full
    String doc = Files.readString(root.resolve("docs/configuration.md"));
    assertThat(used).isNotEmpty().allSatisfy(variable -> assertThat(doc.contains("`" + variable + "`"))
        .as("%s is read by the code but not in docs/configuration.md", variable).isTrue());
  }
}
