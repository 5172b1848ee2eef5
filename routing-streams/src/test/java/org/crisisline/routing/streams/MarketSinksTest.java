package org.crisisline.routing.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TopologyDescription;
import org.crisisline.events.Topics;
import org.crisisline.routing.RoutingTopics;
import org.crisisline.routing.RoutingTopology;
import org.crisisline.routing.market.RoutingPolicy;
import org.junit.jupiter.api.Test;

class MarketSinksTest {

  @Test
  void eachOutputTopicHasItsOwnNamedSinkUnderTheMarketProcessor() {
    // Given the routing topology
    TopologyDescription d = RoutingTopology.build(RoutingPolicy.defaults()).describe();
    // When its sinks are listed with their topics
    Map<String, String> sinks = d.subtopologies().stream().flatMap(s -> s.nodes().stream())
        .filter(TopologyDescription.Sink.class::isInstance).map(TopologyDescription.Sink.class::cast)
        .filter(s -> s.predecessors().stream().anyMatch(p -> p.name().equals("market")))
        .collect(Collectors.toMap(TopologyDescription.Node::name, TopologyDescription.Sink::topic));
    // Then each output topic has exactly one, named after it, and no topic is chosen at runtime
    assertThat(sinks).containsOnly(
        Map.entry("offers-sink", Topics.OFFERS.name()),
        Map.entry("request-status-sink", Topics.REQUEST_STATUS.name()),
        Map.entry("queue-snapshots-sink", Topics.QUEUE_SNAPSHOTS.name()),
        Map.entry("alerts-sink", Topics.ALERTS.name()),
        Map.entry("follow-ups-sink", Topics.FOLLOW_UPS.name()),
        Map.entry("markets-sink", RoutingTopics.MARKETS.name()));
  }
}
