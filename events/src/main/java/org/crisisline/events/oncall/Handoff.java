package org.crisisline.events.oncall;

/**
 * How a rotation's shift length is counted and where its hand-offs fall.
 *
 * <ul>
 *   <li>{@code HOURLY}: every {@code shiftLength} elapsed hours, at the minute of {@code handoffTime}.
 *       Hours are real hours: an 8-hour rotation is 8 hours long across a DST change, so its
 *       hand-offs move by an hour on the wall clock. Use DAILY for wall-clock hand-offs.
 *   <li>{@code DAILY}: every {@code shiftLength} calendar days at {@code handoffTime} local time.
 *   <li>{@code WEEKLY}: every {@code shiftLength} weeks on {@code handoffDay} at {@code handoffTime} local time.
 * </ul>
 */
public enum Handoff {
  HOURLY,
  DAILY,
  WEEKLY
}
