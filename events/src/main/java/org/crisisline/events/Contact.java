package org.crisisline.events;

/**
 * A responder's or a service's own work contact. Not caller data: callers' contact details
 * only ever travel as {@link Sealed}.
 */
public record Contact(String phone, String email) {}
