package org.crisisline.routing.market;

import org.crisisline.events.ResponderProfile;
import org.crisisline.events.ResponderStatusChanged;

/**
 * A responder's latest profile and declared status, re-keyed to their region. {@code removed}
 * tells the old region that the responder left it (profile moved region or was deleted).
 */
public record ResponderView(
    String responderId, String region, ResponderProfile profile, ResponderStatusChanged status, boolean removed) {}
