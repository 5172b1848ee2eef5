package org.crisisline.system.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.crisisline.events.CallerKeys;
import org.crisisline.events.Channel;
import org.crisisline.events.Disposition;
import org.crisisline.events.EscalationStep;
import org.crisisline.events.Event;
import org.crisisline.events.HelpRequestLogged;
import org.crisisline.events.Ids;
import org.crisisline.events.Need;
import org.crisisline.events.PiiCipher;
import org.crisisline.events.RequestCompleted;
import org.crisisline.events.RequestStatus;
import org.crisisline.events.RequestStatusChanged;
import org.crisisline.events.RiskScreen;
import org.crisisline.events.StatusKind;
import org.crisisline.events.Topic;
import org.crisisline.events.Topics;
import org.crisisline.events.Urgency;
import org.crisisline.intake.IntakeApp;
import org.crisisline.intake.IntakeConfig;
import org.crisisline.intake.auth.DemoAccounts;
import org.crisisline.kafkalocal.RealKafka;
import org.crisisline.records.RealPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The supervisor's reports page on intake with the contact-record read model (real broker, real
 * PostgreSQL): for a known mix (accepted fast, accepted late, cancelled before acceptance, expired,
 * rolled over) it draws every chart with its text equivalent, says the numbers in one sentence,
 * downloads the same numbers as CSV, and has no axe accessibility violation.
 */
@ExtendWith(RealKafka.class)
class ReportsWebTest {
  private static final String PASSWORD = "reports-web-demo-password";
  private static final String REGION = "web-rpt-" + UUID.randomUUID().toString().substring(0, 6);
  private static IntakeApp intake;

  @BeforeAll
  static void start() {
    Chromium.requireInstalled();
    RealKafka.createTopics();
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", RealKafka.bootstrapServers());
    env.put("CRISISLINE_HTTP_PORT", "0");
    env.put("CRISISLINE_PII_KEY", PiiCipher.generateKeyring("rpt"));
    env.put("CRISISLINE_LINK_SECRET", "reports-link-secret-" + UUID.randomUUID());
    env.put("CRISISLINE_JWT_SECRET", "reports-jwt-secret-" + UUID.randomUUID() + UUID.randomUUID());
    env.put("CRISISLINE_DEMO_PASSWORD", PASSWORD);
    env.put("CRISISLINE_INTAKE_CLIENT_ID", "reports-web-" + UUID.randomUUID());
    env.put("CRISISLINE_REGIONS", REGION);
    intake = IntakeApp.start(IntakeConfig.fromEnv(env),
        RealPostgres.newDatabase().withCallerKey(CallerKeys.generate()));
  }

  @AfterAll
  static void stop() {
    if (intake != null) {
      intake.close();
    }
  }

  @Test
  void theReportsPageDrawsTheKnownMixSaysItInWordsAndDownloadsItAsCsv() throws IOException {
    // Given a known mix, an hour ago
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
    writeMix(t0);
    String day = t0.atZone(ZoneOffset.UTC).toLocalDate().toString();
    String base = "http://localhost:" + intake.port();
    try (Chromium browsers = new Chromium("reports")) {
      WebDriver page = browsers.desktop();
      // When a supervisor opens the reports of that day in that region
      page.get(base + "/login?next=" + java.net.URLEncoder.encode("/reports?from=" + day + "&to=" + day
          + "&interval=hour&region=" + REGION, StandardCharsets.UTF_8));
      page.findElement(By.id("username")).sendKeys("supervisor");
      page.findElement(By.id("password")).sendKeys(DemoAccounts.passwordFor(PASSWORD, "supervisor"));
      page.findElement(By.id("login-submit")).click();
      // Then the summary says it in words
      await("the report of the mix").atMost(Duration.ofSeconds(30)).ignoreExceptions().pollInterval(Duration.ofSeconds(1))
          .until(() -> {
            if (!Pages.text(page, "summary").contains("5 contacts logged")) {
              page.findElement(By.id("show")).click();
              return false;
            }
            return true;
          });
      assertThat(Pages.text(page, "summary")).contains("3 answered (answer rate 60%", "20% within SLA",
          "1 abandoned", "1 rolled over", "1 high-risk contacts");
      // And every chart is drawn, with its figures as a table
      assertThat(page.findElements(By.cssSelector("#chart-answer svg[role=img] .point"))).isNotEmpty();
      assertThat(page.findElements(By.cssSelector("#chart-answer .sla-line"))).hasSize(1);
      assertThat(page.findElements(By.cssSelector("#chart-speed svg[role=img] .point"))).isNotEmpty();
      assertThat(page.findElements(By.cssSelector("#chart-lost svg[role=img] .point"))).isNotEmpty();
      assertThat(page.findElement(By.cssSelector("#chart-outcomes svg")).getAttribute("data-bars")).isEqualTo("4");
      String outcomes = page.findElement(By.id("table-outcomes")).getAttribute("textContent");
      assertThat(outcomes).contains("Risk high1", "Safety plan made1");
      String answer = page.findElement(By.id("table-answer")).getAttribute("textContent");
      assertThat(answer).contains("60%", "20%");
      Chromium.screenshot(page, "reports-mix");
      // And no accessibility violation
      Axe.assertClean(page, null, "the reports page with the mix");
      // When they download the CSV, the file holds the same numbers under a header row
      Path downloads = Files.createTempDirectory("crisisline-reports-downloads-");
      ((ChromeDriver) page).executeCdpCommand("Page.setDownloadBehavior",
          Map.of("behavior", "allow", "downloadPath", downloads.toString()));
      page.findElement(By.id("download-csv")).click();
      await("downloaded").atMost(Duration.ofSeconds(10)).until(() -> Pages.text(page, "status").contains("CSV downloaded"));
      await("the file").atMost(Duration.ofSeconds(10)).until(() -> csvIn(downloads) != null);
      String[] lines = Files.readString(csvIn(downloads), StandardCharsets.UTF_8).split("\r\n");
      assertThat(lines[0]).startsWith("start,end,region,logged,accepted,answerRate,answeredWithinSla,");
      assertThat(List.of(lines)).anyMatch(l -> l.startsWith(t0 + ",") && l.contains(",5,3,0.6,1,0.2,"));
    }
  }

