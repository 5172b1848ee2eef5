package org.crisisline.intake.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * 415 unless a body comes as JSON. {@code optional}: an empty body is fine (e.g. an accept with
 * no reason), but a non-empty one must still be JSON.
 */
public final class MediaType {
  private MediaType() {}

  public static Handler<RoutingContext> json(boolean optional) {
    return ctx -> {
      byte[] body = Http.body(ctx);
      if (optional && body.length == 0) {
        ctx.next();
        return;
      }
      String type = ctx.request().getHeader("Content-Type");
      String base = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
      if (!base.equals("application/json") && !(base.startsWith("application/") && base.endsWith("+json"))) {
        Http.problem(ctx, 415, "Unsupported media type", "Send the body as application/json.");
        return;
      }
      ctx.next();
    };
  }
}
