package org.crisisline.intake.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import org.crisisline.events.CallerContact;
import org.crisisline.events.JsonSerde;
import org.crisisline.events.OfferLinks;
import org.crisisline.events.DataKeys;
import org.crisisline.events.ReferralDeclineReason;
import org.crisisline.events.ReferralOutcome;
import org.crisisline.events.RequestStatus;
import org.crisisline.intake.view.ReferralRecord;
import org.crisisline.intake.view.RequestRecord;
import org.crisisline.intake.view.RequestView;
import org.crisisline.intake.view.ReferralView;

/**
 * The service's answer link ({@code /s/{token}}, signed by the notifier with
 * {@link OfferLinks#forReferrals}; the token names the referral's offerId). GET only shows the
 * referral — need, kind, urgency, language, region, reference, never caller details — and the
 * forms that fit its state (link previewers fetch it; it changes nothing). POST accept, decline
 * (form field {@code reason}: a {@link ReferralDeclineReason}) and, after an accept, outcome
 * (field {@code outcome}: a {@link ReferralOutcome}) each write one {@code ServiceAnswer}
 * ({@link ServiceAnswers}). POST contact shows how to reach the person, only once routing
 * confirmed this service's accept (REFERRAL_ACCEPTED), only if the person consented to be
 * contacted, and only after the read is on the audit trail (fail closed), like a responder's
 * details read. A forged token is 404, an expired one 410, an answer the referral's state no longer
 * allows 409, a bad form field 400 naming it. Rate-limited per address; the token is never logged.
 */
public final class ReferralLinkRoutes implements Routes {
  private final SignedLinks links;
  private final ReferralView referrals;
  private final RequestView requests;
  private final ServiceAnswers answers;
  private final DataKeys cipher;
  private final Audit audit;

  public ReferralLinkRoutes(RateLimits limits, String linkSecret, ReferralView referrals, RequestView requests,
      ServiceAnswers answers, DataKeys cipher, Audit audit, Clock clock) {
    this.referrals = referrals;
    this.requests = requests;
    this.answers = answers;
    this.cipher = cipher;
    this.audit = audit;
    this.links = new SignedLinks(limits, OfferLinks::forReferrals, linkSecret, clock);
  }

  @Override
  public void mount(Router router) {
    router.get("/s/:token").handler(this::show);
    router.post("/s/:token/accept").handler(ctx -> answer(ctx, true));
    router.post("/s/:token/decline").handler(ctx -> answer(ctx, false));
    router.post("/s/:token/outcome").handler(this::outcome);
    router.post("/s/:token/contact").handler(this::contact);
  }

  private Optional<ReferralRecord> resolve(RoutingContext ctx) {
    Optional<String> offerId = links.verify(ctx, (c, expired) -> {
      if (expired) {
        Html.message(c, 410, "Link expired", "This referral link has expired. Nothing was changed.");
      } else {
        Html.message(c, 404, "Link not recognised", "This link is not valid. Nothing was changed.");
      }
    });
    if (offerId.isEmpty()) {
      return Optional.empty();
    }
    Optional<ReferralRecord> found = referrals.get(offerId.get());
    ctx.put("linkRole", "service-link");
    found.ifPresent(r -> ctx.put("linkActor", "service:" + r.serviceId()));
    if (found.isEmpty()) {
      Html.message(ctx, 404, "Referral not found", "This referral is not known (yet). Try again in a moment.");
    }
    return found;
  }

  private void show(RoutingContext ctx) {
    resolve(ctx).ifPresent(r -> {
      audit.ok(ctx, "referral.link.view", "request", r.requestId());
      Html.send(ctx, 200, "Referral " + r.offer().offerCode(), details(r) + forms(r, Html.escape(ctx.pathParam("token"))));
    });
  }

