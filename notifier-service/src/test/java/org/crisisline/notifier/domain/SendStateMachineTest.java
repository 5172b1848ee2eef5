package org.crisisline.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.SendRecord;
import org.junit.jupiter.api.Test;

class SendStateMachineTest {
  private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

  private static SendRecord rec(SendState state, String providerStatus) {
    return new SendRecord("e", AT, "off-1", DeliveryChannel.SMS, "r-1", state.name(), 1, "SM1", providerStatus, null);
  }

  @Test
  void anOfferIsSentOnlyWhenTheLedgerHasNothingOrASafeRetry() {
    assertThat(SendStateMachine.onOffer(null)).isEqualTo(SendStateMachine.Start.FIRST_ATTEMPT);
    assertThat(SendStateMachine.onOffer(rec(SendState.RETRYING, null))).isEqualTo(SendStateMachine.Start.RESUME);
    for (SendState settled : new SendState[] {SendState.SENT, SendState.UNKNOWN, SendState.DELIVERED,
        SendState.FAILED, SendState.STOPPED}) {
      assertThat(SendStateMachine.onOffer(rec(settled, null))).isEqualTo(SendStateMachine.Start.SKIP);
    }
  }

  @Test
  void aClaimLeftByADeadProcessBecomesUnknownNotAResend() {
    assertThat(SendStateMachine.onOffer(rec(SendState.CLAIMED, null))).isEqualTo(SendStateMachine.Start.MARK_UNKNOWN);
  }

  @Test
  void aClaimMarkedUnknownKeepsItsAttemptsAndProviderIdsAndIsNeverSentAgain() {
    SendRecord claimed = rec(SendState.CLAIMED, "queued");
    SendRecord unknown = SendStateMachine.markUnknown(claimed, "e2", AT.plusSeconds(5), "stopped mid-send");
    assertThat(unknown.state()).isEqualTo("UNKNOWN");
    assertThat(unknown.eventId()).isEqualTo("e2");
    assertThat(unknown.occurredAt()).isEqualTo(AT.plusSeconds(5));
    assertThat(unknown.detail()).isEqualTo("stopped mid-send");
    assertThat(unknown).usingRecursiveComparison().comparingOnlyFields("offerId", "channel", "recipientId", "attempts",
        "providerMessageId", "providerStatus").isEqualTo(claimed);
    assertThat(SendStateMachine.onOffer(unknown)).isEqualTo(SendStateMachine.Start.SKIP);
  }

  @Test
  void providerCallbacksMoveForwardAndOutOfOrderOnesAreIgnored() {
    // Given a sent SMS
    SendRecord sent = rec(SendState.SENT, "queued");
    // When "sent" then "delivered" arrive
    SendRecord progressed = SendStateMachine.onProviderStatus(sent, "sent", "SM1", "e2", AT).orElseThrow();
    SendRecord delivered = SendStateMachine.onProviderStatus(progressed, "delivered", "SM1", "e3", AT).orElseThrow();
    // Then the ledger follows, and a late "sent" or a repeated "queued" changes nothing
    assertThat(progressed.state()).isEqualTo("SENT");
    assertThat(delivered.state()).isEqualTo("DELIVERED");
    assertThat(SendStateMachine.onProviderStatus(delivered, "sent", "SM1", "e4", AT)).isEmpty();
    assertThat(SendStateMachine.onProviderStatus(sent, "queued", "SM1", "e5", AT)).isEmpty();
    assertThat(SendStateMachine.onProviderStatus(delivered, "failed", "SM1", "e6", AT)).isEmpty();
  }

  @Test
  void undeliveredFailsTheChannelAndAnUnknownSendCanBeResolvedByItsCallback() {
    assertThat(SendStateMachine.onProviderStatus(rec(SendState.SENT, "queued"), "undelivered", "SM1", "e", AT)
        .orElseThrow().state()).isEqualTo("FAILED");
    assertThat(SendStateMachine.onProviderStatus(rec(SendState.UNKNOWN, null), "delivered", "SM9", "e", AT)
        .orElseThrow()).satisfies(r -> {
          assertThat(r.state()).isEqualTo("DELIVERED");
          assertThat(r.providerMessageId()).isEqualTo("SM9");
        });
  }

  @Test
  void callbacksForStoppedFailedOrUnknownSendsChangeNothing() {
    assertThat(SendStateMachine.onProviderStatus(null, "delivered", "SM1", "e", AT)).isEmpty();
    assertThat(SendStateMachine.onProviderStatus(rec(SendState.STOPPED, null), "delivered", "SM1", "e", AT)).isEmpty();
    assertThat(SendStateMachine.onProviderStatus(rec(SendState.SENT, "queued"), "bogus", "SM1", "e", AT)).isEmpty();
  }

  @Test
  void theLedgerSaysAllChannelsFailedOnlyWhenEveryExpectedChannelFailed() {
    Ledger ledger = new Ledger();
    var both = java.util.List.of(DeliveryChannel.SMS, DeliveryChannel.EMAIL);
    ledger.apply(rec(SendState.FAILED, null));
    assertThat(ledger.allFailed("off-1", both)).isFalse();
    ledger.apply(new SendRecord("e", AT, "off-1", DeliveryChannel.EMAIL, "r-1", "FAILED", 3, null, null, "x"));
    assertThat(ledger.allFailed("off-1", both)).isTrue();
  }
}
