package org.crisisline.routing.streams;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InputClockTest {

  @Test
  void behind_its_input_a_task_is_at_the_time_of_the_last_record_it_read() {
    InputClock clock = new InputClock();
    // Given records written 5 s ago being processed now, one after another
    clock.processed(95_000, 100_000);
    clock.processed(95_040, 100_020);

    // Then its input time is that of the last record, not the wall clock
    assertThat(clock.now(100_030)).isEqualTo(95_040);
  }

  @Test
  void a_task_that_has_read_nothing_for_a_second_is_caught_up() {
    InputClock clock = new InputClock();
    // Given one record, read 5 s after it was written
    clock.processed(95_000, 100_000);

    // Then a second of nothing more to read means nothing is waiting: the wall clock
    assertThat(clock.now(100_999)).isEqualTo(95_000);
    assertThat(clock.now(101_000)).isEqualTo(101_000);
  }

  @Test
  void a_task_never_holds_a_deadline_back_more_than_the_hold() {
    InputClock clock = new InputClock();
    // Given a record written two minutes ago, read now
    clock.processed(0, 120_000);

    // Then its input time is at most 30 s behind the wall clock
    assertThat(clock.now(120_500)).isEqualTo(120_500 - InputClock.MAX_HOLD_MILLIS);
  }

  @Test
  void a_record_stamped_later_than_the_wall_clock_does_not_move_time_ahead() {
    InputClock clock = new InputClock();
    // Given a record from a writer whose clock is ahead
    clock.processed(100_400, 100_000);

    // Then input time is the wall clock
    assertThat(clock.now(100_100)).isEqualTo(100_100);
  }

  @Test
  void before_any_record_the_wall_clock() {
    assertThat(new InputClock().now(42_000)).isEqualTo(42_000);
  }
}
