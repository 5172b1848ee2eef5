package org.crisisline.events;

/** HSDS service status. Only ACTIVE services take referrals. */
public enum ServiceStatus { ACTIVE, INACTIVE, TEMPORARILY_CLOSED, DEFUNCT }
