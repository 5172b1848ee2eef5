package org.crisisline.events;

/** The kinds of local service a referral can go to (the directory taxonomy). */
public enum ReferralKind {
  SUPPORT_GROUP,
  FAITH_BASED,
  CULTURAL_GROUP,
  FAMILY_CAREGIVER_SUPPORT,
  COMMUNITY_ORGANISATION,
  PEER_SUPPORT_PROGRAMME,
  THERAPEUTIC_COMMUNITY,
  VOCATIONAL_REHAB,
  ONLINE_COMMUNITY,
  PROFESSIONAL_TREATMENT
}
