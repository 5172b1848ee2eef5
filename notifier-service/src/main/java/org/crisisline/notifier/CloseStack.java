package org.crisisline.notifier;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Things to close, in the reverse of the order they were opened (as local-stack's
 * {@code LocalStack.track}): what was started last, and depends on the rest, stops first.
 * A failure to close one is logged and the others are still closed. Idempotent.
 */
final class CloseStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CloseStack.class);

  private record Entry(String name, AutoCloseable closeable) {}

  private final Deque<Entry> open = new ArrayDeque<>();

  /** Closes {@code resource} before everything tracked so far. */
  synchronized <T extends AutoCloseable> T track(T resource) {
    open.push(new Entry(resource.getClass().getSimpleName(), resource));
    return resource;
  }

  /** Runs {@code close}, named {@code name} in logs, before everything tracked so far. */
  synchronized void onClose(String name, AutoCloseable close) {
    open.push(new Entry(name, close));
  }

  @Override
  public void close() {
    Entry next;
    while ((next = poll()) != null) {
      try {
        next.closeable().close();
      } catch (Exception e) {
        LOG.warn("error while closing {}: {}", next.name(), e.toString());
      }
    }
  }

  private synchronized Entry poll() {
    return open.poll();
  }
}
