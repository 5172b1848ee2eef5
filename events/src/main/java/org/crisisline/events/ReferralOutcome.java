package org.crisisline.events;

/** What became of a referral a service accepted, as the service reports it later. */
public enum ReferralOutcome { CONNECTED, COULD_NOT_CONTACT, CALLER_DECLINED }
