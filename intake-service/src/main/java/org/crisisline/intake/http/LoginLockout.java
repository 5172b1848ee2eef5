package org.crisisline.intake.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-account lockout against password guessing spread over many addresses: 10 failed sign-ins
 * within 15 minutes lock that username for 15 minutes, doubling with each further lockout (up to
 * a day) until a successful sign-in. While locked, even the right password is refused; other
 * accounts are unaffected. Unknown usernames are counted the same, so a lockout tells nothing
 * about which names exist. Kept in memory per intake instance (bounded, least recently used
 * forgotten first): with N instances behind the proxy an attacker gets at most N times the
 * attempts, which at 10 per 15 minutes is still far from guessing a password.
 */
public final class LoginLockout {
  static final int MAX_FAILURES = 10;
  static final Duration WINDOW = Duration.ofMinutes(15);
  static final Duration FIRST_LOCK = Duration.ofMinutes(15);
  private static final Duration LONGEST_LOCK = Duration.ofDays(1);
  private static final int MAX_ACCOUNTS = 50_000;

  private final Clock clock;
  private final Map<String, Account> accounts = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Account> eldest) {
      return size() > MAX_ACCOUNTS;
    }
  };

  private static final class Account {
    final Deque<Instant> failures = new ArrayDeque<>();
    Instant lockedUntil = Instant.MIN;
    int lockouts;
  }

  public LoginLockout(Clock clock) {
    this.clock = clock;
  }

  /** When the account's lockout ends, or null if it may try now. */
  public synchronized Instant lockedUntil(String username) {
    Account a = accounts.get(username);
    Instant now = clock.instant();
    return a != null && now.isBefore(a.lockedUntil) ? a.lockedUntil : null;
  }

  public synchronized void failed(String username) {
    Instant now = clock.instant();
    Account a = accounts.computeIfAbsent(username, u -> new Account());
    a.failures.addLast(now);
    while (!a.failures.isEmpty() && !a.failures.peekFirst().isAfter(now.minus(WINDOW))) {
      a.failures.removeFirst();
    }
    if (a.failures.size() >= MAX_FAILURES) {
      Duration lock = FIRST_LOCK.multipliedBy(1L << Math.min(a.lockouts, 10));
      a.lockedUntil = now.plus(lock.compareTo(LONGEST_LOCK) > 0 ? LONGEST_LOCK : lock);
      a.lockouts++;
      a.failures.clear();
    }
  }

  public synchronized void succeeded(String username) {
    accounts.remove(username);
  }
}
