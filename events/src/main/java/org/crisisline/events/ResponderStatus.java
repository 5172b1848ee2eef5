package org.crisisline.events;

public enum ResponderStatus { AVAILABLE, BUSY, AWAY, OFFLINE }
