package org.crisisline.events;

/** What the person asked for; decides which pool can serve them. */
public enum Need { CRISIS_COUNSELLING, PEER_SUPPORT, REFERRAL }
