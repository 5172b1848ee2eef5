package org.crisisline.intake.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class LoginLockoutTest {
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Clock clock = new Clock() {
    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };
  private final LoginLockout lockout = new LoginLockout(clock);

  private void fail(String user, int times) {
    for (int i = 0; i < times; i++) {
      lockout.failed(user);
    }
  }

  @Test
  void tenFailuresInFifteenMinutesLockTheAccountForFifteenMinutesThenThirtyOnRepeat() {
    fail("admin", 9);
    assertThat(lockout.lockedUntil("admin")).isNull();
    fail("admin", 1);
    assertThat(lockout.lockedUntil("admin")).isEqualTo(now.plus(Duration.ofMinutes(15)));
    // Other accounts are unaffected
    assertThat(lockout.lockedUntil("staff")).isNull();
    // After the lockout, ten more failures lock it twice as long
    now = now.plus(Duration.ofMinutes(16));
    assertThat(lockout.lockedUntil("admin")).isNull();
    fail("admin", 10);
    assertThat(lockout.lockedUntil("admin")).isEqualTo(now.plus(Duration.ofMinutes(30)));
  }

  @Test
  void failuresSpreadBeyondTheWindowDoNotLock() {
    for (int i = 0; i < 20; i++) {
      lockout.failed("staff");
      now = now.plus(Duration.ofMinutes(2));
    }
    assertThat(lockout.lockedUntil("staff")).isNull();
  }
}
