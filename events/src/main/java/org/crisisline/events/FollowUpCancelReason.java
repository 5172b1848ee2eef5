package org.crisisline.events;

/**
 * Why a follow-up will not happen: a person with the right to follow the request cancelled it, the
 * caller withdrew consent (an opt-out such as STOP), or the caller's data was erased.
 */
public enum FollowUpCancelReason { CANCELLED, CONSENT_WITHDRAWN, ERASED }
