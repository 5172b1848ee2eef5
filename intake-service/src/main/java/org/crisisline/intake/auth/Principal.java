package org.crisisline.intake.auth;

import java.time.Instant;
import java.util.List;

/**
 * Who is calling, from a verified token: username, roles, for a responder their id, and when the
 * token expires (null for principals that did not come from a token, e.g. a fresh login).
 */
public record Principal(String username, List<String> roles, String responderId, Instant expiresAt) {
  public static final String STAFF = "staff";
  public static final String RESPONDER = "responder";
  public static final String SUPERVISOR = "supervisor";
  public static final String ADMIN = "admin";

  public Principal {
    roles = List.copyOf(roles);
  }

  public Principal(String username, List<String> roles, String responderId) {
    this(username, roles, responderId, null);
  }

  public boolean has(String role) {
    return roles.contains(role);
  }

  public boolean hasAny(List<String> wanted) {
    return wanted.stream().anyMatch(roles::contains);
  }

  /** The role shown first by the UI. */
  public String primaryRole() {
    for (String r : List.of(ADMIN, SUPERVISOR, STAFF, RESPONDER)) {
      if (roles.contains(r)) {
        return r;
      }
    }
    return roles.isEmpty() ? "" : roles.get(0);
  }
}
