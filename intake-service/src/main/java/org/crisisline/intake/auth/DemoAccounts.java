package org.crisisline.intake.auth;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The local stack's demo logins: {@code staff}, {@code supervisor}, {@code admin}, and every
 * responder known in the {@code responders} view under its responderId. All share
 * CRISISLINE_DEMO_PASSWORD, kept only as a salted PBKDF2 hash. Unknown usernames still pay a
 * hash, so response time does not tell which names exist.
 */
public final class DemoAccounts {
  private static final Map<String, String> FIXED = Map.of(
      "staff", Principal.STAFF, "supervisor", Principal.SUPERVISOR, "admin", Principal.ADMIN);

  /** Names of the fixed accounts; no responder may take one (their login would be ambiguous). */
  public static final java.util.Set<String> RESERVED = FIXED.keySet();

  private final PasswordHash hash;
  private final Predicate<String> isResponder;

  public DemoAccounts(PasswordHash hash, Predicate<String> isResponder) {
    this.hash = hash;
    this.isResponder = isResponder;
  }

  /**
   * Whether the holder of a valid token may have it renewed (POST /api/v1/session/refresh): yes,
   * unless it is a responder who has since been removed or made inactive, who could not log in.
   */
  public boolean mayRenew(Principal who) {
    if (!who.has(Principal.RESPONDER)) {
      return true;
    }
    return isResponder.test(who.responderId() != null ? who.responderId() : who.username());
  }

  /** Blocking (PBKDF2): call off the event loop. */
  public Optional<Principal> login(String username, char[] password) {
    boolean ok = hash.matches(password);
    if (!ok || username == null) {
      return Optional.empty();
    }
    String role = FIXED.get(username);
    if (role != null) {
      return Optional.of(new Principal(username, List.of(role), null));
    }
    if (isResponder.test(username)) {
      return Optional.of(new Principal(username, List.of(Principal.RESPONDER), username));
    }
    return Optional.empty();
  }
}
