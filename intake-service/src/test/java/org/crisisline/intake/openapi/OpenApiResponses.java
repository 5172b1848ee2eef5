package org.crisisline.intake.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import io.swagger.v3.core.util.Yaml;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks HTTP responses against intake's {@code openapi.yaml}, as an OpenAPI-validating proxy
 * would: the operation is found by method and path template, the status code must be documented
 * for it, the Content-Type must be one it documents, and a JSON body must match the response
 * schema (JSON Schema with the OpenAPI 3.0 dialect: {@code nullable}, {@code enum}, {@code $ref},
 * {@code oneOf}, {@code required}, {@code additionalProperties}, formats). A response without
 * documented content must have no body. Paths under {@code /api/} that match no documented path,
 * and methods a documented path does not list, are violations.
 *
 * <p>Failures name the operation, the status and the first violations by field path, keyword,
 * schema location and JSON type of the value, never the value itself nor the concrete path: bodies
 * and paths may carry a caller's contact details or a link token.
 *
 * <p>The test helpers of intake and of the system tests pass every response they receive through
 * {@link #check(HttpResponse)} (or one of its overloads).
 */
public final class OpenApiResponses {
  private static final String IRI = "https://crisisline.local/openapi.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SHOWN = 5;
  private static volatile OpenApiResponses contract;

  private final OpenAPI model;
  private final JsonNode raw;
  private final List<Template> templates = new ArrayList<>();
  private final JsonSchemaFactory factory;
  private final SchemaValidatorsConfig config;
  private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

  /** One documented path: its template and the regular expression matching concrete paths. */
  public record Template(String path, Pattern pattern, int parameters, PathItem item) {}

  /** The documented operation a request went to. */
  public record Match(String path, PathItem.HttpMethod method, Operation operation) {
    public String describe() {
      return method + " " + path + (operation.getOperationId() == null ? "" : " (" + operation.getOperationId() + ")");
    }
  }

  private OpenApiResponses(String yaml) {
    SwaggerParseResult parsed = parse(yaml);
    if (parsed.getOpenAPI() == null || !parsed.getMessages().isEmpty()) {
      throw new IllegalStateException("openapi.yaml does not parse cleanly: " + parsed.getMessages());
    }
    model = parsed.getOpenAPI();
    try {
      raw = Yaml.mapper().readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    model.getPaths().forEach((path, item) -> {
      String regex = "\\Q" + path.replaceAll("\\{[^/}]+}", "\\\\E[^/]+\\\\Q") + "\\E";
      templates.add(new Template(path, Pattern.compile(regex.replace("\\Q\\E", "")),
          (int) path.chars().filter(c -> c == '{').count(), item));
    });
    // A literal segment wins over a parameter (/api/v1/directory/import before /api/v1/directory/{id}).
    templates.sort(Comparator.comparingInt(Template::parameters));
    String document = raw.toString();
    factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4, b -> b
        .metaSchema(OpenApi30.getInstance())
        .defaultMetaSchemaIri(OpenApi30.getInstance().getIri())
        .schemaLoaders(loaders -> loaders.schemas(Map.of(IRI, document))));
    config = SchemaValidatorsConfig.builder()
        .nullableKeywordEnabled(true)
        .formatAssertionsEnabled(true)
        .build();
  }

  /** The description intake serves ({@code openapi.yaml} on the classpath), read once. */
  public static OpenApiResponses contract() {
    OpenApiResponses c = contract;
    if (c == null) {
      synchronized (OpenApiResponses.class) {
        if (contract == null) {
          contract = new OpenApiResponses(text());
        }
        c = contract;
      }
    }
    return c;
  }

  /** A validator for another description (the validator's own tests). */
  public static OpenApiResponses of(String yaml) {
    return new OpenApiResponses(yaml);
  }

  /** The text of intake's {@code openapi.yaml} from the classpath. */
  public static String text() {
    try (InputStream in = OpenApiResponses.class.getResourceAsStream("/openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** swagger-parser's reading of a description, internal references kept as they are written. */
  public static SwaggerParseResult parse(String yaml) {
    ParseOptions options = new ParseOptions();
    options.setResolve(false);
    options.setValidateInternalRefs(true);
    return new OpenAPIV3Parser().readContents(yaml, null, options);
  }

  public OpenAPI model() {
    return model;
  }

  public List<Template> templates() {
    return List.copyOf(templates);
  }

  /** Whether the description speaks for this path: a documented path, or anything under /api/. */
  public boolean covers(String path) {
    return path.startsWith("/api/") || templateOf(path).isPresent();
  }

  public Optional<Template> templateOf(String path) {
    return templates.stream().filter(t -> t.pattern().matcher(path).matches()).findFirst();
  }

  public Optional<Match> operation(String method, String path) {
    return templateOf(path).flatMap(t -> {
      PathItem.HttpMethod m = PathItem.HttpMethod.valueOf(method.toUpperCase(Locale.ROOT));
      Operation op = t.item().readOperationsMap().get(m);
      return op == null ? Optional.empty() : Optional.of(new Match(t.path(), m, op));
    });
  }

  /**
   * What is wrong with this response, empty when it matches the description. {@code body} null
   * means not read (a stream the test hung up on, or a discarded body): status and Content-Type
   * are still checked.
   */
  public List<String> violations(String method, String path, int status, String contentType, byte[] body) {
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    Optional<Template> template = templateOf(bare);
    if (template.isEmpty()) {
      return List.of("no documented path matches " + method + " " + bare);
    }
    Optional<Match> match = operation(method, bare);
    if (match.isEmpty()) {
      return List.of(method + " is not documented for " + template.get().path());
    }
    Operation op = match.get().operation();
    String code = Integer.toString(status);
    String pointer = "/paths/" + escape(match.get().path()) + "/" + method.toLowerCase(Locale.ROOT) + "/responses/";
    ApiResponse response = null;
    for (String key : List.of(code, code.charAt(0) + "XX", "default")) {
      if (op.getResponses() != null && op.getResponses().get(key) != null) {
        response = op.getResponses().get(key);
        pointer += escape(key);
        break;
      }
    }
    if (response == null) {
      return List.of("status " + status + " is not documented (documented: "
          + (op.getResponses() == null ? "none" : op.getResponses().keySet()) + ")");
    }
    if (response.get$ref() != null) {
      String name = response.get$ref().substring(response.get$ref().lastIndexOf('/') + 1);
      response = model.getComponents().getResponses().get(name);
      pointer = "/components/responses/" + escape(name);
      if (response == null) {
        return List.of("response " + name + " is not among the components");
      }
    }
    boolean hasBody = body != null && body.length > 0;
    if (response.getContent() == null || response.getContent().isEmpty()) {
      return hasBody ? List.of("a " + mediaType(contentType) + " body where the description documents none")
          : List.of();
    }
    if (contentType == null) {
      return hasBody || body == null ? List.of("no Content-Type; documented: " + response.getContent().keySet())
          : List.of("no body; documented: " + response.getContent().keySet());
    }
    String type = mediaType(contentType);
    String documented = response.getContent().keySet().stream().filter(k -> matches(k, type)).findFirst().orElse(null);
    if (documented == null) {
      return List.of("Content-Type " + type + " is not documented (documented: " + response.getContent().keySet() + ")");
    }
    if (body == null) {
      return List.of();
    }
    if (!hasBody) {
      return List.of("an empty body where " + documented + " is documented");
    }
    if (!isJson(documented) || response.getContent().get(documented).getSchema() == null) {
      return List.of();
    }
    JsonNode value;
    try {
      value = JSON.readTree(body);
    } catch (IOException e) {
      return List.of("the body is not JSON");
    }
    String schemaPointer = pointer + "/content/" + escape(documented) + "/schema";
    JsonSchema schema = schemas.computeIfAbsent(schemaPointer,
        p -> factory.getSchema(SchemaLocation.of(IRI + "#" + p), config));
    List<String> out = new ArrayList<>();
    for (ValidationMessage m : schema.validate(value)) {
      out.add(describe(m));
    }
    return out;
  }

  /** Like {@link #violations}, as a test failure naming the operation, status and first violations. */
  public void assertMatches(String method, String path, int status, String contentType, byte[] body) {
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    if (!covers(bare)) {
      return;
    }
    List<String> found = violations(method, bare, status, contentType, body);
    if (!found.isEmpty()) {
      String what = operation(method, bare).map(Match::describe).orElse(method + " " + bare);
      StringBuilder message = new StringBuilder(what).append(" answered ").append(status)
          .append(", which breaks openapi.yaml:");
      found.stream().limit(SHOWN).forEach(v -> message.append("\n  - ").append(v));
      if (found.size() > SHOWN) {
        message.append("\n  … and ").append(found.size() - SHOWN).append(" more");
      }
      throw new AssertionError(message.toString());
    }
  }

  /** Checks a response whose body (if read) is a String, byte[], or anything else (not read); returns it. */
  public static <T> HttpResponse<T> check(HttpResponse<T> response) {
    Object b = response.body();
    byte[] body = b instanceof byte[] bytes ? bytes
        : b instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : null;
    check(response, body);
    return response;
  }

  /** Checks a response whose body the caller read itself ({@code null}: not read). */
  public static void check(HttpResponse<?> response, byte[] body) {
    contract().assertMatches(response.request().method(), response.uri().getRawPath(), response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(null), body);
  }

  /**
   * For a test that deliberately calls what the description leaves out (an unknown path, a
   * method no route has, a CORS preflight): whatever intake answers must still be an RFC 9457
   * problem, as the description's introduction promises for every error.
   */
  public static void checkProblem(int status, String contentType, byte[] body) {
    OpenApiResponses c = contract();
    List<String> out = new ArrayList<>();
    if (status < 400) {
      out.add("status " + status + " is not an error");
    }
    if (!"application/problem+json".equals(contentType == null ? null : mediaType(contentType))) {
      out.add("Content-Type " + (contentType == null ? "none" : mediaType(contentType)) + " is not application/problem+json");
    } else if (body == null || body.length == 0) {
      out.add("no problem body");
    } else {
      try {
        JsonNode value = JSON.readTree(body);
        JsonSchema schema = c.schemas.computeIfAbsent("/components/schemas/Problem",
            p -> c.factory.getSchema(SchemaLocation.of(IRI + "#" + p), c.config));
        schema.validate(value).forEach(m -> out.add(describe(m)));
      } catch (IOException e) {
        out.add("the body is not JSON");
      }
    }
    if (!out.isEmpty()) {
      throw new AssertionError("an undocumented call answered " + status + ", not as a problem: " + String.join("; ", out));
    }
  }

  /**
   * Checks a JSON value against a component schema (a Server-Sent Event's data, which no
   * response schema covers): a failure names the schema and the first violations by field path.
   */
  public static void checkSchema(String component, String json) {
    OpenApiResponses c = contract();
    List<String> out = new ArrayList<>();
    try {
      JsonNode value = JSON.readTree(json);
      JsonSchema schema = c.schemas.computeIfAbsent("/components/schemas/" + escape(component),
          p -> c.factory.getSchema(SchemaLocation.of(IRI + "#" + p), c.config));
      schema.validate(value).forEach(m -> out.add(describe(m)));
    } catch (IOException e) {
      out.add("not JSON");
    }
    if (!out.isEmpty()) {
      throw new AssertionError("a " + component + " breaks openapi.yaml:\n  - "
          + String.join("\n  - ", out.subList(0, Math.min(SHOWN, out.size()))));
    }
  }

  private static String describe(ValidationMessage m) {
    JsonNode instance = m.getInstanceNode();
    String kind = instance == null ? "?" : instance.getNodeType().name().toLowerCase(Locale.ROOT);
    String where = m.getSchemaLocation() == null ? "" : m.getSchemaLocation().getFragment().toString();
    String property = m.getProperty() == null ? "" : " '" + m.getProperty() + "'";
    String at = m.getInstanceLocation().toString();
    return (at.isEmpty() ? "(body)" : at) + " (" + kind + "): " + m.getType() + property + " at #" + where;
  }

  private static String mediaType(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  private static boolean matches(String documented, String actual) {
    String d = documented.toLowerCase(Locale.ROOT);
    return d.equals(actual) || d.equals("*/*")
        || d.endsWith("/*") && actual.startsWith(d.substring(0, d.length() - 1));
  }

  private static boolean isJson(String mediaType) {
    return mediaType.equals("application/json") || mediaType.endsWith("+json");
  }

  static String escape(String pointerToken) {
    return pointerToken.replace("~", "~0").replace("/", "~1");
  }
}
