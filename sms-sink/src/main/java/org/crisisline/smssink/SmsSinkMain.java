package org.crisisline.smssink;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMS sink alone, for docker-compose (where the mail catcher is a separate container):
 * listens on all interfaces at {@code CRISISLINE_SMS_SINK_PORT} (8025) and accepts the
 * credentials {@code SMS_ACCOUNT_SID} (default {@code AC-local}) / {@code SMS_AUTH_TOKEN} (required:
 * it refuses to start without one). Its outbox lists SMS only.
 */
public final class SmsSinkMain {
  private static final Logger LOG = LoggerFactory.getLogger(SmsSinkMain.class);

  private SmsSinkMain() {}

  public static void main(String[] args) throws InterruptedException {
    Map<String, String> env = System.getenv();
    int port = Integer.parseInt(env.getOrDefault("CRISISLINE_SMS_SINK_PORT", "8025"));
    String token = env.get("SMS_AUTH_TOKEN");
    if (token == null || token.isBlank()) {
      // A fixed fallback token would let anyone who read this file forge delivery callbacks.
      System.err.println("sms-sink: SMS_AUTH_TOKEN is not set; refusing to start (docker/compose-secrets.sh writes one)");
      System.exit(2);
    }
    SmsSink sink = new SmsSink("0.0.0.0", port, env.getOrDefault("SMS_ACCOUNT_SID", "AC-local"), token, List::of);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      sink.close();
      stopped.countDown();
    }, "sms-sink-shutdown"));
    LOG.info("SMS sink listening on port {} (outbox at /outbox)", sink.port());
    stopped.await();
  }
}