  private void answer(RoutingContext ctx, boolean accept) {
    Optional<ReferralRecord> found = resolve(ctx);
    if (found.isEmpty()) {
      return;
    }
    ReferralDeclineReason reason = null;
    if (!accept) {
      reason = code(ctx, "reason", ReferralDeclineReason.class);
      if (reason == null) {
        return;
      }
    }
    ReferralRecord r = found.get();
    ReferralDeclineReason why = reason;
    answers.answer(r, accept, why, ctx.vertx().getOrCreateContext()).onComplete(ar -> {
      ServiceAnswers.Outcome outcome = ar.succeeded() ? ar.result() : ServiceAnswers.Outcome.FAILED;
      String token = Html.escape(ctx.pathParam("token"));
      switch (outcome) {
        case RECORDED -> {
          audit.ok(ctx, accept ? "referral.accept" : "referral.decline", "request", r.requestId());
          Html.send(ctx, 200, accept ? "Referral accepted" : "Referral declined", accept
              ? "<p role=\"status\">Thank you: you accepted this referral. Please contact the person.</p>"
                  + "<p><a href=\"/s/" + token + "\">Back to the referral</a> (how to reach the person, and later"
                  + " the outcome)</p>"
              : "<p role=\"status\">You declined this referral (" + Html.label(why.name(), "-")
                  + "). It goes to another service.</p>");
        }
        case NOT_OPEN -> Html.message(ctx, 409, "Already answered",
            "This referral is " + stateText(referrals.get(r.offer().offerId()).orElse(r)) + ". Nothing was changed.");
        default -> Html.message(ctx, 503, "Try again", "Your answer could not be recorded. Please try again.");
      }
    });
  }

  private void outcome(RoutingContext ctx) {
    Optional<ReferralRecord> found = resolve(ctx);
    if (found.isEmpty()) {
      return;
    }
    ReferralOutcome what = code(ctx, "outcome", ReferralOutcome.class);
    if (what == null) {
      return;
    }
    ReferralRecord r = found.get();
    answers.outcome(r, what, ctx.vertx().getOrCreateContext()).onComplete(ar -> {
      ServiceAnswers.Outcome outcome = ar.succeeded() ? ar.result() : ServiceAnswers.Outcome.FAILED;
      switch (outcome) {
        case RECORDED -> {
          audit.ok(ctx, "referral.outcome", "request", r.requestId());
          Html.send(ctx, 200, "Outcome recorded",
              "<p role=\"status\">Thank you: the outcome (" + Html.label(what.name(), "-") + ") is recorded.</p>");
        }
        case NOT_OPEN -> Html.message(ctx, 409, "Cannot record an outcome", "This referral is "
            + stateText(referrals.get(r.offer().offerId()).orElse(r)) + ". Nothing was changed.");
        default -> Html.message(ctx, 503, "Try again", "The outcome could not be recorded. Please try again.");
      }
    });
  }

  private void contact(RoutingContext ctx) {
    Optional<ReferralRecord> found = resolve(ctx);
    if (found.isEmpty()) {
      return;
    }
    ReferralRecord r = found.get();
    Optional<RequestRecord> request = requests.get(r.requestId());
    if (r.state() != ReferralRecord.State.ACCEPTED || request.isEmpty() || !confirmed(request.get(), r)) {
      audit.denied(ctx, "referral.contact.read", "request", r.requestId());
      Html.message(ctx, 409, "Not confirmed yet", "The contact details show once your accept is confirmed. "
          + "If you just accepted, try again in a moment.");
      return;
    }
    if (!request.get().logged().consentToContact() || request.get().logged().callerContact() == null) {
      Html.message(ctx, 200, "No contact details", "The person did not leave contact details they agreed to share. "
          + "They were told about your service and how to reach you.");
      return;
    }
    CallerContact c;
    try {
      String json = cipher.open("callerContact", r.requestId(), request.get().logged().callerContact());
      c = JsonSerde.MAPPER.readValue(json, CallerContact.class);
    } catch (org.crisisline.events.DataErasedException e) {
      Html.message(ctx, 410, "Erased", "The person's data was erased at their request.");
      return;
    } catch (Exception e) {
      // Names no value: a key that rotated away.
      Html.message(ctx, 503, "Cannot open", "The contact details cannot be opened right now.");
      return;
    }
    // Fail closed: the details are shown only once the read is on the audit trail.
    audit.required(ctx, "referral.contact.read", "request", r.requestId()).onComplete(ar -> {
      if (ar.failed()) {
        ctx.response().putHeader("Retry-After", "2");
        Html.message(ctx, 503, "Try again", "The read could not be recorded; nothing is shown. Please try again.");
        return;
      }
      Html.send(ctx, 200, "How to reach the person", "<p>The person agreed to be contacted about this referral ("
          + Html.escape(r.offer().offerCode()) + ").</p><dl>"
          + (c.phone() == null ? "" : "<dt>Phone</dt><dd>" + Html.escape(c.phone()) + "</dd>")
          + (c.email() == null ? "" : "<dt>Email</dt><dd>" + Html.escape(c.email()) + "</dd>")
          + "</dl><p><a href=\"/s/" + Html.escape(ctx.pathParam("token")) + "\">Back to the referral</a></p>");
    });
  }

