package org.crisisline.events;

/** The people who take offers. Local services are directory entries, not responders. */
public enum ResponderKind { HOTLINE_COUNSELLOR, PEER_SPECIALIST }
