package org.crisisline.bench;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bench's HTTP side: a Vert.x web client with a large HTTP/1.1 pool (an open-loop generator
 * must never wait for a free connection, or it would hide the server's latency), and the
 * few intake calls the bench makes. No Kafka.
 */
final class BenchHttp implements AutoCloseable {
  private final Vertx vertx;
  private final WebClient client;
  private final String base;

  BenchHttp(Vertx vertx, String baseUrl, int connections) {
    this.vertx = vertx;
    URI uri = URI.create(baseUrl);
    this.base = baseUrl;
    WebClientOptions options = new WebClientOptions().setDefaultHost(uri.getHost()).setDefaultPort(uri.getPort())
        .setKeepAlive(true).setTcpNoDelay(true).setConnectTimeout(5000).setIdleTimeout(60);
    this.client = WebClient.create(vertx, options,
        new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
  }

  Vertx vertx() {
    return vertx;
  }

  /**
   * {@code n} contexts on {@code n} different event loops. {@code vertx.getOrCreateContext()} from
   * one outside thread gives new contexts that all share that thread's event loop, so the
   * generator would drive everything from one loop; a verticle instance each gets a loop of its own.
   */
  Context[] eventLoops(int n) {
    Context[] contexts = new Context[n];
    AtomicInteger next = new AtomicInteger();
    await(vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        contexts[next.getAndIncrement()] = context;
        return Future.succeededFuture();
      }
    }, new DeploymentOptions().setInstances(n)));
    return contexts;
  }

  String base() {
    return base;
  }

  Future<HttpResponse<Buffer>> post(String path, String token, JsonObject body, String idempotencyKey) {
    var req = client.post(path).timeout(30_000).putHeader("Content-Type", "application/json");
    if (token != null) {
      req.putHeader("Authorization", "Bearer " + token);
    }
    if (idempotencyKey != null) {
      req.putHeader("Idempotency-Key", idempotencyKey);
    }
    return req.sendBuffer(body.toBuffer());
  }

  Future<HttpResponse<Buffer>> put(String path, String token, Object body) {
    Buffer buffer = body instanceof JsonArray a ? a.toBuffer() : JsonObject.mapFrom(body).toBuffer();
    return client.put(path).timeout(30_000).putHeader("Content-Type", "application/json")
        .putHeader("Authorization", "Bearer " + token).sendBuffer(buffer);
  }

  Future<HttpResponse<Buffer>> get(String path, String token) {
    return client.get(path).timeout(30_000).putHeader("Authorization", "Bearer " + token).send();
  }

  /**
   * Logs in (POST /api/v1/session) as a demo account and returns the bearer token; blocks, for set-up
   * only. {@code demoPassword} is the deployment's CRISISLINE_DEMO_PASSWORD, the account's own is derived.
   */
  String login(String username, String demoPassword) {
    String password = org.crisisline.intake.auth.DemoAccounts.passwordFor(demoPassword, username);
    HttpResponse<Buffer> r = await(post("/api/v1/session", null,
        new JsonObject().put("username", username).put("password", password), null));
    if (r.statusCode() != 200) {
      throw new IllegalStateException("login " + username + " answered " + r.statusCode() + ": " + r.bodyAsString());
    }
    return r.bodyAsJsonObject().getString("token");
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("HTTP call failed: " + e, e);
    }
  }

  static void awaitAll(List<Future<HttpResponse<Buffer>>> calls, String what) {
    for (Future<HttpResponse<Buffer>> f : calls) {
      HttpResponse<Buffer> r = await(f);
      if (r.statusCode() >= 300) {
        throw new IllegalStateException(what + " answered " + r.statusCode() + ": " + r.bodyAsString());
      }
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
