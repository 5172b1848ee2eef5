package org.crisisline.intake.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.crisisline.intake.openapi.OpenApiResponses;
import org.crisisline.events.Topics;

/**
 * 3,000 random and malformed bodies, new ones every run, against POST /api/v1/requests (with a
 * valid token and a fresh Idempotency-Key each): every answer is a 4xx, never a 5xx, and nothing
 * reaches {@code help-requests} or {@code idempotency-keys}. Every generated body is invalid by
 * construction: garbage, a JSON value of the wrong shape, or the valid body with one defect.
 * (jqwik runs outside the Jupiter engine, so the broker comes from RealKafka's static API.)
 */
class IntakeFuzzTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final AtomicInteger SERVER_ERRORS = new AtomicInteger();
  private static String token;
  private static long requestsBefore;
  private static long keysBefore;

  static final String VALID = """
      {"channel":"PHONE","urgency":"HIGH","need":"REFERRAL","referralKind":"SUPPORT_GROUP","language":"es",\
      "region":"north","postalCode":"97201","ageGroup":"ADULT","specialties":["VETERANS"],"summary":"notes",\
      "callerContact":{"phone":"+15035550100","email":null,"consentToContact":true}}""";

  /** Field → values that each break that field alone. */
  private static final String[][] DEFECTS = {
      {"\"channel\":\"PHONE\"", "\"channel\":\"FAX\"", "\"channel\":null", "\"channel\":1", "\"channel\":[]", "\"channel\":\"phone\""},
      {"\"urgency\":\"HIGH\"", "\"urgency\":\"URGENT\"", "\"urgency\":true", "\"urgency\":{}", "\"urgency\":\"\""},
      {"\"need\":\"REFERRAL\"", "\"need\":\"PEER_SUPPORT\"", "\"need\":\"HELP\"", "\"need\":0.5"},
      {"\"referralKind\":\"SUPPORT_GROUP\"", "\"referralKind\":\"GYM\"", "\"referralKind\":null", "\"referralKind\":7"},
      {"\"language\":\"es\"", "\"language\":\"esp\"", "\"language\":\"xx\"", "\"language\":\"ES\"", "\"language\":null", "\"language\":\"\""},
      {"\"region\":\"north\"", "\"region\":\"atlantis\"", "\"region\":\"North\"", "\"region\":\"\"", "\"region\":\"n o r t h\"", "\"region\":null"},
      {"\"postalCode\":\"97201\"", "\"postalCode\":\"<script>\"", "\"postalCode\":\"12345678901\"", "\"postalCode\":97201"},
      {"\"ageGroup\":\"ADULT\"", "\"ageGroup\":\"BABY\"", "\"ageGroup\":42"},
      {"\"specialties\":[\"VETERANS\"]", "\"specialties\":\"VETERANS\"", "\"specialties\":[\"veterans\"]", "\"specialties\":[1]",
          "\"specialties\":[\"A\",\"A\"]", "\"specialties\":[\"A\",\"B\",\"C\",\"D\",\"E\",\"F\",\"G\",\"H\",\"I\",\"J\",\"K\"]"},
      {"\"summary\":\"notes\"", "\"summary\":5", "\"summary\":\"bell\\u0007\"", "\"summary\":{\"a\":1}"},
      {"\"phone\":\"+15035550100\"", "\"phone\":\"5035550100\"", "\"phone\":\"+1503\"", "\"phone\":\"+1 503 555 0100\"", "\"phone\":15035550100", "\"phone\":\"+99999999999\""},
      {"\"email\":null", "\"email\":\"nope\"", "\"email\":\"a@\"", "\"email\":\"@b.c\"", "\"email\":3"},
      {"\"consentToContact\":true", "\"consentToContact\":\"yes\"", "\"consentToContact\":null", "\"consentToContact\":1"},
      {"\"channel\":\"PHONE\",", "\"channel\":\"PHONE\",\"extra\":1,", "\"channel\":\"PHONE\",\"channel\":\"TEXT\",", ""},
  };

  @BeforeContainer
  static void start() {
    IntakeFixture.app();
    token = IntakeFixture.login("staff");
    requestsBefore = endOffsets(Topics.HELP_REQUESTS);
    keysBefore = endOffsets(Topics.IDEMPOTENCY_KEYS);
  }

  @AfterContainer
  static void nothingPublishedAndNoServerError() {
    assertThat(SERVER_ERRORS.get()).as("5xx answers").isZero();
    assertThat(endOffsets(Topics.HELP_REQUESTS)).as("help-requests end offsets").isEqualTo(requestsBefore);
    assertThat(endOffsets(Topics.IDEMPOTENCY_KEYS)).as("idempotency-keys end offsets").isEqualTo(keysBefore);
  }

  @Property(tries = 3_000)
  void everyMalformedBodyIsRefusedWithA4xx(@ForAll("bodies") byte[] body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(IntakeFixture.base() + "/api/v1/requests"))
        .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    int status = OpenApiResponses.check(HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray())).statusCode();
    if (status >= 500) {
      SERVER_ERRORS.incrementAndGet();
    }
    assertThat(status).as(new String(body, StandardCharsets.UTF_8)).isBetween(400, 499);
  }

  @Provide
  Arbitrary<byte[]> bodies() {
    Arbitrary<byte[]> garbage = Arbitraries.strings().ofMaxLength(300).map(s -> s.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> rawBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    Arbitrary<byte[]> truncated = Arbitraries.integers().between(0, VALID.length() - 1)
        .map(n -> VALID.substring(0, n).getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> wrongShape = Arbitraries.of("[]", "null", "true", "1", "\"x\"", "{}", "[" + VALID + "]",
        "{\"channel\":\"PHONE\"}", VALID + VALID, VALID + "x").map(s -> s.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> oneDefect = Combinators.combine(Arbitraries.integers().between(0, DEFECTS.length - 1),
        Arbitraries.integers().between(1, 10)).as((field, pick) -> {
          String[] row = DEFECTS[field];
          String replacement = row[1 + (pick % (row.length - 1))];
          return VALID.replace(row[0], replacement).getBytes(StandardCharsets.UTF_8);
        });
    Arbitrary<byte[]> randomObject = Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12),
        Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20).map(s -> "\"" + s.replace("\\", "").replace("\"", "") + "\""),
            Arbitraries.integers().map(String::valueOf), Arbitraries.of("null", "true", "[]", "{}")))
        .ofMaxSize(8)
        .map(m -> m.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
            .reduce((a, b) -> a + "," + b).map(s -> "{" + s + "}").orElse("{}").getBytes(StandardCharsets.UTF_8));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(2, garbage), net.jqwik.api.Tuple.of(1, rawBytes), net.jqwik.api.Tuple.of(2, truncated),
        net.jqwik.api.Tuple.of(1, wrongShape), net.jqwik.api.Tuple.of(5, oneDefect), net.jqwik.api.Tuple.of(2, randomObject));
  }

  private static long endOffsets(org.crisisline.events.Topic<String, ?> topic) {
    try (var c = new TestConsumer<>(topic)) {
      return c.endOffsetSum();
    }
  }
}
