package org.crisisline.notifier.kafka;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wait for the send ledger to catch up before the notifier takes partitions: a send made before
 * would repeat one already made. It may take as long as a dead writer's open transaction holds the
 * ledger's topics back (up to that writer's transaction timeout, e.g. after a broker and a notifier
 * died together), so it waits as long as the consumer runs, saying so every 30 s, rather than give
 * up: a consumer that gave up here stopped for good, and the notifier sent nothing more.
 */
final class LedgerWait {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerWait.class);
  private static final long STEP_MILLIS = 30_000;

  private LedgerWait() {}

  static void until(Supplier<CompletableFuture<Void>> caughtUp, BooleanSupplier running) {
    until(caughtUp, running, STEP_MILLIS);
  }

  /** The same, saying so every {@code stepMillis}. */
  static void until(Supplier<CompletableFuture<Void>> caughtUp, BooleanSupplier running, long stepMillis) {
    for (long waited = stepMillis / 1000; ; waited += stepMillis / 1000) {
      try {
        caughtUp.get().get(stepMillis, TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException e) {
        if (!running.getAsBoolean()) {
          throw new IllegalStateException("stopped while the send ledger caught up");
        }
        LOG.warn("send ledger still catching up after {} s; offers, alerts and follow-ups wait for it", waited);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the send ledger caught up", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("the send ledger failed before taking offers and alerts partitions", e);
      }
    }
  }
}
