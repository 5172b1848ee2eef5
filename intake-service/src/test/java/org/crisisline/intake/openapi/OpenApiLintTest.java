package org.crisisline.intake.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.core.util.Yaml;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * openapi.yaml lints clean: swagger-parser reads it without a message, and a few rules in the
 * spirit of Redocly's recommended set hold. Each test names every place that breaks its rule.
 */
class OpenApiLintTest {
  private static final Pattern TEMPLATE_PARAMETER = Pattern.compile("\\{([^/}]+)}");
  private static String text;
  private static OpenAPI api;
  private static JsonNode raw;

  @BeforeAll
  static void read() throws Exception {
    text = OpenApiResponses.text();
    SwaggerParseResult parsed = OpenApiResponses.parse(text);
    assertThat(parsed.getMessages()).as("swagger-parser messages").isEmpty();
    api = parsed.getOpenAPI();
    raw = Yaml.mapper().readTree(text);
  }

  /** Every operation of the description with its path template. */
  private static void operations(BiConsumer<String, Map.Entry<PathItem.HttpMethod, Operation>> each) {
    api.getPaths().forEach((path, item) -> item.readOperationsMap().entrySet().forEach(e -> each.accept(path, e)));
  }

  /** Every JSON object of the document, with its JSON pointer. */
  private static void objects(JsonNode node, String pointer, BiConsumer<String, JsonNode> each) {
    if (node.isObject()) {
      each.accept(pointer, node);
      node.fields().forEachRemaining(f -> objects(f.getValue(), pointer + "/" + OpenApiResponses.escape(f.getKey()), each));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        objects(node.get(i), pointer + "/" + i, each);
      }
    }
  }

  @Test
  void theDescriptionParsesWithoutMessages() {
    assertThat(api).isNotNull();
    assertThat(api.getOpenapi()).startsWith("3.0.");
  }

  @Test
  void everyNullableHasATypeBesideIt() {
    // nullable only widens the type in the same schema object (OpenAPI 3.0.3); alone, it does nothing.
    List<String> bare = new ArrayList<>();
    objects(raw, "", (at, o) -> {
      if (o.path("nullable").asBoolean(false) && !o.has("type")) {
        bare.add(at);
      }
    });
    assertThat(bare).as("nullable without type").isEmpty();
  }

  @Test
  void everyEnumIsNonEmptyAndWithoutDuplicates() {
    List<String> bad = new ArrayList<>();
    objects(raw, "", (at, o) -> {
      JsonNode e = o.get("enum");
      if (e != null && !at.contains("/example")) {
        Set<String> seen = new HashSet<>();
        boolean duplicate = false;
        for (JsonNode v : e) {
          duplicate |= !seen.add(v.toString());
        }
        if (!e.isArray() || e.isEmpty() || duplicate) {
          bad.add(at);
        }
      }
    });
    assertThat(bad).as("empty or repeating enums").isEmpty();
  }

  @Test
  void everyOperationHasAUniqueOperationIdASuccessAndA4xxWhereItTakesInput() {
    List<String> bad = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    operations((path, e) -> {
      Operation op = e.getValue();
      String where = e.getKey() + " " + path;
      if (op.getOperationId() == null || op.getOperationId().isBlank()) {
        bad.add(where + ": no operationId");
      } else if (!ids.add(op.getOperationId())) {
        bad.add(where + ": operationId " + op.getOperationId() + " used twice");
      }
      Set<String> codes = op.getResponses() == null ? Set.of() : op.getResponses().keySet();
      if (codes.stream().noneMatch(c -> c.startsWith("2") || c.startsWith("3"))) {
        bad.add(where + ": no 2xx or 3xx response");
      }
      boolean takesInput = op.getRequestBody() != null || !parameters(api.getPaths().get(path), op).isEmpty();
      if (takesInput && codes.stream().noneMatch(c -> c.startsWith("4"))) {
        bad.add(where + ": takes input but documents no 4xx");
      }
    });
    assertThat(bad).isEmpty();
  }

  @Test
  void everyPathParameterIsDeclaredAndEveryDeclaredOneIsInThePath() {
    List<String> bad = new ArrayList<>();
    operations((path, e) -> {
      Set<String> inTemplate = new LinkedHashSet<>();
      Matcher m = TEMPLATE_PARAMETER.matcher(path);
      while (m.find()) {
        inTemplate.add(m.group(1));
      }
      Set<String> declared = new LinkedHashSet<>();
      for (Parameter p : parameters(api.getPaths().get(path), e.getValue())) {
        if ("path".equals(p.getIn())) {
          declared.add(p.getName());
          if (!Boolean.TRUE.equals(p.getRequired())) {
            bad.add(e.getKey() + " " + path + ": path parameter " + p.getName() + " not required");
          }
        }
      }
      if (!inTemplate.equals(declared)) {
        bad.add(e.getKey() + " " + path + ": template " + inTemplate + " but declared " + declared);
      }
    });
    assertThat(bad).isEmpty();
  }

  @Test
  void everyComponentIsUsed() {
    // What the paths reach, following $ref through components to a fixed point.
    Set<String> reached = new HashSet<>();
    Deque<JsonNode> todo = new ArrayDeque<>(List.of(raw.get("paths")));
    while (!todo.isEmpty()) {
      objects(todo.pop(), "", (at, o) -> {
        String ref = o.path("$ref").asText(null);
        if (ref != null && ref.startsWith("#/") && reached.add(ref)) {
          todo.push(raw.at(ref.substring(1)));
        }
      });
    }
    List<String> unused = new ArrayList<>();
    raw.path("components").fields().forEachRemaining(kind -> {
      if (!kind.getKey().equals("securitySchemes")) {
        kind.getValue().fieldNames().forEachRemaining(name -> {
          String ref = "#/components/" + kind.getKey() + "/" + name;
          if (!reached.contains(ref)) {
            unused.add(ref);
          }
        });
      }
    });
    assertThat(unused).as("components no path uses").isEmpty();
  }

  @Test
  void problemResponsesAreProblemJson() {
    // A 4xx with a JSON body, and any response of the Problem schema, is application/problem+json.
    List<String> bad = new ArrayList<>();
    operations((path, e) -> e.getValue().getResponses().forEach((code, declared) -> {
      ApiResponse r = declared;
      if (r.get$ref() != null) {
        r = api.getComponents().getResponses().get(r.get$ref().substring(r.get$ref().lastIndexOf('/') + 1));
      }
      if (r.getContent() == null) {
        return;
      }
      r.getContent().forEach((type, media) -> {
        boolean json = type.equals("application/json") || type.endsWith("+json");
        boolean problemSchema = media.getSchema() != null && "#/components/schemas/Problem".equals(media.getSchema().get$ref());
        if ((code.startsWith("4") && json || problemSchema) && !type.equals("application/problem+json")) {
          bad.add(e.getKey() + " " + path + " " + code + ": " + type);
        }
      });
    }));
    assertThat(bad).isEmpty();
  }

  private static List<Parameter> parameters(PathItem item, Operation op) {
    List<Parameter> out = new ArrayList<>();
    if (item.getParameters() != null) {
      item.getParameters().forEach(p -> out.add(resolve(p)));
    }
    if (op.getParameters() != null) {
      op.getParameters().forEach(p -> out.add(resolve(p)));
    }
    return out;
  }

  private static Parameter resolve(Parameter p) {
    return p.get$ref() == null ? p
        : api.getComponents().getParameters().get(p.get$ref().substring(p.get$ref().lastIndexOf('/') + 1));
  }
}
