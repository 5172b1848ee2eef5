package org.crisisline.simulator;

/**
 * The M/M/c queue served first come, first served (Erlang C): arrivals at rate λ, exponential
 * service at rate μ per server, c servers, offered load a = λ/μ < c. The probability an arrival
 * waits is C(c, a); the mean wait is C(c, a) / (cμ − λ).
 */
final class ErlangC {
  private ErlangC() {}

  /** C(c, a): the probability that an arrival finds every server busy. */
  static double probabilityOfWaiting(int c, double a) {
    if (a >= c) {
      throw new IllegalArgumentException("unstable: offered load " + a + " >= servers " + c);
    }
    // Terms a^k/k! built up one by one: no factorial overflow.
    double term = 1;
    double sum = 0;
    for (int k = 0; k < c; k++) {
      sum += term;
      term = term * a / (k + 1);
    }
    double last = term * c / (c - a);
    return last / (sum + last);
  }

  /** E[W] in the unit of 1/λ: C(c, a) / (cμ − λ). */
  static double meanWait(int c, double lambda, double mu) {
    return probabilityOfWaiting(c, lambda / mu) / (c * mu - lambda);
  }
}
