package org.crisisline.intake.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.PathItem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every route intake mounts is documented and every documented operation is mounted. The routes
 * are read from the {@code Routes} classes' {@code router.get("/path")}-style mounts (all of
 * them name their path as a literal; the web pages of {@code ApiRouter} are mounted from a map
 * and are not part of the API), with Vert.x's {@code :param} written as OpenAPI's {@code {param}}.
 */
class OpenApiRoutesTest {
  private static final Pattern MOUNT = Pattern.compile(
      "router\\s*\\.\\s*(get|post|put|delete|patch|head|options)\\s*\\(\\s*\"([^\"]+)\"");

  /** A mount naming its path by a constant, e.g. {@code router.post(ApiRouter.IMPORT_PATH)}. */
  private static final Pattern MOUNT_BY_CONSTANT = Pattern.compile(
      "router\\s*\\.\\s*(get|post|put|delete|patch|head|options)\\s*\\(\\s*(?:[A-Za-z0-9_]+\\.)?([A-Z][A-Z0-9_]*)\\s*\\)");
  private static final Pattern CONSTANT = Pattern.compile(
      "static\\s+final\\s+String\\s+([A-Z][A-Z0-9_]*)\\s*=\\s*\"([^\"]+)\"\\s*;");

  private static Set<String> mounted() throws IOException {
    Map<String, String> sources = new TreeMap<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java/org/crisisline/intake"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        sources.put(f.toString(), Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    Map<String, String> constants = new TreeMap<>();
    sources.values().forEach(text -> {
      Matcher c = CONSTANT.matcher(text);
      while (c.find()) {
        constants.put(c.group(1), c.group(2));
      }
    });
    Set<String> out = new TreeSet<>();
    for (String text : sources.values()) {
      Matcher m = MOUNT.matcher(text);
      while (m.find()) {
        out.add(m.group(1).toUpperCase() + " " + m.group(2).replaceAll(":([A-Za-z0-9_]+)", "{$1}"));
      }
      Matcher byConstant = MOUNT_BY_CONSTANT.matcher(text);
      while (byConstant.find()) {
        String path = constants.get(byConstant.group(2));
        assertThat(path).as("the path constant " + byConstant.group(2) + " is a string literal somewhere").isNotNull();
        out.add(byConstant.group(1).toUpperCase() + " " + path.replaceAll(":([A-Za-z0-9_]+)", "{$1}"));
      }
    }
    return out;
  }

  private static Set<String> documented() {
    Set<String> out = new TreeSet<>();
    OpenApiResponses.contract().model().getPaths().forEach((path, item) ->
        item.readOperationsMap().keySet().forEach((PathItem.HttpMethod m) -> out.add(m + " " + path)));
    return out;
  }

  @Test
  void theRoutesIntakeMountsAreTheOperationsOpenApiDocuments() throws IOException {
    Set<String> mounted = mounted();
    Set<String> documented = documented();
    assertThat(mounted).as("the route scan found the API").contains("POST /api/v1/requests", "GET /r/{token}");
    Set<String> undocumented = new TreeSet<>(mounted);
    undocumented.removeAll(documented);
    Set<String> unmounted = new TreeSet<>(documented);
    unmounted.removeAll(mounted);
    assertThat(undocumented).as("mounted but not in openapi.yaml").isEmpty();
    assertThat(unmounted).as("in openapi.yaml but not mounted").isEmpty();
  }
}
