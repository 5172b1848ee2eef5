package org.crisisline.intake.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;

class DemoAccountsTest {
  private static final String DEMO = "s3cret";
  private final DemoAccounts accounts = new DemoAccounts(DEMO, Set.of("resp-1", "resp-2")::contains);

  private static char[] pw(String username) {
    return DemoAccounts.passwordFor(DEMO, username).toCharArray();
  }

  @Test
  void fixedAccountsAndKnownRespondersLogInWithTheirOwnPassword() {
    assertThat(accounts.login("staff", pw("staff"))).get().extracting(Principal::roles)
        .asList().containsExactly("staff");
    assertThat(accounts.login("admin", pw("admin"))).get().extracting(Principal::primaryRole).isEqualTo("admin");
    Principal responder = accounts.login("resp-1", pw("resp-1")).orElseThrow();
    assertThat(responder.responderId()).isEqualTo("resp-1");
    assertThat(responder.roles()).containsExactly("responder");
  }

  @Test
  void aRespondersPasswordDoesNotOpenAdminOrAnotherResponder() {
    // Given a responder who knows their own demo password
    char[] mine = pw("resp-1");
    // Then it opens neither admin, supervisor, staff nor another responder
    for (String other : new String[] {"admin", "supervisor", "staff", "resp-2"}) {
      assertThat(accounts.login(other, mine)).as(other).isEmpty();
    }
    // And the shared demo password itself opens nothing
    assertThat(accounts.login("admin", DEMO.toCharArray())).isEmpty();
  }

  @Test
  void wrongPasswordsAndUnknownUsersAreRefused() {
    assertThat(accounts.login("staff", "guess".toCharArray())).isEmpty();
    assertThat(accounts.login("resp-3", pw("resp-3"))).isEmpty();
    assertThat(accounts.login(null, pw("staff"))).isEmpty();
  }

  @Test
  void theDerivationIsPbkdf2WithHmacSha256At120000IterationsSaltedWithTheUsername() throws Exception {
    byte[] salt = "crisisline demo account admin".getBytes(StandardCharsets.UTF_8);
    PBEKeySpec spec = new PBEKeySpec(DEMO.toCharArray(), salt, 120_000, 128);
    byte[] reference = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();

    assertThat(DemoAccounts.passwordFor(DEMO, "admin"))
        .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(reference));
  }
}
