package org.crisisline.routing.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.crisisline.events.AgeGroup;
import org.crisisline.events.Channel;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Need;
import org.crisisline.events.PiiCipher;
import org.crisisline.events.Sealed;
import org.crisisline.events.Urgency;
import org.junit.jupiter.api.Test;

/**
 * What routing keeps of a request's personal fields: the sealed caller contact of a caller who
 * consented to be contacted (for the caring message of their follow-ups), nothing else.
 */
class RequestRouterPiiTest {
  private static final PiiCipher CIPHER = PiiCipher.fromKeyring(PiiCipher.generateKeyring("k1"));

  private static HelpRequestLogged logged(boolean consent) {
    Sealed summary = CIPHER.seal("summary", "r-1", "talked about the bridge");
    Sealed contact = CIPHER.seal("callerContact", "r-1", "{\"phone\":\"+15035550142\"}");
    return new HelpRequestLogged("e-1", Instant.parse("2026-11-20T10:00:00Z"), "r-1", Channel.PHONE, Urgency.HIGH,
        Need.CRISIS_COUNSELLING, null, "en", "north", "97201", AgeGroup.ADULT, List.of(), summary, contact, consent,
        "staff", "caller-key", null, null, null);
  }

  @Test
  void theSealedContactStaysOnlyWithConsentAndTheSummaryAndCallerKeyNever() {
    HelpRequestLogged consented = RequestRouter.withoutPii(logged(true));
    assertThat(CIPHER.open("callerContact", "r-1", consented.callerContact())).contains("+15035550142");
    assertThat(consented.summary()).isNull();
    assertThat(consented.callerKey()).isNull();

    HelpRequestLogged notConsented = RequestRouter.withoutPii(logged(false));
    assertThat(notConsented.callerContact()).isNull();
    assertThat(notConsented.summary()).isNull();
    assertThat(notConsented.callerKey()).isNull();
    assertThat(notConsented.toString()).doesNotContain("+15035550142", "bridge");
  }
}
