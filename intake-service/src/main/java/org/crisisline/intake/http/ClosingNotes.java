package org.crisisline.intake.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crisisline.events.DataErasedException;
import org.crisisline.events.DataKeys;
import org.crisisline.events.Sealed;
import org.crisisline.intake.auth.Principal;
import org.crisisline.intake.view.ClosingNote;
import org.crisisline.intake.view.RequestRecord;
import org.crisisline.intake.view.RequestView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The free-text notes that close or decline a request: sealed under the request's data key when
 * written, opened for who may read them. Their codes travel in clear; their words never.
 */
final class ClosingNotes {
  private static final Logger LOG = LoggerFactory.getLogger(ClosingNotes.class);
  private final RequestView requests;
  private final DataKeys cipher;

  ClosingNotes(RequestView requests, DataKeys cipher) {
    this.requests = requests;
    this.cipher = cipher;
  }

  /**
   * A closing note sealed under the request's data key; dropped (null) when the caller's data was
   * erased: the code still counts, but nothing new about an erased caller is kept.
   */
  Sealed seal(RequestRecord r, String field, String note) {
    if (note == null || cipher.erased(r.logged())) {
      return null;
    }
    try {
      return cipher.seal(field, r.requestId(), note);
    } catch (DataErasedException e) {
      return null;
    }
  }

  /**
   * The closing notes opened: all of them for a supervisor; for the accepting responder the
   * completion and cancellation notes and the declines they wrote themselves (another responder's
   * reason for declining is about that responder, not the caller).
   */
  List<Map<String, Object>> open(String requestId, Principal who) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (ClosingNote n : requests.notes(requestId)) {
      if (!who.has(Principal.SUPERVISOR) && n.kind() == ClosingNote.Kind.DECLINE
          && !java.util.Objects.equals(n.by(), who.responderId())) {
        continue;
      }
      String note;
      try {
        note = cipher.open(n.kind().field(), requestId, n.note());
      } catch (IllegalStateException e) {
        // Names no value: a key that rotated away, or a blob sealed for another request. The code
        // still shows; one unreadable note does not withhold the caller's contact.
        LOG.warn("{} note {} of request {} cannot be opened", n.kind(), n.eventId(), requestId);
        note = null;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", n.kind().name());
      m.put("code", n.code());
      m.put("note", note);
      m.put("at", n.at().toString());
      out.add(m);
    }
    return out;
  }
}
