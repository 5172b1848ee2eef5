package org.crisisline.intake.domain;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * Strict JSON parsing of client bodies: duplicate keys, trailing garbage and deep nesting are
 * refused. Parse errors are reported by position only; Jackson's own messages quote the input.
 */
public final class Json {
  private static final ObjectMapper STRICT = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  static {
    STRICT.getFactory().setStreamReadConstraints(
        StreamReadConstraints.builder().maxNestingDepth(32).maxStringLength(1_000_000).build());
  }

  private Json() {}

  /** The body as a JSON object, or {@link InvalidInput} on "body". */
  public static JsonNode parseObject(byte[] body) {
    if (body == null || body.length == 0) {
      throw InvalidInput.of("body", "a JSON object is required");
    }
    JsonNode node;
    try {
      node = STRICT.readTree(body);
    } catch (IOException | RuntimeException e) {
      throw InvalidInput.of("body", "malformed JSON");
    }
    if (node == null || !node.isObject()) {
      throw InvalidInput.of("body", "must be a JSON object");
    }
    return node;
  }

  /** Any JSON value (for imports that accept an object or an array). */
  public static JsonNode parseAny(byte[] body) {
    if (body == null || body.length == 0) {
      throw InvalidInput.of("body", "JSON is required");
    }
    try {
      JsonNode node = STRICT.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw InvalidInput.of("body", "JSON is required");
      }
      return node;
    } catch (IOException e) {
      throw InvalidInput.of("body", "malformed JSON");
    }
  }
}
