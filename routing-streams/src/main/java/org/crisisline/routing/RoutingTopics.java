package org.crisisline.routing;

import org.apache.kafka.common.serialization.Serdes;
import org.crisisline.events.Retention;
import org.crisisline.events.Topic;
import org.crisisline.events.Topics;
import org.crisisline.routing.market.RoutingPolicy;
import org.crisisline.routing.streams.JsonStateSerde;
import org.crisisline.routing.streams.MarketMessage;

/**
 * Routing's own topic, beside the contract's {@link Topics}: {@code <application.id>-markets},
 * keyed by region, written and read only by that routing application (named like Streams'
 * internal topics, so two routing applications on one cluster never read each other's). What a
 * market must hear from another task is re-keyed here, so a region's whole market lives in one task:
 * responder and directory changes, a rollover to the backup region, and requests whose id is not
 * aligned with their region (an aligned request reaches its market without it: {@link RoutingTopology}). {@link RoutingApp} creates it (as many partitions as
 * {@code help-requests}). Live retention: it only carries work in flight; a rebuild re-reads the inputs.
 */
public final class RoutingTopics {
  /** The application id of the local stack and of {@link RoutingTopology#build(RoutingPolicy)}. */
  public static final String DEFAULT_APPLICATION_ID = "crisisline-routing";
  public static final Topic<String, MarketMessage> MARKETS = markets(DEFAULT_APPLICATION_ID);

  private RoutingTopics() {}

  public static Topic<String, MarketMessage> markets(String applicationId) {
    return new Topic<>(applicationId + "-markets", Serdes.String(), new JsonStateSerde<>(MarketMessage.class),
        Retention.LIVE);
  }
}
