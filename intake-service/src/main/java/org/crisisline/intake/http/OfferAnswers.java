package org.crisisline.intake.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Clock;
import org.crisisline.events.AnswerEvent;
import org.crisisline.events.AnswerVia;
import org.crisisline.events.DeclineReason;
import org.crisisline.events.Ids;
import org.crisisline.events.OfferAccepted;
import org.crisisline.events.OfferDeclined;
import org.crisisline.events.OfferMade;
import org.crisisline.events.DataErasedException;
import org.crisisline.events.DataKeys;
import org.crisisline.events.Sealed;
import org.crisisline.events.Topics;
import org.crisisline.intake.domain.ClosingWords;
import org.crisisline.intake.kafka.EventPublisher;
import org.crisisline.intake.view.OfferState;
import org.crisisline.intake.view.OfferView;

/**
 * Answers an offer once, for the API and the signed link alike: claim it in the offer view
 * (atomic, so a double click yields one answer), then write {@code offer-answers} (key
 * requestId). A failed write releases the claim so the responder can retry. A decline carries a
 * reason code; the responder's own words are sealed for the request before they are written.
 */
public final class OfferAnswers {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OfferAnswers.class);
  private final OfferView offers;
  private final EventPublisher publisher;
  private final Clock clock;

  /** How an answer attempt ended. */
  enum Outcome { RECORDED, NOT_OUTSTANDING, FAILED }

  private final DataKeys cipher;

  public OfferAnswers(OfferView offers, EventPublisher publisher, DataKeys cipher, Clock clock) {
    this.offers = offers;
    this.cipher = cipher;
    this.publisher = publisher;
    this.clock = clock;
  }

  /** The decline's words sealed under the request's data key; dropped when the caller's data was erased. */
  private Sealed declineNote(String requestId, String note) {
    try {
      return cipher.seal(OfferDeclined.NOTE_FIELD, requestId, note);
    } catch (DataErasedException e) {
      return null;
    }
  }

  Future<Outcome> answer(OfferMade offer, boolean accept, ClosingWords<DeclineReason> why, AnswerVia via,
      Context context) {
    OfferState.State state = accept ? OfferState.State.ACCEPTED : OfferState.State.DECLINED;
    if (!offers.claimAnswer(offer.offerId(), state, clock.instant())) {
      return Future.succeededFuture(Outcome.NOT_OUTSTANDING);
    }
    AnswerEvent event = accept
        ? new OfferAccepted(Ids.newId(), clock.instant(), offer.requestId(), offer.offerId(), offer.responderId(), via)
        : new OfferDeclined(Ids.newId(), clock.instant(), offer.requestId(), offer.offerId(), offer.responderId(),
            why == null ? null : why.code(),
            why == null ? null : declineNote(offer.requestId(), why.note()), via);
    return Future.fromCompletionStage(publisher.send(Topics.OFFER_ANSWERS, offer.requestId(), event), context)
        .map(meta -> {
          LOG.info("offer {} of request {} {} by {} via {}", offer.offerId(), offer.requestId(),
              accept ? "accepted" : "declined", offer.responderId(), via);
          return Outcome.RECORDED;
        })
        .otherwise(e -> {
          offers.releaseClaim(offer.offerId(), state);
          return Outcome.FAILED;
        });
  }
}
