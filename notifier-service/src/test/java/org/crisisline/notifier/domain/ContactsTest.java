package org.crisisline.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.crisisline.events.Contact;
import org.crisisline.events.OnCallPerson;
import org.crisisline.events.SampleEvents;
import org.junit.jupiter.api.Test;

class ContactsTest {

  private static OnCallPerson person(String userId, String phone) {
    return new OnCallPerson("e-" + userId, SampleEvents.AT, userId, "Name", new Contact(phone, null), List.of());
  }

  @Test
  void anOnCallPersonIsFoundByTheDigitsOfTheirPhoneAndForgottenOnATombstone() {
    Contacts contacts = new Contacts();
    contacts.putOnCallPerson("sup-a", person("sup-a", "+1 503-555-0301"));
    contacts.putOnCallPerson("sup-b", person("sup-b", "+15035550302"));
    assertThat(contacts.onCallUsersWithPhone(Recipient.phoneDigits("+15035550301"))).containsExactly("sup-a");
    assertThat(contacts.onCallUsersWithPhone(Recipient.phoneDigits("+15035559999"))).isEmpty();
    assertThat(contacts.onCallUsersWithPhone("")).isEmpty();
    contacts.putOnCallPerson("sup-a", null);
    assertThat(contacts.onCallPerson("sup-a")).isNull();
    assertThat(contacts.onCallUsersWithPhone(Recipient.phoneDigits("+15035550301"))).isEmpty();
  }
}
