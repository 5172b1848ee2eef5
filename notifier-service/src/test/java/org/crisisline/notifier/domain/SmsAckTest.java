package org.crisisline.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmsAckTest {

  @Test
  void ackAndTheCodeInAnyCaseWithSpacesAroundAndBetweenAreRead() {
    assertThat(SmsAck.parse("ACK 4821")).contains(new SmsAck("4821"));
    assertThat(SmsAck.parse("  ack   4821  ")).contains(new SmsAck("4821"));
    assertThat(SmsAck.parse("Ack\tk7q2mz")).contains(new SmsAck("K7Q2MZ"));
    assertThat(SmsAck.parse("ACK: 4821.")).contains(new SmsAck("4821"));
  }

  @Test
  void wordsAfterTheCodeAreDroppedNotKept() {
    assertThat(SmsAck.parse("ack 4821 on my way, 10 minutes")).contains(new SmsAck("4821"));
  }

  @Test
  void anythingElseIsNotAnAcknowledgement() {
    assertThat(SmsAck.parse("ACK")).isEmpty();
    assertThat(SmsAck.parse("ACKNOWLEDGED")).isEmpty();
    assertThat(SmsAck.parse("YES 4821")).isEmpty();
    assertThat(SmsAck.parse("I will ack 4821")).isEmpty();
    assertThat(SmsAck.parse("")).isEmpty();
    assertThat(SmsAck.parse(null)).isEmpty();
  }
}