  private static Path csvIn(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".csv")).findFirst().orElse(null);
    }
  }

  private record Sent(Topic<String, ? extends Event> topic, String key, Event value) {}

  private static void writeMix(Instant t0) {
    List<Sent> mix = new ArrayList<>();
    String fast = logged(mix, t0.plusSeconds(60), Urgency.HIGH);
    status(mix, fast, t0.plusSeconds(80), RequestStatus.ACCEPTED, StatusKind.TRANSITION, null);
    mix.add(new Sent(Topics.OFFER_ANSWERS, fast, new RequestCompleted(Ids.newId(), t0.plusSeconds(900), fast, "r-1",
        Disposition.SAFETY_PLAN_MADE, null, new RiskScreen(true, true, false, true, false, false, false), null, true,
        false)));
    String late = logged(mix, t0.plusSeconds(120), Urgency.HIGH);
    status(mix, late, t0.plusSeconds(520), RequestStatus.ACCEPTED, StatusKind.TRANSITION, null);
    String abandoned = logged(mix, t0.plusSeconds(130), Urgency.MODERATE);
    status(mix, abandoned, t0.plusSeconds(200), RequestStatus.CANCELLED, StatusKind.TRANSITION, null);
    String expired = logged(mix, t0.plusSeconds(140), Urgency.HIGH);
    status(mix, expired, t0.plusSeconds(1800), RequestStatus.EXPIRED, StatusKind.TRANSITION, null);
    String rolled = logged(mix, t0.plusSeconds(150), Urgency.HIGH);
    status(mix, rolled, t0.plusSeconds(460), RequestStatus.ESCALATED, StatusKind.ESCALATION, EscalationStep.ROLLED_OVER);
    status(mix, rolled, t0.plusSeconds(850), RequestStatus.ACCEPTED, StatusKind.TRANSITION, null);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealKafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (Sent s : mix) {
        send(producer, s);
      }
      producer.flush();
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void send(KafkaProducer<byte[], byte[]> producer, Sent s) {
    Topic topic = s.topic();
    producer.send(new ProducerRecord<>(topic.name(), s.key().getBytes(StandardCharsets.UTF_8),
        topic.valueSerde().serializer().serialize(topic.name(), s.value())));
  }

  private static String logged(List<Sent> mix, Instant at, Urgency urgency) {
    String id = "web-rpt-" + UUID.randomUUID();
    mix.add(new Sent(Topics.HELP_REQUESTS, id, new HelpRequestLogged(Ids.newId(), at, id, Channel.PHONE, urgency,
        Need.CRISIS_COUNSELLING, null, "en", REGION, null, null, List.of(), null, null, false, "staff")));
    return id;
  }

  private static void status(List<Sent> mix, String id, Instant at, RequestStatus s, StatusKind kind,
      EscalationStep step) {
    mix.add(new Sent(Topics.REQUEST_STATUS, id, new RequestStatusChanged(Ids.newId(), at, id, s, "test", null,
        s == RequestStatus.ACCEPTED ? "r-1" : null, null, REGION, Urgency.HIGH, Need.CRISIS_COUNSELLING, kind, step,
        "0123456789ab")));
  }
}
