package org.crisisline.routing.streams;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommitPaceTest {

  @Test
  void under_load_quick_commits_are_asked_for_every_20_ms() {
    CommitPace pace = new CommitPace();
    // Given records processed back to back, and commits taking 3 ms
    pace.due(990, 6, 3);
    pace.due(997, 6, 3);

    // When a commit ran after the record at 997 (the count moved)
    assertThat(pace.due(1_000, 7, 3)).isFalse();

    // Then an early commit is due 20 ms after it ended, not before
    assertThat(pace.due(1_019, 7, 3)).isFalse();
    assertThat(pace.due(1_020, 7, 3)).isTrue();
  }

  @Test
  void slow_commits_leave_the_thread_as_long_for_records_as_they_took() {
    CommitPace pace = new CommitPace();
    // Given records processed back to back, and commits taking 200 ms
    pace.due(4_799, 39, 200);
    pace.due(4_800, 39, 200);

    // When a commit ran after the record at 4,800: the next record comes when it ended
    assertThat(pace.due(5_000, 40, 200)).isFalse();

    // Then no early commit for 200 ms after it
    assertThat(pace.due(5_100, 40, 200)).isFalse();
    assertThat(pace.due(5_199, 40, 200)).isFalse();
    assertThat(pace.due(5_200, 40, 200)).isTrue();

    // ...and the next commit starts the gap again
    assertThat(pace.due(5_400, 41, 200)).isFalse();
    assertThat(pace.due(5_600, 41, 200)).isTrue();
  }

  @Test
  void a_record_long_after_the_last_commit_may_commit_at_once() {
    CommitPace pace = new CommitPace();
    pace.due(1_000, 7, 30);

    // When the next record comes seconds later, after a commit that ended 30 ms after the last record
    // Then it is due at once: the thread has had the whole gap
    assertThat(pace.due(4_000, 8, 30)).isTrue();
  }

  @Test
  void before_any_commit_was_timed_the_gap_is_the_minimum() {
    CommitPace pace = new CommitPace();

    assertThat(pace.due(0, 0, Double.NaN)).isTrue();
    assertThat(pace.due(5, 1, Double.NaN)).isFalse();
    assertThat(pace.due(25, 1, Double.NaN)).isTrue();
  }
}
