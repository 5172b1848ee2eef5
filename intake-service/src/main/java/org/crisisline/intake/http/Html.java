package org.crisisline.intake.http;

import io.vertx.ext.web.RoutingContext;

/** Minimal server-rendered pages for the signed links; everything interpolated is escaped. */
final class Html {
  private Html() {}

  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  static void send(RoutingContext ctx, int status, String title, String bodyHtml) {
    String page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<meta name=\"robots\" content=\"noindex\"><title>" + escape(title) + " · crisisline</title>"
        + "<link rel=\"stylesheet\" href=\"/assets/app.css\"></head><body><main><h1>" + escape(title) + "</h1>"
        + bodyHtml + "</main></body></html>";
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(page);
  }

  /** A page of one escaped sentence: what a link says when it changed nothing or refused. */
  static void message(RoutingContext ctx, int status, String title, String text) {
    send(ctx, status, title, "<p>" + escape(text) + "</p>");
  }

  /** An enum constant for people ({@code NO_CAPACITY} → "No capacity"); {@code none} when absent. */
  static String label(String enumName, String none) {
    if (enumName == null) {
      return none;
    }
    String t = enumName.replace('_', ' ').toLowerCase();
    return Character.toUpperCase(t.charAt(0)) + t.substring(1);
  }
}
