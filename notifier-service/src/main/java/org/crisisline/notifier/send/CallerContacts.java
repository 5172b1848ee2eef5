package org.crisisline.notifier.send;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crisisline.events.CallerKeys;
import org.crisisline.events.DataErasedException;
import org.crisisline.events.DataKeys;
import org.crisisline.events.FollowUpDue;
import org.crisisline.events.JsonSerde;
import org.crisisline.notifier.domain.CallerPhones;

/**
 * The notifier's only window on a caller: opens the sealed contact of a caring message at send
 * time (under its request's data key, unwrapped with the PII keyring {@code CRISISLINE_PII_KEY};
 * an erased caller's contact opens nowhere) and turns a phone into its caller keys
 * ({@code CRISISLINE_CALLER_KEY}, then {@code CRISISLINE_CALLER_KEY_PREVIOUS} while a rotation is
 * under way). Caring messages go out only when both keys are set: a message that says "Reply
 * STOP" is sent only by a notifier that can act on the STOP. Remembers, in memory and for a
 * bounded number of callers, which language each caller key was last written to, so the
 * confirmation of their STOP is in that language. Nothing here logs or returns a number but to the
 * sender. Thread-safe.
 */
public final class CallerContacts {
  /** A phone to text, or why there is none (a reason fit for a delivery event: no value in it). */
  public record Opened(String phone, String whyNot) {
    @Override
    public String toString() {
      return phone != null ? "Opened[phone]" : "Opened[none: " + whyNot + "]";
    }
  }

  private final DataKeys cipher;
  private final List<CallerKeys> keys;
  private final Map<String, String> languages = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > 10_000;
    }
  });

  /** {@code cipher} null: no keyring; {@code keys}: current first, may be empty. */
  public CallerContacts(DataKeys cipher, List<CallerKeys> keys) {
    this.cipher = cipher;
    this.keys = List.copyOf(keys);
  }

  /** True when an inbound opt-out can be turned into a caller key. */
  public boolean canRecogniseCallers() {
    return !keys.isEmpty();
  }

  /** The caller keys of {@code e164} under the current key, then the previous one (if any). */
  public List<String> keysOf(String e164) {
    return keys.stream().map(k -> k.of(e164)).toList();
  }

  /** The language the caller with one of {@code callerKeys} was last written to, or null. */
  public String languageOf(List<String> callerKeys) {
    return callerKeys.stream().map(languages::get).filter(l -> l != null).findFirst().orElse(null);
  }

  /** Opens the caller's phone for the caring message of {@code due}: the only place it is in clear. */
  Opened phoneFor(FollowUpDue due) {
    if (cipher == null || keys.isEmpty()) {
      return new Opened(null, "caring messages need CRISISLINE_PII_KEY and CRISISLINE_CALLER_KEY on the notifier");
    }
    if (due.callerContact() == null) {
      return new Opened(null, "no caller contact on the follow-up");
    }
    JsonNode contact;
    try {
      String json = cipher.open("callerContact", due.requestId(), due.callerContact());
      contact = JsonSerde.MAPPER.readTree(json);
    } catch (DataErasedException e) {
      return new Opened(null, "the caller's data was erased");
    } catch (IllegalStateException e) {
      return new Opened(null, e.getMessage()); // names the field and key id, never a value
    } catch (Exception e) {
      return new Opened(null, "caller contact is not readable");
    }
    if (!contact.path("consentToContact").asBoolean(false)) {
      return new Opened(null, "the caller did not consent to be contacted");
    }
    String phone = CallerPhones.e164(contact.path("phone").asText(null));
    if (phone == null) {
      return new Opened(null, "no phone in the caller contact");
    }
    if (due.language() != null) {
      languages.put(keys.get(0).of(phone), due.language());
    }
    return new Opened(phone, null);
  }
}
