package org.crisisline.system.web;

import java.util.Arrays;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Registered for every class of this module (JUnit's extension auto-detection, see
 * {@code junit-platform.properties}): before a class on the shared broker that is not a
 * shared-stack web class, closes the JVM's shared {@link WebStack}, so that class's own routing
 * and notifier (or its reading of the topics) never meet that stack's. Classes off the broker
 * leave it running.
 */
public final class StackIsolation implements BeforeAllCallback {
  @Override
  public void beforeAll(ExtensionContext context) {
    var extensions = AnnotationSupport.findRepeatableAnnotations(context.getRequiredTestClass(), ExtendWith.class)
        .stream().flatMap(e -> Arrays.stream(e.value())).toList();
    if (extensions.contains(RealKafka.class) && !extensions.contains(WebStack.class)) {
      WebStack.closeShared();
    }
  }
}
