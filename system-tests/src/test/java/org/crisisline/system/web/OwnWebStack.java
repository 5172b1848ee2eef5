package org.crisisline.system.web;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link WebStack} for one test class alone ({@code @ExtendWith({RealKafka.class,
 * OwnWebStack.class})}), for a class whose assertions read something every region feeds (the
 * dashboard's alert announcer, say), so requests other classes left on a shared stack could
 * change what it sees. The JVM's shared stack is closed first (two routings must never share the
 * broker); this one is closed when the class has run.
 */
public final class OwnWebStack implements BeforeAllCallback {
  @Override
  public void beforeAll(ExtensionContext context) {
    Chromium.requireInstalled();
    WebStack.closeShared();
    // The class-level store closes its AutoCloseable values when the class has run.
    WebStack.use(context.getStore(ExtensionContext.Namespace.create(WebStack.class))
        .computeIfAbsent("stack", key -> WebStack.start(), WebStack.class));
  }
}
