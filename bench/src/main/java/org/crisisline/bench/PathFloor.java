package org.crisisline.bench;

import org.HdrHistogram.Histogram;

/**
 * The floor of a request's path, from the parts ({@link FloorParts}) it must cross whatever the
 * pipeline's design, with one exactly-once routing hop (the least a transactional router needs):
 * <ul>
 *   <li>delivered = HTTP (POST to intake) + transactional write (the request) + one EOS hop (the
 *       offer) + acknowledged idempotent write (the notifier's ledger claim) + HTTP (the SMS provider);</li>
 *   <li>ACCEPTED = delivered + HTTP (the responder's accept) + transactional write (the answer) + one
 *       EOS hop (ACCEPTED on request-status, read by intake) + HTTP (the status read).</li>
 * </ul>
 * Percentiles are sums of the parts' percentiles: for p50 the usual estimate of a chain's median;
 * for p99 above the p99 of the sum (parts rarely all hit their tail at once), so a pipeline within
 * 2 × its p99 floor is within 2 × a generous floor. The two-hop figures replace the one hop by two,
 * to show what a second routing hop costs.
 */
record PathFloor(StepResult.Latency txn, StepResult.Latency eos1, StepResult.Latency eos2, StepResult.Latency ack,
    StepResult.Latency http) {

  record Pair(double p50, double p99) {
    Pair plus(Pair o) {
      return new Pair(p50 + o.p50, p99 + o.p99);
    }
  }

  static PathFloor of(FloorParts.Recorders r) {
    return new PathFloor(latency(r.txn.getIntervalHistogram()), latency(r.eos1.getIntervalHistogram()),
        latency(r.eos2.getIntervalHistogram()), latency(r.ack.getIntervalHistogram()),
        latency(r.http.getIntervalHistogram()));
  }

  private static StepResult.Latency latency(Histogram h) {
    return StepResult.Latency.of(h);
  }

  private static Pair pair(StepResult.Latency l) {
    return new Pair(l.p50(), l.p99());
  }

  Pair delivered() {
    return delivered(eos1);
  }

  Pair accepted() {
    return accepted(eos1);
  }

  Pair deliveredTwoHops() {
    return delivered(eos2);
  }

  Pair acceptedTwoHops() {
    return accepted(eos2);
  }

  private Pair delivered(StepResult.Latency hop) {
    return pair(http).plus(pair(txn)).plus(pair(hop)).plus(pair(ack)).plus(pair(http));
  }

  private Pair accepted(StepResult.Latency hop) {
    return delivered(hop).plus(pair(http)).plus(pair(txn)).plus(pair(hop)).plus(pair(http));
  }
}