  /** Routing confirmed this service's accept: the request is REFERRAL_ACCEPTED, by this offer or service. */
  private static boolean confirmed(RequestRecord request, ReferralRecord r) {
    if (request.status() != RequestStatus.REFERRAL_ACCEPTED) {
      return false;
    }
    return request.timeline().stream().filter(t -> t.status() == RequestStatus.REFERRAL_ACCEPTED)
        .anyMatch(t -> r.offer().offerId().equals(t.offerId()) || r.serviceId().equals(t.serviceId()));
  }

  /** A form field that must name one of {@code type}'s codes; null after answering 400 naming it. */
  private static <E extends Enum<E>> E code(RoutingContext ctx, String field, Class<E> type) {
    String value = ctx.request().getFormAttribute(field);
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(value)) {
        return e;
      }
    }
    Html.message(ctx, 400, "Choose " + field, field + ": must be one of " + Arrays.toString(type.getEnumConstants())
        + ". Nothing was changed.");
    return null;
  }

  /** What the page says about the referral: codes only, never caller details. */
  private static String details(ReferralRecord r) {
    var o = r.offer();
    return "<dl><dt>Service type</dt><dd>" + Html.label(o.referralKind() == null ? null : o.referralKind().name(), "-") + "</dd>"
        + "<dt>Need</dt><dd>" + Html.label(o.need() == null ? null : o.need().name(), "-") + "</dd>"
        + "<dt>Urgency</dt><dd>" + Html.label(o.urgency() == null ? null : o.urgency().name(), "-") + "</dd>"
        + "<dt>Language</dt><dd>" + Html.escape(o.language()) + "</dd>"
        + "<dt>Region</dt><dd>" + Html.escape(o.region()) + "</dd>"
        + "<dt>Reference</dt><dd>" + Html.escape(o.offerCode()) + "</dd>"
        + "<dt>Referred</dt><dd>" + o.occurredAt() + "</dd>"
        + "<dt>State</dt><dd id=\"referral-state\">" + Html.escape(stateText(r)) + "</dd></dl>";
  }

  /** The forms the referral's state allows. */
  private static String forms(ReferralRecord r, String token) {
    String base = "/s/" + token;
    return switch (r.state()) {
      case WAITING -> "<form method=\"post\" action=\"" + base + "/accept\"><button type=\"submit\" id=\"accept\">"
          + "Accept: we will contact them</button></form>"
          + "<form method=\"post\" action=\"" + base + "/decline\"><label for=\"reason\">Reason for declining</label> "
          + "<select id=\"reason\" name=\"reason\" required><option value=\"\">Choose a reason</option>"
          + options(ReferralDeclineReason.values()) + "</select> <button type=\"submit\" id=\"decline\">Decline</button>"
          + "</form><p class=\"small\">Declining sends the referral on to another service at once.</p>";
      case ACCEPTED -> "<form method=\"post\" action=\"" + base + "/contact\"><button type=\"submit\" id=\"contact\">"
          + "Show how to reach the person</button></form>"
          + (r.outcome() != null ? "" : "<form method=\"post\" action=\"" + base + "/outcome\"><fieldset>"
              + "<legend>Record the outcome</legend>" + radios(ReferralOutcome.values())
              + "</fieldset><button type=\"submit\" id=\"record-outcome\">Record outcome</button></form>");
      case DECLINED, CLOSED -> "";
    };
  }

  private static String options(ReferralDeclineReason[] values) {
    StringBuilder b = new StringBuilder();
    for (ReferralDeclineReason v : values) {
      b.append("<option value=\"").append(v.name()).append("\">").append(Html.label(v.name(), "-")).append("</option>");
    }
    return b.toString();
  }

  private static String radios(ReferralOutcome[] values) {
    StringBuilder b = new StringBuilder();
    for (ReferralOutcome v : values) {
      String id = "outcome-" + v.name().toLowerCase();
      b.append("<div><input type=\"radio\" name=\"outcome\" required id=\"").append(id).append("\" value=\"")
          .append(v.name()).append("\"> <label for=\"").append(id).append("\">").append(Html.label(v.name(), "-"))
          .append("</label></div>");
    }
    return b.toString();
  }

  private static String stateText(ReferralRecord r) {
    return switch (r.state()) {
      case WAITING -> "waiting for your answer";
      case ACCEPTED -> r.outcome() == null ? "accepted by your service" : "accepted; outcome: " + Html.label(r.outcome().name(), "-");
      case DECLINED -> "declined (" + Html.label(r.declineReason() == null ? null : r.declineReason().name(), "-") + ")";
      case CLOSED -> "no longer waiting for your answer (it moved on or ended)";
    };
  }
}
