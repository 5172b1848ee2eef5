package org.crisisline.intake.auth;

import java.time.Instant;
import java.util.List;

/**
 * Who is calling, from a verified token: username, roles, for a responder their id, when the
 * token expires, the session it belongs to and when that session signed in (all three null for
 * principals that did not come from a token, e.g. a fresh login). A session spans every token
 * renewed from one sign-in: logout revokes it, and it ends CRISISLINE_SESSION_MAX_SECONDS after
 * {@code authTime} whatever the renewals.
 */
public record Principal(String username, List<String> roles, String responderId, Instant expiresAt,
    String sessionId, Instant authTime) {
  public static final String STAFF = "staff";
  public static final String RESPONDER = "responder";
  public static final String SUPERVISOR = "supervisor";
  public static final String ADMIN = "admin";

  public Principal {
    roles = List.copyOf(roles);
  }

  public Principal(String username, List<String> roles, String responderId) {
    this(username, roles, responderId, null, null, null);
  }

  public Principal(String username, List<String> roles, String responderId, Instant expiresAt) {
    this(username, roles, responderId, expiresAt, null, null);
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
