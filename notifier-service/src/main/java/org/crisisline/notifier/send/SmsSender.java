package org.crisisline.notifier.send;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.crisisline.notifier.NotifierConfig;
import org.crisisline.notifier.domain.ProviderResult;

/**
 * SMS through a Twilio-compatible Messages API: {@code POST {base}/2010-04-01/Accounts/{sid}/Messages.json},
 * form-encoded To, From or MessagingServiceSid, Body, StatusCallback; basic auth sid:token.
 * A refused connection never reached the provider (transient); a timeout or reset after the
 * request went out is ambiguous, because the message may exist.
 */
public final class SmsSender implements AutoCloseable {
  /** Seconds a pooled connection may sit idle before we close it (servers commonly allow 5-75 s). */
  static final int IDLE_SECONDS = 2;
  /** Concurrent requests to the provider: with ~100 ms per call at a remote provider, 32 carry ~300 SMS/s. */
  static final int POOL_SIZE = 32;
  private final WebClient client;
  private final NotifierConfig.Sms config;
  private final Duration timeout;
  private final Clock clock;

  public SmsSender(Vertx vertx, NotifierConfig.Sms config, Duration timeout, Clock clock) {
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setConnectTimeout((int) Math.min(timeout.toMillis(), 5_000))
        // Connections are reused: a new one per message costs a TCP (and, at a real provider, a
        // TLS) handshake on every page. A pooled connection the provider already closed would
        // fail after the request was written, which reads as ambiguous and would cost a page, so
        // we close idle ones first: after IDLE_SECONDS, well under providers' idle timeouts.
        .setKeepAlive(true)
        .setKeepAliveTimeout(IDLE_SECONDS),
        new PoolOptions().setHttp1MaxSize(POOL_SIZE));
    this.config = config;
    this.timeout = timeout;
    this.clock = clock;
  }

  public Future<ProviderResult> send(String to, String body, String statusCallback) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    form.add("To", to);
    if (config.messagingServiceSid() != null) {
      form.add("MessagingServiceSid", config.messagingServiceSid());
    } else {
      form.add("From", config.from());
    }
    form.add("Body", body);
    form.add("StatusCallback", statusCallback);
    String url = config.baseUrl() + "/2010-04-01/Accounts/" + config.accountSid() + "/Messages.json";
    return client.postAbs(url)
        .basicAuthentication(config.accountSid(), config.authToken())
        .timeout(timeout.toMillis())
        .sendForm(form)
        .map(response -> {
          if (response.statusCode() / 100 == 2) {
            JsonObject json = safeJson(response.bodyAsString());
            return ProviderResult.accepted(json.getString("sid"), json.getString("status", "queued"));
          }
          return ProviderResult.fromHttpStatus(response.statusCode(), response.getHeader("Retry-After"), clock.instant());
        })
        .recover(error -> Future.succeededFuture(classify(error)));
  }

  /**
   * Asks the provider for a message's status by its sid ({@code GET .../Messages/{sid}.json});
   * empty when it cannot say (unknown sid, provider down, no such endpoint).
   */
  public Future<Optional<String>> status(String messageSid) {
    String url = config.baseUrl() + "/2010-04-01/Accounts/" + config.accountSid() + "/Messages/"
        + URLEncoder.encode(messageSid, StandardCharsets.UTF_8) + ".json";
    return client.getAbs(url)
        .basicAuthentication(config.accountSid(), config.authToken())
        .timeout(timeout.toMillis())
        .send()
        .map(response -> response.statusCode() == 200
            ? Optional.ofNullable(safeJson(response.bodyAsString()).getString("status"))
            : Optional.<String>empty())
        .otherwise(Optional.empty());
  }

  static ProviderResult classify(Throwable error) {
    if (error instanceof ConnectException || error instanceof UnknownHostException
        || error.getClass().getName().endsWith("ConnectTimeoutException")) {
      return ProviderResult.transientFailure("SMS provider unreachable: " + error.getClass().getSimpleName(), null);
    }
    return ProviderResult.ambiguous("SMS provider gave no answer: " + error.getClass().getSimpleName());
  }

  private static JsonObject safeJson(String body) {
    try {
      return body == null ? new JsonObject() : new JsonObject(body);
    } catch (RuntimeException e) {
      return new JsonObject();
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
