package org.crisisline.intake.domain;

import java.util.List;

/** Client input that cannot be accepted; becomes a 400 problem with the fields at fault. */
public final class InvalidInput extends RuntimeException {
  private final transient List<FieldError> errors;

  public InvalidInput(List<FieldError> errors) {
    super("invalid input: " + errors.size() + " field(s)", null, false, false);
    this.errors = List.copyOf(errors);
  }

  public static InvalidInput of(String field, String message) {
    return new InvalidInput(List.of(new FieldError(field, message)));
  }

  public List<FieldError> errors() {
    return errors;
  }
}
