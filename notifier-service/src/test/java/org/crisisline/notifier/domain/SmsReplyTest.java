package org.crisisline.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmsReplyTest {
  @Test
  void readsYesAndNoWithACodeInAnyCase() {
    assertThat(SmsReply.parse("YES K7Q2MZ")).contains(new SmsReply(true, "K7Q2MZ"));
    assertThat(SmsReply.parse("  no k7q2mz  thanks")).contains(new SmsReply(false, "K7Q2MZ"));
    assertThat(SmsReply.parse("y")).contains(new SmsReply(true, null));
    assertThat(SmsReply.parse("Decline, K7Q2MZ")).contains(new SmsReply(false, "K7Q2MZ"));
  }

  @Test
  void ignoresAnythingThatIsNotAnAnswer() {
    assertThat(SmsReply.parse("maybe later")).isEmpty();
    assertThat(SmsReply.parse("")).isEmpty();
    assertThat(SmsReply.parse(null)).isEmpty();
  }
}
