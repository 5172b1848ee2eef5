package org.crisisline.system.web;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Closes the JVM's shared {@link WebStack} when the test JVM's launcher session ends (registered
 * in META-INF/services): after its last class, while the broker and PostgreSQL still run. Left to
 * a shutdown hook, the notifier would be closing against a broker that another hook is stopping
 * at the same moment, and wait out its timeouts.
 */
public final class WebStackSessionEnd implements LauncherSessionListener {
  @Override
  public void launcherSessionClosed(LauncherSession session) {
    WebStack.closeShared();
  }
}
