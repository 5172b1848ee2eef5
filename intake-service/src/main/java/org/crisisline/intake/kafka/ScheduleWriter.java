package org.crisisline.intake.kafka;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.crisisline.events.Ids;
import org.crisisline.events.ScheduleSaved;
import org.crisisline.events.Topics;
import org.crisisline.events.oncall.Schedule;
import org.crisisline.intake.view.ScheduleView;

/**
 * Writes {@code oncall-schedules} (key scheduleId, value {@link ScheduleSaved}, the whole
 * schedule). Changes to one schedule are applied one after another — each reads the schedule as
 * the previous change left it — so two overrides posted at once both survive. The view is
 * updated on the broker's ack, before the next change runs and before the caller answers. This
 * orders writes within one intake process; intake runs as one process.
 */
public final class ScheduleWriter {
  private final EventPublisher publisher;
  private final ScheduleView view;
  private final Clock clock;
  private final ConcurrentHashMap<String, CompletableFuture<?>> tails = new ConcurrentHashMap<>();

  public ScheduleWriter(EventPublisher publisher, ScheduleView view, Clock clock) {
    this.publisher = publisher;
    this.view = view;
    this.clock = clock;
  }

  /**
   * Saves {@code change(current)} as the next version. {@code change} may throw (say, the
   * schedule does not exist): then nothing is written and the stage fails with that exception.
   */
  public CompletionStage<ScheduleSaved> save(String scheduleId, Function<Optional<ScheduleSaved>, Schedule> change) {
    CompletableFuture<ScheduleSaved> result = new CompletableFuture<>();
    tails.compute(scheduleId, (id, tail) -> {
      CompletableFuture<?> previous = tail == null ? CompletableFuture.completedFuture(null) : tail;
      return previous.handle((x, e) -> null).thenCompose(x -> write(scheduleId, change))
          .whenComplete((saved, e) -> {
            if (e != null) {
              result.completeExceptionally(e instanceof CompletionException && e.getCause() != null
                  ? e.getCause() : e);
            } else {
              result.complete(saved);
            }
          });
    });
    return result;
  }

  private CompletableFuture<ScheduleSaved> write(String scheduleId, Function<Optional<ScheduleSaved>, Schedule> change) {
    Optional<ScheduleSaved> current = view.get(scheduleId);
    Schedule next = change.apply(current);
    long version = current.map(ScheduleSaved::version).orElse(0L) + 1;
    ScheduleSaved saved = new ScheduleSaved(Ids.newId(), clock.instant(), version, next);
    return publisher.send(Topics.ONCALL_SCHEDULES, scheduleId, saved).toCompletableFuture()
        .thenApply(m -> {
          view.apply(scheduleId, saved);
          return saved;
        });
  }
}
