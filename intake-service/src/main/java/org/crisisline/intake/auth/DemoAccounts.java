package org.crisisline.intake.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The local stack's demo logins: {@code staff}, {@code supervisor}, {@code admin}, and every
 * responder known in the {@code responders} view under its responderId. Each account has its own
 * password, {@link #passwordFor derived} from CRISISLINE_DEMO_PASSWORD and the username by
 * PBKDF2, so knowing one account's password (a responder's, say) neither opens another account
 * nor, the derivation being slow, gives a cheap way to guess the demo password behind it. Demo
 * accounts exist only when CRISISLINE_DEMO_PASSWORD is set; the local stack sets it and prints
 * each account's password. Unknown usernames pay the same derivation, so response time does not
 * tell which names exist.
 */
public final class DemoAccounts {
  private static final Map<String, String> FIXED = Map.of(
      "staff", Principal.STAFF, "supervisor", Principal.SUPERVISOR, "admin", Principal.ADMIN);

  /** Names of the fixed accounts; no responder may take one (their login would be ambiguous). */
  public static final java.util.Set<String> RESERVED = FIXED.keySet();

  private final char[] demoPassword;
  private final Predicate<String> isResponder;

  public DemoAccounts(String demoPassword, Predicate<String> isResponder) {
    this.demoPassword = demoPassword.toCharArray();
    this.isResponder = isResponder;
  }

  /**
   * The password of one demo account: PBKDF2-HMAC-SHA256 of the demo password, salted with the
   * username, 22 URL-safe characters. The local stack prints these; tests sign in with them.
   */
  public static String passwordFor(String demoPassword, String username) {
    return derive(demoPassword.toCharArray(), username);
  }

  private static String derive(char[] demoPassword, String username) {
    byte[] salt = ("crisisline demo account " + username).getBytes(StandardCharsets.UTF_8);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(PasswordHash.derive(demoPassword, salt, 128));
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
    String expected = derive(demoPassword, username == null ? "" : username);
    boolean ok = MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        new String(password).getBytes(StandardCharsets.UTF_8));
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
