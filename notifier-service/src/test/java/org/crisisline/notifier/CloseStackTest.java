package org.crisisline.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloseStackTest {
  private final List<String> closed = new ArrayList<>();

  @Test
  void whatWasStartedLastIsClosedFirst() {
    // Given three things opened in order
    CloseStack stack = new CloseStack();
    stack.onClose("vert.x", () -> closed.add("vert.x"));
    stack.onClose("producer", () -> closed.add("producer"));
    stack.onClose("consumer", () -> closed.add("consumer"));
    // When the stack is closed
    stack.close();
    // Then they close in reverse
    assertThat(closed).containsExactly("consumer", "producer", "vert.x");
  }

  @Test
  void oneFailingToCloseDoesNotKeepTheOthersOpen() {
    CloseStack stack = new CloseStack();
    stack.onClose("first", () -> closed.add("first"));
    stack.onClose("broken", () -> {
      throw new IllegalStateException("boom");
    });
    stack.onClose("last", () -> closed.add("last"));
    stack.close();
    assertThat(closed).containsExactly("last", "first");
  }

  @Test
  void closingTwiceClosesEachThingOnce() {
    CloseStack stack = new CloseStack();
    stack.track(() -> closed.add("tracked"));
    stack.close();
    stack.close();
    assertThat(closed).containsExactly("tracked");
  }
}
