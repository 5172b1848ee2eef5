package org.crisisline.events;

/** Why a follow-up exists: the policy's plan, added by a person, or a retry of a caller not reached. */
public enum FollowUpOrigin { PLAN, ADDED, RETRY }
