package org.crisisline.events;

/** How the person reached the line. */
public enum Channel { PHONE, TEXT, CHAT, WALK_IN }
