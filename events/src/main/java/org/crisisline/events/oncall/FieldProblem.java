package org.crisisline.events.oncall;

/** One field of a schedule at fault, named as the API names it ({@code overrides[2].to}), and why. */
public record FieldProblem(String field, String message) {}
