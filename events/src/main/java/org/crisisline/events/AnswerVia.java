package org.crisisline.events;

/** Where an answer to an offer came from. */
public enum AnswerVia { API, LINK, SMS_REPLY }
