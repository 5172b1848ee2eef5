package org.crisisline.intake.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;

class DemoAccountsTest {
  private final DemoAccounts accounts =
      new DemoAccounts(PasswordHash.of("s3cret".toCharArray()), Set.of("resp-1")::contains);

  @Test
  void fixedAccountsAndKnownRespondersLogInWithTheDemoPassword() {
    assertThat(accounts.login("staff", "s3cret".toCharArray())).get().extracting(Principal::roles)
        .asList().containsExactly("staff");
    assertThat(accounts.login("admin", "s3cret".toCharArray())).get().extracting(Principal::primaryRole).isEqualTo("admin");
    Principal responder = accounts.login("resp-1", "s3cret".toCharArray()).orElseThrow();
    assertThat(responder.responderId()).isEqualTo("resp-1");
    assertThat(responder.roles()).containsExactly("responder");
  }

  @Test
  void wrongPasswordsAndUnknownUsersAreRefused() {
    assertThat(accounts.login("staff", "guess".toCharArray())).isEmpty();
    assertThat(accounts.login("resp-2", "s3cret".toCharArray())).isEmpty();
    assertThat(accounts.login(null, "s3cret".toCharArray())).isEmpty();
  }

  @Test
  void theSamePasswordHashesDifferentlyEachTimeAndStillMatches() {
    PasswordHash a = PasswordHash.of("same".toCharArray());
    PasswordHash b = PasswordHash.of("same".toCharArray());
    assertThat(a.hash()).as("random salt").isNotEqualTo(b.hash());
    assertThat(a.matches("same".toCharArray())).isTrue();
    assertThat(b.matches("same".toCharArray())).isTrue();
    assertThat(a.matches("Same".toCharArray())).isFalse();
  }

  @Test
  void theHashIsPbkdf2WithHmacSha256At120000Iterations() throws Exception {
    byte[] salt = "sixteen byte sal".getBytes(StandardCharsets.US_ASCII);
    PBEKeySpec spec = new PBEKeySpec("pw".toCharArray(), salt, 120_000, 256);
    byte[] reference = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();

    assertThat(PasswordHash.of("pw".toCharArray(), salt).hash()).isEqualTo(reference);
  }
}
