package org.crisisline.intake.domain;

import java.util.regex.Pattern;

/** Shapes of path ids; anything else is a 404 before any lookup. */
public final class ResourceIds {
  /** Responder and service ids double as login names: lowercase, short, URL-safe. */
  public static final Pattern RESOURCE_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");

  private ResourceIds() {}

  public static boolean valid(String id) {
    return id != null && RESOURCE_ID.matcher(id).matches();
  }
}
