package org.crisisline.intake.view;

import java.time.Instant;
import org.crisisline.events.OfferDeclined;
import org.crisisline.events.RequestCancelled;
import org.crisisline.events.RequestCompleted;
import org.crisisline.events.Sealed;

/**
 * A code and the sealed words a person gave when closing their part in a request: the accepting
 * responder completing it, a responder declining its offer, staff cancelling it. The note stays
 * sealed here (field {@link Kind#field()} of the request); only the details read opens it.
 * {@code by} is the responderId (completion, decline) or the staff username (cancel).
 */
public record ClosingNote(String eventId, Kind kind, String code, Sealed note, Instant at, String by) {

  public enum Kind {
    COMPLETION(RequestCompleted.NOTE_FIELD),
    DECLINE(OfferDeclined.NOTE_FIELD),
    CANCEL(RequestCancelled.NOTE_FIELD);

    private final String field;

    Kind(String field) {
      this.field = field;
    }

    /** The field name the note is sealed under (bound with the requestId). */
    public String field() {
      return field;
    }
  }

  static ClosingNote of(RequestCompleted e) {
    return new ClosingNote(e.eventId(), Kind.COMPLETION, name(e.disposition()), e.note(), e.occurredAt(),
        e.responderId());
  }

  static ClosingNote of(OfferDeclined e) {
    return new ClosingNote(e.eventId(), Kind.DECLINE, name(e.reasonCode()), e.note(), e.occurredAt(), e.responderId());
  }

  static ClosingNote of(RequestCancelled e) {
    return new ClosingNote(e.eventId(), Kind.CANCEL, name(e.reasonCode()), e.note(), e.occurredAt(), e.cancelledBy());
  }

  private static String name(Enum<?> code) {
    return code == null ? null : code.name();
  }
}
