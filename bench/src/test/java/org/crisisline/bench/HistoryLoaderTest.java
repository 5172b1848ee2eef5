package org.crisisline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.crisisline.events.DataKeyWrapped;
import org.crisisline.events.DataKeys;
import org.crisisline.events.Event;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.KafkaClientSecurity;
import org.crisisline.events.OfferMade;
import org.crisisline.events.PiiCipher;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.Topics;
import org.crisisline.intake.kafka.EventPublisher;
import org.crisisline.intake.kafka.IntakeViews;
import org.crisisline.intake.kafka.ViewLoader;
import org.crisisline.intake.view.OfferState;
import org.crisisline.intake.view.RequestRecord;
import org.crisisline.kafkalocal.EmbeddedKafka;
import org.crisisline.kafkalocal.TopicAdmin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryLoaderTest {
  private static final PiiCipher CIPHER = PiiCipher.fromKeyring(PiiCipher.generateKeyring("t1"));
  private static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");

  @Test
  void eachRequestIsLoggedOfferedAcceptedAndCompletedUnderOneKeyInOrderOfTime() {
    HistoryLoader loader = new HistoryLoader(CIPHER, "bench", NOW, Duration.ofDays(365), Duration.ofDays(3));
    List<HistoryLoader.Written> first = loader.request(0, 10);
    List<HistoryLoader.Written> last = loader.request(9, 10);

    assertThat(first).hasSize(HistoryLoader.RECORDS_PER_REQUEST);
    assertThat(first).extracting(w -> w.topic().name()).containsExactly(Topics.DATA_KEYS.name(), Topics.HELP_REQUESTS.name(),
        Topics.OFFERS.name(), Topics.REQUEST_STATUS.name(), Topics.OFFER_ANSWERS.name(), Topics.REQUEST_STATUS.name(),
        Topics.OFFER_ANSWERS.name(), Topics.REQUEST_STATUS.name());
    assertThat(first).extracting(HistoryLoader.Written::key).containsOnly(first.get(0).key());
    List<Instant> times = first.stream().map(w -> w.event().occurredAt()).toList();
    assertThat(times).isSorted();
    assertThat(times.get(0)).isEqualTo(NOW.minus(Duration.ofDays(365)));
    assertThat(last.get(1).event().occurredAt()).isEqualTo(NOW.minus(Duration.ofDays(3)));
    // PII is sealed under the request's own data key, as intake seals it: it opens with that key,
    // unwrapped by the deployment's keyring, and with nothing else.
    DataKeyWrapped key = (DataKeyWrapped) first.get(0).event();
    HelpRequestLogged logged = (HelpRequestLogged) first.get(1).event();
    assertThat(DataKeys.enveloped(logged)).isTrue();
    assertThat(new DataKeys(CIPHER, id -> Optional.of(key)).open("callerContact", logged.requestId(),
        logged.callerContact())).contains("+1555");
    assertThatThrownBy(() -> new DataKeys(CIPHER, id -> Optional.empty()).open("callerContact", logged.requestId(),
        logged.callerContact())).isInstanceOf(RuntimeException.class);
  }

  @Test
  void intakesViewsBuildCompletedRequestsFromTheLoadedTopics(@TempDir Path dir) throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().logDir(dir.resolve("kafka")).ports(0).controllerPort(0).start()) {
      String bootstrap = kafka.bootstrapServers();
      try (TopicAdmin admin = new TopicAdmin(bootstrap)) {
        admin.ensureTopics(admin.layoutForCluster(3));
      }
      List<Event> written = new ArrayList<>();
      long records = new HistoryLoader(CIPHER, "bench", Instant.now(), Duration.ofDays(30), Duration.ofDays(3))
          .load(bootstrap, 25, w -> written.add(w.event()));
      assertThat(records).isEqualTo(25L * HistoryLoader.RECORDS_PER_REQUEST);

      // Without a recent window (no records database) intake keeps every request: each one is COMPLETED
      // by the responder who accepted its offer, with its whole timeline, and its offer is no longer open
      // (ACCEPTED or CLOSED: the view reads the topics side by side, so which of the two it saw last varies).
      IntakeViews views = new IntakeViews(Duration.ofHours(24), null, Clock.systemUTC());
      try (EventPublisher publisher = new EventPublisher(bootstrap, "history-test", KafkaClientSecurity.NONE);
           ViewLoader loader = views.loader(bootstrap, "history-test", publisher, KafkaClientSecurity.NONE)) {
        loader.start(Duration.ofSeconds(60));
        assertThat(loader.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
        assertThat(loader.replayed(Topics.HELP_REQUESTS.name())).isEqualTo(25);
        List<OfferMade> offers = written.stream().filter(OfferMade.class::isInstance).map(OfferMade.class::cast).toList();
        assertThat(offers).hasSize(25);
        for (OfferMade offer : offers) {
          RequestRecord r = views.requests.get(offer.requestId()).orElseThrow();
          assertThat(r.status()).isEqualTo(RequestStatus.COMPLETED);
          assertThat(r.acceptedBy()).isEqualTo(offer.responderId());
          assertThat(r.timeline()).extracting(RequestRecord.TimelineEntry::status)
              .containsExactly(RequestStatus.OFFERED, RequestStatus.ACCEPTED, RequestStatus.COMPLETED);
          assertThat(views.offers.get(offer.offerId()).map(OfferState::state)).get()
              .isIn(OfferState.State.ACCEPTED, OfferState.State.CLOSED);
        }
      }
      // With intake's recent window (a records database answers for older requests) they are history:
      // all of them leave memory.
      IntakeViews windowed = new IntakeViews(Duration.ofHours(24), Duration.ofHours(36), Clock.systemUTC());
      try (EventPublisher publisher = new EventPublisher(bootstrap, "history-test-2", KafkaClientSecurity.NONE);
           ViewLoader loader = windowed.loader(bootstrap, "history-test-2", publisher, KafkaClientSecurity.NONE)) {
        loader.start(Duration.ofSeconds(60));
        assertThat(loader.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
        // and, stamped when they happened, those older than the lookback (16 days) are not even read:
        // logged 30 days ago to 3 days ago, 12 of the 25 (the 14th to the 25th) are within it
        assertThat(loader.replayed(Topics.HELP_REQUESTS.name())).isBetween(11L, 13L);
        windowed.sweep(Instant.now(), Duration.ofHours(36));
        assertThat(windowed.requests.size()).isZero();
      }
    }
  }
}
