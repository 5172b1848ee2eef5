package org.crisisline.events;

/** The plaintext behind {@link HelpRequestLogged#callerContact()}; never on a topic as is. */
public record CallerContact(String phone, String email, boolean consentToContact) {
  @Override
  public String toString() {
    return "CallerContact[redacted]";
  }
}
