package org.crisisline.intake.domain;

/** One field at fault: a JSON-pointer-like path and why. Never echoes the value (it may be PII). */
public record FieldError(String field, String message) {}
