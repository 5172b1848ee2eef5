package org.crisisline.events;

/** Coarse age band recorded at intake; services state eligibility as min/max age. */
public enum AgeGroup {
  CHILD(0, 12),
  YOUTH(13, 17),
  YOUNG_ADULT(18, 25),
  ADULT(26, 64),
  OLDER_ADULT(65, 120);

  private final int minAge;
  private final int maxAge;

  AgeGroup(int minAge, int maxAge) {
    this.minAge = minAge;
    this.maxAge = maxAge;
  }

  public int minAge() {
    return minAge;
  }

  public int maxAge() {
    return maxAge;
  }
}
