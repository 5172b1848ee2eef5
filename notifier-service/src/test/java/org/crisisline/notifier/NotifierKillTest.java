package org.crisisline.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.crisisline.events.DeliveryChannel;
import org.crisisline.events.OfferMade;
import org.crisisline.events.ResponderProfile;
import org.crisisline.events.Topics;
import org.crisisline.kafkalocal.RealKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A notifier process killed with kill -9 (no leave-group, no goodbye) and started again under its
 * instance id: the next offer's SMS goes out within 10 s of the kill, not after the dead
 * member's session.
 */
@ExtendWith(RealKafka.class)
class NotifierKillTest {
  private final NotifierFixture fx = new NotifierFixture();
  private Process child;

  @AfterEach
  void tearDown() throws Exception {
    if (child != null) {
      child.destroyForcibly().waitFor();
    }
    fx.close();
  }

  @Test
  void aNotifierRestartedAfterKillMinus9SendsTheNextOfferWithinTenSeconds() throws Exception {
    // Given a notifier in a process of its own, with an instance id, that has sent an offer
    Map<String, String> env = fx.env(Map.of("CRISISLINE_KAFKA_INSTANCE_ID", "notifier-" + fx.run));
    ResponderProfile first = fx.responder(DeliveryChannel.SMS);
    ResponderProfile next = fx.responder(DeliveryChannel.SMS);
    child = start(env);
    OfferMade before = fx.offer(first, Duration.ofMinutes(3));
    fx.produce(Topics.OFFERS, before.requestId(), before);
    await().atMost(Duration.ofSeconds(90)).until(() -> fx.smsTo(first.contact().phone()).size() == 1);

    // When it is killed -9, an offer arrives, and the notifier starts again on the same instance id
    child.destroyForcibly().waitFor();
    long killed = System.nanoTime();
    OfferMade after = fx.offer(next, Duration.ofMinutes(3));
    fx.produce(Topics.OFFERS, after.requestId(), after);
    fx.start(NotifierConfig.fromEnv(env));

    // Then that offer's SMS goes out within 10 s of the kill
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.smsTo(next.contact().phone()).size() == 1);
    Duration took = Duration.ofNanos(System.nanoTime() - killed);
    System.out.println("notifier kill -9 to next SMS: " + took.toMillis() + " ms");
    assertThat(took).isLessThan(Duration.ofSeconds(10));
  }

  private static Process start(Map<String, String> env) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        NotifierApp.class.getName());
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(Path.of("target", "notifier-kill-child.log").toFile());
    return pb.start();
  }
}
