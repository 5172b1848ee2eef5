package org.crisisline.smssink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for a Twilio-compatible SMS provider, on {@code CRISISLINE_SMS_SINK_PORT}.
 * {@code POST /2010-04-01/Accounts/{sid}/Messages.json} (form To, From or MessagingServiceSid,
 * Body, StatusCallback; basic auth sid:token) answers 201 {sid, status:"queued", ...}, keeps the
 * message, then posts a status callback {@code delivered} signed with {@code X-Twilio-Signature};
 * {@code GET .../Messages/{sid}.json} answers a status poll with {@code delivered}.
 * {@code GET /outbox} returns the caught SMS merged with the emails of {@code emails}, newest first.
 * No Kafka: it only talks HTTP to the notifier.
 */
public final class SmsSink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SmsSink.class);
  private static final Pattern MESSAGES = Pattern.compile("^/2010-04-01/Accounts/([^/]+)/Messages\\.json$");
  private static final Pattern MESSAGE = Pattern.compile("^/2010-04-01/Accounts/([^/]+)/Messages/([^/]+)\\.json$");
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final String accountSid;
  private final String authToken;
  private final Supplier<List<OutboxMessage>> emails;
  /** The newest SMS, oldest first; bounded so a long bench does not grow it without end. */
  private final Deque<OutboxMessage> sms = new ArrayDeque<>();
  static final int KEPT = 10_000;
  private final Map<String, Map<String, Object>> bySid = new java.util.concurrent.ConcurrentHashMap<>();
  private final HttpServer server;
  // Callbacks are sent synchronously on these threads: HttpClient.sendAsync starts a new thread per
  // call on a 2-core machine (its completion hop goes to a thread-per-task executor there).
  private final ScheduledExecutorService callbacks = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "sms-sink-callbacks");
    t.setDaemon(true);
    return t;
  });
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** On localhost; port 0 picks a free port; {@code emails} supplies the mail side of the outbox. */
  public SmsSink(int port, String accountSid, String authToken, Supplier<List<OutboxMessage>> emails) {
    this("127.0.0.1", port, accountSid, authToken, emails);
  }

  public SmsSink(String bindAddress, int port, String accountSid, String authToken,
      Supplier<List<OutboxMessage>> emails) {
    this.accountSid = accountSid;
    this.authToken = authToken;
    this.emails = emails;
    noDelay();
    try {
      server = HttpServer.create(new InetSocketAddress(bindAddress, port), 50);
    } catch (IOException e) {
      throw new IllegalStateException("SMS sink cannot listen on port " + port, e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "sms-sink-http");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  /**
   * The JDK server writes a response's headers and its body as two TCP segments and, unless told
   * otherwise, leaves Nagle's algorithm on: the body then waits for the client's delayed ACK of the
   * headers, 40 ms on Linux, on every keep-alive request. That was 40 of the ~90 ms a page took in
   * the bench. The property is read once per JVM, when the first server is made.
   */
  static void noDelay() {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String baseUrl() {
    return "http://localhost:" + port();
  }

  /** SMS caught so far, oldest first. */
  public List<OutboxMessage> smsMessages() {
    synchronized (sms) {
      return List.copyOf(sms);
    }
  }

  /** SMS and emails, newest first. */
  public List<OutboxMessage> outbox() {
    List<OutboxMessage> all = new ArrayList<>(smsMessages());
    all.addAll(emails.get());
    all.sort(Comparator.comparing(OutboxMessage::sentAt).reversed());
    return all;
  }

  @Override
  public void close() {
    server.stop(0);
    callbacks.shutdownNow();
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      Matcher m = MESSAGES.matcher(path);
      Matcher one = MESSAGE.matcher(path);
      if (m.matches() && "POST".equals(ex.getRequestMethod())) {
        create(ex, m.group(1));
      } else if (one.matches() && "GET".equals(ex.getRequestMethod())) {
        fetch(ex, one.group(1), one.group(2));
      } else if ("/outbox".equals(path) && "GET".equals(ex.getRequestMethod())) {
        send(ex, 200, JSON.writeValueAsBytes(outbox()));
      } else {
        send(ex, 404, JSON.writeValueAsBytes(Map.of("code", 20404, "message", "not found", "status", 404)));
      }
    } catch (RuntimeException e) {
      LOG.warn("SMS sink failed on {}: {}", ex.getRequestURI().getPath(), e.toString());
    }
  }

  /** GET .../Messages/{sid}.json: the message as created, with its final status "delivered". */
  private void fetch(HttpExchange ex, String account, String messageSid) throws IOException {
    if (!authorised(ex, account)) {
      return;
    }
    Map<String, Object> message = bySid.get(messageSid);
    if (message == null) {
      send(ex, 404, JSON.writeValueAsBytes(Map.of("code", 20404, "message", "not found", "status", 404)));
      return;
    }
    Map<String, Object> delivered = new LinkedHashMap<>(message);
    delivered.put("status", "delivered");
    send(ex, 200, JSON.writeValueAsBytes(delivered));
  }

  private boolean authorised(HttpExchange ex, String account) throws IOException {
    String expected = "Basic " + Base64.getEncoder().encodeToString(
        (accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
    if (!account.equals(accountSid) || !expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
      send(ex, 401, JSON.writeValueAsBytes(Map.of("code", 20003, "message", "Authenticate", "status", 401)));
      return false;
    }
    return true;
  }

  private void create(HttpExchange ex, String sid) throws IOException {
    if (!authorised(ex, sid)) {
      return;
    }
    Map<String, String> form = parseForm(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    String to = form.get("To");
    String from = form.getOrDefault("From", form.get("MessagingServiceSid"));
    String body = form.get("Body");
    if (to == null || from == null || body == null) {
      send(ex, 400, JSON.writeValueAsBytes(Map.of("code", 21604, "status", 400,
          "message", "To, Body and From or MessagingServiceSid are required")));
      return;
    }
    String messageSid = "SM" + UUID.randomUUID().toString().replace("-", "");
    String callback = form.get("StatusCallback");
    Map<String, String> query = callback == null ? Map.of() : parseForm(nullToEmpty(URI.create(callback).getRawQuery()));
    OutboxMessage caught = new OutboxMessage("SMS", to, null, body, query.get("offerId"), query.get("recipientId"),
        Instant.now());
    synchronized (sms) {
      sms.addLast(caught);
      if (sms.size() > KEPT) {
        sms.removeFirst();
      }
    }
    Map<String, Object> created = new LinkedHashMap<>();
    created.put("sid", messageSid);
    created.put("account_sid", accountSid);
    created.put("status", "queued");
    created.put("to", to);
    created.put("from", from);
    created.put("body", body);
    created.put("num_segments", "1");
    created.put("direction", "outbound-api");
    created.put("api_version", "2010-04-01");
    created.put("date_created", Instant.now().toString());
    bySid.put(messageSid, created);
    send(ex, 201, JSON.writeValueAsBytes(created));
    if (callback != null) {
      Map<String, String> params = new TreeMap<>(Map.of("MessageSid", messageSid, "SmsSid", messageSid,
          "AccountSid", accountSid, "From", from, "To", to, "MessageStatus", "delivered",
          "SmsStatus", "delivered", "ApiVersion", "2010-04-01"));
      callbacks.schedule(() -> callback(callback, params, 1), 50, TimeUnit.MILLISECONDS);
    }
  }

  /** Posts the signed "delivered" callback, retrying a few times as a provider would. */
  private void callback(String url, Map<String, String> params, int attempt) {
    StringBuilder form = new StringBuilder();
    params.forEach((k, v) -> form.append(form.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", sign(url, params))
        .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build();
    int status = -1;
    String error = null;
    try {
      status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      error = e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return; // closing
    }
    boolean ok = status >= 200 && status < 300;
    if (!ok && attempt < 5 && !callbacks.isShutdown()) {
      callbacks.schedule(() -> callback(url, params, attempt + 1), 500L * attempt, TimeUnit.MILLISECONDS);
    } else if (!ok) {
      LOG.warn("SMS status callback gave up after {} attempts: {}", attempt, error != null ? error : "HTTP " + status);
    }
  }

  /** Twilio's scheme: base64(HMAC-SHA1(token, url + sorted name+value pairs)). */
  String sign(String url, Map<String, String> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 unavailable", e);
    }
  }

  private static Map<String, String> parseForm(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.putIfAbsent(k, v);
    }
    return out;
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
