package org.crisisline.intake.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.crisisline.events.JsonSerde;

/**
 * Short-lived, single-purpose tickets for the queue stream (EventSource cannot send an
 * Authorization header, and a session token must never sit in a URL). A ticket names the
 * caller and their session, lives {@link #LIFETIME}, is signed with a key derived from the JWT
 * secret for this one purpose (so it is no bearer token, and no bearer token is a ticket), and
 * is good for one stream: the caller records each redeemed ticket id (see QueueRoutes), and a
 * ticket whose id is recorded is refused.
 */
public final class StreamTickets {
  public static final Duration LIFETIME = Duration.ofSeconds(60);
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final SecureRandom RANDOM = new SecureRandom();
  private final byte[] key;

  /** A ticket and when it stops being accepted. */
  public record Ticket(String ticket, String ticketId, Instant expiresAt) {}

  /** What a valid ticket stands for: its id (to record its use) and the caller, valid until the session token's expiry. */
  public record Redeemed(String ticketId, Instant expiresAt, Principal who) {}

  private record Payload(String sub, List<String> roles, String rid, String sid, long auth, long exp, long until,
      String jti) {}

  public StreamTickets(String jwtSecret) {
    this.key = hmac(jwtSecret.getBytes(StandardCharsets.UTF_8), "crisisline queue-stream ticket key");
  }

  public Ticket issue(Principal who, Instant now) {
    byte[] id = new byte[18];
    RANDOM.nextBytes(id);
    String jti = B64.encodeToString(id);
    Instant expiresAt = now.plus(LIFETIME);
    Payload p = new Payload(who.username(), who.roles(), who.responderId(), who.sessionId(),
        who.authTime() == null ? 0 : who.authTime().getEpochSecond(), expiresAt.getEpochSecond(),
        who.expiresAt() == null ? expiresAt.getEpochSecond() : who.expiresAt().getEpochSecond(), jti);
    try {
      String body = B64.encodeToString(JsonSerde.MAPPER.writeValueAsBytes(p));
      return new Ticket(body + "." + B64.encodeToString(hmac(key, body)), jti, expiresAt);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a ticket", e);
    }
  }

  /** The ticket's caller, if it is genuine and unexpired; whether it was used already is the caller's check. */
  public Optional<Redeemed> verify(String ticket, Instant now) {
    if (ticket == null || ticket.length() > 2048) {
      return Optional.empty();
    }
    int dot = ticket.indexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    String body = ticket.substring(0, dot);
    try {
      byte[] given = Base64.getUrlDecoder().decode(ticket.substring(dot + 1));
      if (!MessageDigest.isEqual(given, hmac(key, body))) {
        return Optional.empty();
      }
      Payload p = JsonSerde.MAPPER.readValue(Base64.getUrlDecoder().decode(body), Payload.class);
      if (now.getEpochSecond() >= p.exp() || p.roles() == null || p.sub() == null || p.jti() == null) {
        return Optional.empty();
      }
      Instant until = Instant.ofEpochSecond(p.until());
      return Optional.of(new Redeemed(p.jti(), Instant.ofEpochSecond(p.exp()), new Principal(p.sub(),
          new ArrayList<>(p.roles()), p.rid(), until, p.sid(), p.auth() == 0 ? null : Instant.ofEpochSecond(p.auth()))));
    } catch (IllegalArgumentException | java.io.IOException e) {
      return Optional.empty();
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
