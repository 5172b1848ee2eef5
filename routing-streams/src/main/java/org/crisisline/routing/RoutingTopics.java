package org.crisisline.routing;

import org.apache.kafka.common.serialization.Serdes;
import org.crisisline.events.Topic;
import org.crisisline.events.Topics;
import org.crisisline.routing.streams.JsonStateSerde;
import org.crisisline.routing.streams.MarketMessage;

/**
 * Routing's own topic, beside the contract's {@link Topics}: {@code crisisline.routing-markets},
 * keyed by region, written and read only by routing-streams. Every input is re-keyed here so a
 * region's whole market lives in one task; a rollover is a record re-keyed to the backup
 * region. {@link RoutingApp} creates it (same partition count as {@code help-requests}).
 */
public final class RoutingTopics {
  public static final Topic<String, MarketMessage> MARKETS = new Topic<>(
      Topics.PREFIX + "routing-markets", Serdes.String(), new JsonStateSerde<>(MarketMessage.class), false);

  private RoutingTopics() {}
}
