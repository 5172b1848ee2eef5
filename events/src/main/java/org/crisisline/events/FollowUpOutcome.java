package org.crisisline.events;

/**
 * How a peer specialist's attempt to reach a caller for a follow-up ended: the caller was reached,
 * did not answer, a message was left, or the caller declined the follow-up.
 */
public enum FollowUpOutcome { REACHED, NO_ANSWER, LEFT_MESSAGE, DECLINED }
