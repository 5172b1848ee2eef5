package org.crisisline.simulator;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.crisisline.events.Urgency;
import org.crisisline.routing.market.RoutingPolicy;
import org.junit.jupiter.api.Test;

class SpeedProbeTest {
  @Test
  void probe() throws Exception {
    var s = new SyntheticDay.Settings(30, 12, 4, Duration.ofMinutes(6), Duration.ZERO, 1.0, Urgency.MODERATE, null, 1);
    Thread main = Thread.currentThread();
    Map<String, Integer> hits = new HashMap<>();
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        StackTraceElement[] st = main.getStackTrace();
        StringBuilder k = new StringBuilder();
        int n = 0;
        for (StackTraceElement e : st) {
          String c = e.getClassName();
          if (c.startsWith("org.apache.kafka.streams") || c.startsWith("org.crisisline")) {
            k.append(c.substring(c.lastIndexOf('.') + 1)).append('.').append(e.getMethodName()).append(" < ");
            if (++n == 4) break;
          }
        }
        hits.merge(k.toString(), 1, Integer::sum);
        try { Thread.sleep(5); } catch (InterruptedException ex) { return; }
      }
    });
    sampler.setDaemon(true);
    sampler.start();
    long t0 = System.nanoTime();
    Outcomes o = new Simulator(RoutingPolicy.defaults(), 1, System.err::println).run(SyntheticDay.build(s));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    sampler.interrupt();
    hits.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(25)
        .forEach(e -> System.err.println(e.getValue() + " " + e.getKey()));
    System.err.println("requests " + o.requests().size() + " in " + ms + " ms: " + Summary.of(o, RoutingPolicy.defaults()).overall());
  }
}
