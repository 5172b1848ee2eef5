package org.crisisline.events;

/** Why a service declined a referral: codes only, never the service's own words. */
public enum ReferralDeclineReason { NO_CAPACITY, NOT_ELIGIBLE, CLOSED, OTHER }
