package org.crisisline.system.reliability;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crisisline.events.AlertPaged;
import org.crisisline.events.AlertResolved;
import org.crisisline.events.FollowUpDue;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.OfferMade;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.Topics;
import org.crisisline.notifier.domain.AllClearNotice;

/**
 * Assembles what the {@link ReliabilityVerifier} judges, from the topics (read_committed, record by
 * record) and from what the SMTP server and SMS provider took. Reads help-requests, request-status,
 * offers, alerts (which send ids are pages and all-clears), dead-letters; writes nothing.
 */
final class Readback {
  private Readback() {}

  static ReliabilityVerifier.Observed read(String bootstrap, Set<String> acked, Map<String, Integer> capacity,
      Map<String, Integer> emailsByOfferChannel, Map<String, Integer> smsByOffer, Set<String> poisonKeys) {
    Map<String, HelpRequestLogged> logged = new HashMap<>();
    for (HelpRequestLogged r : TopicReader.values(bootstrap, Topics.HELP_REQUESTS, HelpRequestLogged.class)) {
      logged.putIfAbsent(r.requestId(), r);
    }
    List<RequestStatusChanged> statuses =
        TopicReader.values(bootstrap, Topics.REQUEST_STATUS, RequestStatusChanged.class);
    List<OfferMade> offers = TopicReader.values(bootstrap, Topics.OFFERS, OfferMade.class);
    Map<String, Integer> sends = new HashMap<>(emailsByOfferChannel);
    smsByOffer.forEach((offer, n) -> sends.merge(offer + "/SMS", n, Integer::sum));
    List<String> dlq = TopicReader.keys(bootstrap, Topics.DEAD_LETTERS.name());
    return new ReliabilityVerifier.Observed(Set.copyOf(acked), logged, statuses, offers, capacity, sends,
        Set.copyOf(poisonKeys), dlq, pageSends(bootstrap), caringSends(bootstrap));
  }

  /** Send ids of caring messages: the followUpId of every due follow-up that asked for one, with a contact. */
  static Set<String> caringSends(String bootstrap) {
    Set<String> ids = new HashSet<>();
    for (FollowUpDue d : TopicReader.values(bootstrap, Topics.FOLLOW_UPS, FollowUpDue.class)) {
      if (d.caringMessage() && d.callerContact() != null) {
        ids.add(d.followUpId());
      }
    }
    return Set.copyOf(ids);
  }

  /** Send ids of pages (their pageId) and of the all-clears after a resolution (as the notifier derives them). */
  static Set<String> pageSends(String bootstrap) {
    Set<String> ids = new HashSet<>();
    TopicReader.values(bootstrap, Topics.ALERTS, AlertPaged.class).forEach(p -> ids.add(p.pageId()));
    for (AlertResolved r : TopicReader.values(bootstrap, Topics.ALERTS, AlertResolved.class)) {
      r.paged().forEach(user -> ids.add(AllClearNotice.sendId(r.alertId(), user)));
    }
    return Set.copyOf(ids);
  }
}
