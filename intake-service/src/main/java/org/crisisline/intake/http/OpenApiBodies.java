package org.crisisline.intake.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crisisline.intake.domain.FieldError;
import org.crisisline.intake.domain.InvalidInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Validates JSON request bodies against the schemas of {@code openapi.yaml} (vertx-openapi's
 * contract and JSON Schema validator), per operationId. It runs after authentication and
 * authorisation (so 401/403 come first) and before the domain validators, which add the rules a
 * schema cannot state (region known to intake, libphonenumber validity, referralKind only with
 * REFERRAL). Errors name the field and the violated keyword, never the value: the schema
 * library's own messages may quote it, and the value may be a caller's phone number.
 */
public final class OpenApiBodies {
  private static final Logger LOG = LoggerFactory.getLogger(OpenApiBodies.class);
  // vertx-json-schema's wording for a missing property: Instance does not have required property "x"
  private static final Pattern REQUIRED_PROPERTY = Pattern.compile("required property \"([A-Za-z0-9_]+)\"");
  private final Map<String, Validator> validators = new HashMap<>();

  private OpenApiBodies() {}

  /**
   * Loads the contract from the classpath and has vertx-openapi check it against the OpenAPI
   * meta-schema; fails start-up if the file is not valid OpenAPI. The served file keeps every
   * response media type; vertx-openapi refuses those it cannot validate (problem+json, HTML,
   * event streams), so they are dropped from the copy used here — only request bodies matter —
   * and so are form request bodies (their routes check their one field themselves).
   */
  public static OpenApiBodies load(Vertx vertx, Duration timeout) throws Exception {
    JsonObject raw;
    try (InputStream in = OpenApiBodies.class.getResourceAsStream("/openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml missing from the classpath");
      }
      Map<String, Object> tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      raw = new JsonObject(tree);
    }
    dropUnsupportedResponseTypes(raw);
    OpenAPIContract contract = OpenAPIContract.from(vertx, raw)
        .toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    OpenApiBodies bodies = new OpenApiBodies();
    for (Operation op : contract.operations()) {
      if (op.getRequestBody() == null) {
        continue;
      }
      MediaType json = op.getRequestBody().getContent().get("application/json");
      if (json != null && json.getSchema() != null) {
        bodies.validators.put(op.getOperationId(), contract.getSchemaRepository().validator(json.getSchema()));
      }
    }
    return bodies;
  }

  private static void dropUnsupportedResponseTypes(JsonObject contract) {
    JsonObject paths = contract.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        // A form body (the referral link's page posts forms) is checked by its route, not here.
        JsonObject body = item.getJsonObject(method).getJsonObject("requestBody");
        if (body != null && body.getJsonObject("content") != null) {
          body.getJsonObject("content").fieldNames().removeIf(type -> !MediaType.isMediaTypeSupported(type));
          if (body.getJsonObject("content").isEmpty()) {
            item.getJsonObject(method).remove("requestBody");
          }
        }
        JsonObject responses = item.getJsonObject(method).getJsonObject("responses", new JsonObject());
        for (String status : responses.fieldNames()) {
          JsonObject content = responses.getJsonObject(status).getJsonObject("content");
          if (content != null) {
            content.fieldNames().removeIf(type -> !MediaType.isMediaTypeSupported(type));
          }
        }
      }
    }
    JsonObject shared = contract.getJsonObject("components", new JsonObject()).getJsonObject("responses", new JsonObject());
    for (String name : shared.fieldNames()) {
      JsonObject content = shared.getJsonObject(name).getJsonObject("content");
      if (content != null) {
        content.fieldNames().removeIf(type -> !MediaType.isMediaTypeSupported(type));
      }
    }
  }

  public Set<String> operations() {
    return validators.keySet();
  }

  /** The fields at fault for this body (empty when valid or when the body is not for a schema). */
  public List<FieldError> check(String operationId, byte[] body) {
    Validator validator = validators.get(operationId);
    if (validator == null || body.length == 0) {
      return List.of();
    }
    Object value;
    try {
      value = Json.decodeValue(io.vertx.core.buffer.Buffer.buffer(body));
    } catch (DecodeException e) {
      return List.of(new FieldError("body", "malformed JSON"));
    }
    try {
      OutputUnit result = validator.validate(withoutNulls(value));
      return Boolean.TRUE.equals(result.getValid()) ? List.of() : errors(result);
    } catch (RuntimeException e) {
      // A schema engine fault is not the client's: the domain validator still checks every rule.
      LOG.warn("schema validation of {} failed: {}", operationId, e.getClass().getSimpleName());
      return List.of();
    }
  }

  /** A null member means "absent" to the domain validators; the schema is told the same. */
  private static Object withoutNulls(Object value) {
    if (value instanceof JsonObject o) {
      JsonObject copy = new JsonObject();
      o.forEach(e -> {
        if (e.getValue() != null) {
          copy.put(e.getKey(), withoutNulls(e.getValue()));
        }
      });
      return copy;
    }
    if (value instanceof io.vertx.core.json.JsonArray a) {
      io.vertx.core.json.JsonArray copy = new io.vertx.core.json.JsonArray();
      a.forEach(v -> copy.add(withoutNulls(v)));
      return copy;
    }
    return value;
  }

  /**
   * A route handler: when the body breaks the schema, 400 listing the schema's fields at fault
   * together with the domain validator's (run on the same body), so one answer names every field;
   * otherwise on to the route, whose domain validation then runs as usual.
   */
  public Handler<RoutingContext> handler(String operationId, BiConsumer<RoutingContext, byte[]> domainCheck) {
    if (!validators.containsKey(operationId)) {
      throw new IllegalArgumentException("no JSON body schema for operation " + operationId);
    }
    return ctx -> {
      byte[] body = Http.body(ctx);
      List<FieldError> schemaErrors = check(operationId, body);
      if (schemaErrors.isEmpty()) {
        ctx.next();
        return;
      }
      List<FieldError> domainErrors = List.of();
      try {
        domainCheck.accept(ctx, body);
      } catch (InvalidInput e) {
        domainErrors = e.errors();
      }
      Http.invalid(ctx, new InvalidInput(merge(domainErrors, schemaErrors)));
    };
  }

  /**
   * Each field at fault once, in the domain validator's words where it has any. A schema error
   * about an object as a whole (the body, or a nested object: "violates 'additionalProperties'")
   * is dropped when the domain validator named a field inside it, which says more.
   */
  static List<FieldError> merge(List<FieldError> domainErrors, List<FieldError> schemaErrors) {
    Map<String, FieldError> merged = new LinkedHashMap<>();
    domainErrors.forEach(f -> merged.putIfAbsent(f.field(), f));
    for (FieldError f : specific(schemaErrors)) {
      boolean saidBetter = domainErrors.stream().anyMatch(d -> d.field().equals(f.field()) || isInside(d.field(), f.field()));
      if (!saidBetter) {
        merged.putIfAbsent(f.field(), f);
      }
    }
    return new ArrayList<>(merged.values());
  }

  /**
   * The schema's errors, one per field, without those about an object when a field inside it
   * is named too (the allOf/$ref wrappers and additionalProperties report at the object).
   */
  private static List<FieldError> specific(List<FieldError> schemaErrors) {
    Map<String, FieldError> out = new LinkedHashMap<>();
    for (FieldError f : schemaErrors) {
      if (schemaErrors.stream().noneMatch(g -> isInside(g.field(), f.field()))) {
        out.putIfAbsent(f.field(), f);
      }
    }
    return new ArrayList<>(out.values());
  }

  /** Whether {@code field} lies strictly inside {@code object} ("body" is the root). */
  private static boolean isInside(String field, String object) {
    return object.equals("body") ? !field.equals("body")
        : field.startsWith(object + ".") || field.startsWith(object + "[");
  }

  private static List<FieldError> errors(OutputUnit result) {
    Set<FieldError> out = new LinkedHashSet<>();
    collect(result, out);
    if (out.isEmpty()) {
      out.add(new FieldError("body", "does not match the schema"));
    }
    return specific(new ArrayList<>(out));
  }

  private static void collect(OutputUnit unit, Set<FieldError> out) {
    if (unit.getErrors() != null && !unit.getErrors().isEmpty()) {
      unit.getErrors().forEach(e -> collect(e, out));
      return;
    }
    if (Boolean.TRUE.equals(unit.getValid()) || unit.getKeywordLocation() == null) {
      return;
    }
    String pointer = unit.getInstanceLocation() == null ? "" : unit.getInstanceLocation();
    String field = pointer.replaceFirst("^#?/?", "").replace('/', '.').replaceAll("\\.(\\d+)(?=\\.|$)", "[$1]");
    String keyword = unit.getKeywordLocation().substring(unit.getKeywordLocation().lastIndexOf('/') + 1);
    Matcher missing = keyword.equals("required") && unit.getError() != null
        ? REQUIRED_PROPERTY.matcher(unit.getError()) : null;
    if (missing != null && missing.find()) {
      // The schema names the missing property (its own name, not input): report that field.
      out.add(new FieldError(field.isEmpty() ? missing.group(1) : field + "." + missing.group(1), "is required"));
      return;
    }
    out.add(new FieldError(field.isEmpty() ? "body" : field, "violates schema keyword '" + keyword + "'"));
  }
}
