package org.crisisline.intake.http;

import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.BiFunction;
import org.crisisline.events.OfferLinks;

/**
 * What every signed-link page does first ({@code /r/}, {@code /a/}, {@code /s/}): a rate limit per
 * client address (the links are unauthenticated), then the token's signature and expiry under its
 * kind's key. A token that does not verify is told apart as expired-but-genuine or not ours, by
 * verifying it again under the same key with the clock at the epoch, so each page can say which.
 */
final class SignedLinks {
  /** How a page answers a token that does not verify: {@code expired} when it is genuine but old. */
  interface Refusal {
    void answer(RoutingContext ctx, boolean expired);
  }

  private final RateLimits limits;
  private final OfferLinks links;
  private final OfferLinks ignoringExpiry;

  /** {@code kind} makes the links of one kind: {@code OfferLinks::new}, {@code OfferLinks::forPages}, ... */
  SignedLinks(RateLimits limits, BiFunction<String, Clock, OfferLinks> kind, String secret, Clock clock) {
    this.limits = limits;
    this.links = kind.apply(secret, clock);
    this.ignoringExpiry = kind.apply(secret, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
  }

  /** The id the path's token names; empty once a 429 or the page's refusal has been answered. */
  Optional<String> verify(RoutingContext ctx, Refusal refusal) {
    if (!limits.tryAnonymous("link:" + ClientAddress.of(ctx))) {
      RateLimits.tooMany(ctx);
      return Optional.empty();
    }
    String token = ctx.pathParam("token");
    Optional<OfferLinks.Claims> claims = links.verify(token);
    if (claims.isEmpty()) {
      refusal.answer(ctx, ignoringExpiry.verify(token).isPresent());
      return Optional.empty();
    }
    return Optional.of(claims.get().offerId());
  }
}
