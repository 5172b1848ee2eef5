package org.crisisline.intake.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import org.crisisline.events.JsonSerde;
import org.crisisline.intake.domain.FieldError;
import org.crisisline.intake.domain.InvalidInput;

/**
 * Writing responses: JSON bodies through the events' mapper (ISO instants), and errors as RFC 9457
 * {@code application/problem+json} with an {@code errors} list of the fields at fault.
 */
public final class Http {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Http.class);
  public static final String PROBLEM_JSON = "application/problem+json";

  private Http() {}

  public static void json(RoutingContext ctx, int status, Object body) {
    try {
      byte[] bytes = JsonSerde.MAPPER.writeValueAsBytes(body);
      ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
          .end(Buffer.buffer(bytes));
    } catch (JsonProcessingException e) {
      ctx.fail(500, e);
    }
  }

  public static void problem(RoutingContext ctx, int status, String title, String detail) {
    problem(ctx, status, title, detail, List.of());
  }

  public static void problem(RoutingContext ctx, int status, String title, String detail, List<FieldError> errors) {
    if (ctx.response().ended() || ctx.response().headWritten()) {
      return;
    }
    var body = new java.util.LinkedHashMap<String, Object>();
    body.put("type", "about:blank");
    body.put("title", title);
    body.put("status", status);
    if (detail != null) {
      body.put("detail", detail);
    }
    body.put("instance", ctx.request().path());
    if (!errors.isEmpty()) {
      body.put("errors", errors.stream().map(e -> Map.of("field", e.field(), "message", e.message())).toList());
    }
    try {
      ctx.response().setStatusCode(status).putHeader("Content-Type", PROBLEM_JSON)
          .end(Buffer.buffer(JsonSerde.MAPPER.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      ctx.response().setStatusCode(500).end();
    }
  }

  public static void invalid(RoutingContext ctx, InvalidInput e) {
    // Field names and rules only: the values may be a caller's phone number or notes.
    LOG.debug("{} {} refused, fields at fault: {}", ctx.request().method(), ctx.request().path(),
        e.errors().stream().map(FieldError::field).toList());
    problem(ctx, 400, "Invalid request", "One or more fields are invalid.", e.errors());
  }

  /** The raw body bytes (empty array when there is none). */
  public static byte[] body(RoutingContext ctx) {
    Buffer b = ctx.body() == null ? null : ctx.body().buffer();
    return b == null ? new byte[0] : b.getBytes();
  }

  public static String titleFor(int status) {
    return switch (status) {
      case 400 -> "Bad request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not found";
      case 405 -> "Method not allowed";
      case 406 -> "Not acceptable";
      case 409 -> "Conflict";
      case 410 -> "Gone";
      case 413 -> "Content too large";
      case 415 -> "Unsupported media type";
      case 422 -> "Unprocessable content";
      case 429 -> "Too many requests";
      case 503 -> "Service unavailable";
      default -> status >= 500 ? "Internal error" : "Error";
    };
  }
}
