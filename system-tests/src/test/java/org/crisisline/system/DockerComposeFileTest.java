package org.crisisline.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crisisline.events.Retention;
import org.crisisline.events.RetentionPolicy;
import org.crisisline.events.Topic;
import org.crisisline.events.Topics;
import org.crisisline.localstack.ops.AccessPlan;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot run here (no Docker engine), so it is checked as a file: it parses,
 * everything it names exists in the repository, it creates exactly the registry's topics at
 * replication factor 3 and min.insync.replicas 2, the brokers run SASL with the ACL authorizer, and
 * kafka-init grants exactly the {@link AccessPlan}.
 */
class DockerComposeFileTest {
  private static final Pattern ENTRYPOINT_CLASS = Pattern.compile("\"(org\\.crisisline\\.[A-Za-z0-9_.]+)\"\\]");
  private static final Pattern MODULE = Pattern.compile("-pl ([a-z-]+) ");
  /** Every crisisline service instance and the Kafka principal it must use. */
  private static final Map<String, String> SERVICES = Map.of("routing-1", AccessPlan.ROUTING,
      "routing-2", AccessPlan.ROUTING, "intake-1", AccessPlan.INTAKE, "intake-2", AccessPlan.INTAKE,
      "notifier", AccessPlan.NOTIFIER);
  private static final String SECRET_NAME = ".*(PASSWORD|SECRET|TOKEN|_KEY|PW_).*";
  private static Path root;
  private static JsonNode compose;

  @BeforeAll
  static void parse() throws IOException {
    root = Path.of(System.getProperty("crisisline.repo.root", "..")).toAbsolutePath().normalize();
    // SnakeYAML resolves anchors and `<<:` merge keys as Compose does; Jackson's YAML reader does not.
    try (Reader reader = Files.newBufferedReader(root.resolve("docker-compose.yml"))) {
      Object yaml = new Yaml().load(reader);
      compose = new ObjectMapper().valueToTree(yaml);
    }
  }

  @Test
  void everyBuiltServiceNamesADockerfileThatExistsAndBuildsAModuleAndMainClassThatExist() throws IOException {
    // Given every service with a build section
    List<String> built = new ArrayList<>();
    for (Map.Entry<String, JsonNode> service : compose.path("services").properties()) {
      JsonNode build = service.getValue().path("build");
      if (build.isMissingNode()) {
        continue;
      }
      built.add(service.getKey());
      // Then its context and Dockerfile exist
      Path context = root.resolve(build.isTextual() ? build.asText() : build.path("context").asText("."));
      assertThat(context).isDirectory();
      Path dockerfile = context.resolve(build.path("dockerfile").asText("Dockerfile"));
      assertThat(dockerfile).as(service.getKey() + " Dockerfile").isRegularFile();
      // And the module it builds and the main class it runs exist in the repository
      String text = Files.readString(dockerfile);
      Matcher module = MODULE.matcher(text);
      assertThat(module.find()).as(dockerfile + " builds a module with -pl").isTrue();
      assertThat(context.resolve(module.group(1)).resolve("pom.xml")).isRegularFile();
      Matcher main = ENTRYPOINT_CLASS.matcher(text);
      assertThat(main.find()).as(dockerfile + " runs an org.crisisline main class").isTrue();
      assertThat(context.resolve(module.group(1)).resolve("src/main/java")
          .resolve(main.group(1).replace('.', '/') + ".java")).as(service.getKey() + " main class").isRegularFile();
    }
    assertThat(built).contains("routing-1", "routing-2", "intake-1", "intake-2", "notifier");
  }

  @Test
  void threeKraftBrokersOfTheOfficialImageFormOneQuorum() {
    // Given the kafka services
    List<String> brokers = new ArrayList<>();
    compose.path("services").properties().forEach(e -> {
      if (e.getKey().matches("kafka-\\d")) {
        brokers.add(e.getKey());
        // Then each runs apache/kafka 4.x as a combined KRaft node with RF 3 / min ISR 2 defaults
        assertThat(e.getValue().path("image").asText()).startsWith("apache/kafka:4.");
        JsonNode env = e.getValue().path("environment");
        assertThat(env.path("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        assertThat(env.path("KAFKA_CONTROLLER_QUORUM_VOTERS").asText())
            .isEqualTo("1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093");
        assertThat(env.path("KAFKA_MIN_INSYNC_REPLICAS").asInt()).isEqualTo(2);
        assertThat(env.path("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR").asInt()).isEqualTo(3);
      }
    });
    assertThat(brokers).containsExactly("kafka-1", "kafka-2", "kafka-3");
  }

  @Test
  void theInitContainerCreatesExactlyTheRegistryTopicsAtRf3AndMinIsr2() {
    // Given the kafka-init script
    JsonNode init = compose.path("services").path("kafka-init");
    String script = init.path("command").get(0).asText();
    assertThat(script).contains("--replication-factor 3", "--config min.insync.replicas=2", "--if-not-exists",
        "--config cleanup.policy=$$policy --config retention.ms=$$ms");
    Map<String, String> created = new LinkedHashMap<>();
    Matcher m = Pattern.compile("(?m)^create ([a-z-]+) ([a-z-]+)$").matcher(script);
    while (m.find()) {
      created.put(Topics.PREFIX + m.group(1), m.group(2));
    }
    // Then it creates every topic of the registry with the retention the registry chose for it
    Map<String, String> expected = new LinkedHashMap<>();
    for (Topic<?, ?> t : Topics.all()) {
      expected.put(t.name(), t.retention().label());
    }
    assertThat(created).isEqualTo(expected);
    // And each kind maps to the registry's cleanup policy, with the operator's days for retention
    for (Retention r : Retention.values()) {
      assertThat(script).as(r.label()).containsPattern("(?m)^\\s*" + r.label() + "\\) policy=" + r.cleanupPolicy() + ";");
    }
    JsonNode env = init.path("environment");
    assertThat(env.path("LIVE_DAYS").asText()).isEqualTo("${" + RetentionPolicy.LIVE_ENV + ":-"
        + RetentionPolicy.DEFAULTS.live().toDays() + "}");
    assertThat(env.path("HISTORY_DAYS").asText()).isEqualTo("${" + RetentionPolicy.HISTORY_ENV + ":-"
        + RetentionPolicy.DEFAULTS.history().toDays() + "}");
    // And the services start only after it completed
    for (String service : SERVICES.keySet()) {
      assertThat(compose.path("services").path(service).path("depends_on").path("kafka-init").path("condition").asText())
          .isEqualTo("service_completed_successfully");
    }
  }

  @Test
  void theServicesReachTheClusterTheMailCatcherAndTheSmsSink() {
    JsonNode services = compose.path("services");
    assertThat(services.path("mailpit").path("image").asText()).startsWith("axllent/mailpit");
    SERVICES.forEach((service, principal) -> {
      JsonNode env = services.path(service).path("environment");
      assertThat(env.path("KAFKA_BOOTSTRAP_SERVERS").asText()).isEqualTo("kafka-1:19092,kafka-2:19092,kafka-3:19092");
      // Each instance authenticates with its own service's principal over SCRAM-SHA-512
      assertThat(env.path("KAFKA_SECURITY_PROTOCOL").asText()).as(service).isEqualTo("SASL_PLAINTEXT");
      assertThat(env.path("KAFKA_SASL_MECHANISM").asText()).as(service).isEqualTo("SCRAM-SHA-512");
      assertThat(env.path("KAFKA_SASL_USERNAME").asText()).as(service).isEqualTo(principal);
      assertThat(env.path("KAFKA_SASL_PASSWORD").asText()).as(service).isNotBlank();
    });
    JsonNode notifier = services.path("notifier").path("environment");
    assertThat(notifier.path("SMTP_HOST").asText()).isEqualTo("mailpit");
    assertThat(notifier.path("SMS_BASE_URL").asText()).isEqualTo("http://sms-sink:8025");
  }

  @Test
  void theBrokersRunSaslWithTheAclAuthorizerAndOnlyTheAdminAsSuperUser() {
    compose.path("services").properties().forEach(e -> {
      if (e.getKey().matches("kafka-\\d")) {
        JsonNode env = e.getValue().path("environment");
        // Then every listener is SASL, the authorizer denies what no ACL allows
        assertThat(env.path("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").asText().split(","))
            .allSatisfy(l -> assertThat(l).endsWith(":SASL_PLAINTEXT"));
        assertThat(env.path("KAFKA_AUTHORIZER_CLASS_NAME").asText())
            .isEqualTo("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        assertThat(env.path("KAFKA_SUPER_USERS").asText()).isEqualTo("User:admin");
        assertThat(env.path("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND").asText()).isEqualTo("false");
        assertThat(env.path("KAFKA_LISTENER_NAME_CLIENT_SASL_ENABLED_MECHANISMS").asText()).isEqualTo("SCRAM-SHA-512");
      }
    });
  }

  @Test
  void theInitContainerCreatesAUserPerServiceAndExactlyTheAclsOfTheAccessPlan() {
    // Given the kafka-init script
    String script = compose.path("services").path("kafka-init").path("command").get(0).asText();
    List<String> acls = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^acl (.+)$").matcher(script);
    while (m.find()) {
      acls.add(m.group(1).trim());
    }
    List<String> users = new ArrayList<>();
    Matcher u = Pattern.compile("(?m)^user ([a-z]+) ").matcher(script);
    while (u.find()) {
      users.add(u.group(1));
    }
    // Then its ACL lines are the AccessPlan's grants, one for one, and every service principal gets a credential
    assertThat(acls).containsExactlyElementsOf(
        AccessPlan.DEFAULT.grants().stream().map(AccessPlan.Grant::cliArguments).toList());
    assertThat(users).containsExactlyInAnyOrderElementsOf(AccessPlan.users());
  }

  @Test
  void twoIntakesSitBehindTheProxyAndPrometheusScrapesEveryServiceInstance() throws IOException {
    JsonNode services = compose.path("services");
    // Given every file the compose file mounts exists
    services.properties().forEach(e -> e.getValue().path("volumes").forEach(v -> {
      String source = v.asText().split(":")[0];
      if (source.startsWith("./")) {
        assertThat(root.resolve(source)).as(e.getKey() + " mounts " + source).exists();
      }
    }));
    // Then the proxy balances both intake instances and publishes :8080
    assertThat(services.path("proxy").path("image").asText()).startsWith("haproxy:");
    String haproxy = Files.readString(root.resolve("docker/haproxy/haproxy.cfg"));
    assertThat(haproxy).contains("server intake-1 intake-1:8080", "server intake-2 intake-2:8080", "GET /ready");
    // Every use of one Idempotency-Key reaches the same intake, whose in-flight check sees it.
    assertThat(haproxy).contains("balance hdr(Idempotency-Key)");
    assertThat(services.path("proxy").path("ports").toString()).contains("8080:8080");
    // And Prometheus scrapes /metrics of every routing, intake and notifier instance
    assertThat(services.path("prometheus").path("image").asText()).startsWith("prom/prometheus");
    String prometheus = Files.readString(root.resolve("docker/prometheus/prometheus.yml"));
    Map<String, String> ports = Map.of("routing", "8082", "intake", "8080", "notifier", "8081");
    for (String service : SERVICES.keySet()) {
      String port = ports.get(service.replaceAll("-\\d$", ""));
      assertThat(prometheus).as("prometheus scrapes " + service).contains("\"" + service + ":" + port + "\"");
    }
  }

  @Test
  void composeShipsNoDefaultSecretAndRefusesToStartWithoutOne() throws IOException {
    // Given the raw file (interpolations are resolved by compose, not by the YAML parser)
    String text = Files.readString(root.resolve("docker-compose.yml"));
    // Then no secret's interpolation falls back to a value ("${X:-v}" or "${X-v}"), except to empty
    Matcher fallback = Pattern.compile("\\$\\{([A-Z0-9_]+):?-([^}]*)}").matcher(text);
    while (fallback.find()) {
      if (fallback.group(1).matches(SECRET_NAME)) {
        assertThat(fallback.group(2)).as(fallback.group(1) + " falls back to a value").isEmpty();
      }
    }
    // And every variable named like a secret is either required (${X:?why}) or empty by default
    JsonNode services = compose.path("services");
    services.properties().forEach(service -> service.getValue().path("environment").properties().forEach(env -> {
      if (env.getKey().matches(SECRET_NAME)) {
        assertThat(env.getValue().asText()).as(service.getKey() + " " + env.getKey())
            .matches("\\$\\{[A-Z0-9_]+:\\?[^}]+}|\\$\\{[A-Z0-9_]+:-}");
      }
    }));
    // And no secret is written inside a value either (SASL JAAS configs, the init script)
    assertThat(text).doesNotContainPattern("password=\"[^$]").doesNotContain("compose-dev", "change-me", "local-sms-token");
    // And the documented command that writes them exists
    assertThat(text).contains("docker/compose-secrets.sh");
    assertThat(root.resolve("docker/compose-secrets.sh")).isExecutable();
    assertThat(Files.readString(root.resolve(".gitignore"))).containsPattern("(?m)^\\.env$");
  }

  @Test
  void onlyTheProxyIsPublishedBeyondThisMachine() {
    // Catchers show every signed link; brokers, metrics and admin ports are for the operator.
    compose.path("services").properties().forEach(service -> service.getValue().path("ports").forEach(port -> {
      if (!service.getKey().equals("proxy") || !port.asText().equals("8080:8080")) {
        assertThat(port.asText()).as(service.getKey() + " publishes " + port.asText()).startsWith("127.0.0.1:");
      }
    }));
  }

  @Test
  void everyServiceHasAHealthcheckAndTheProxyFollowsIntakeThroughDockerDns() throws IOException {
    JsonNode services = compose.path("services");
    for (String service : List.of("routing-1", "routing-2", "intake-1", "intake-2", "notifier", "sms-sink", "kafka-1")) {
      assertThat(services.path(service).path("healthcheck").path("test").isMissingNode()).as(service).isFalse();
    }
    String haproxy = Files.readString(root.resolve("docker/haproxy/haproxy.cfg"));
    assertThat(haproxy).contains("nameserver dns 127.0.0.11:53", "init-addr last,libc,none", "resolvers docker");
    // /metrics stays on the internal network; access logs carry the path without its query
    assertThat(haproxy).contains("http-request deny deny_status 404 if { path /metrics }").contains("%{+Q}HP")
        .doesNotContain("option httplog");
  }

  @Test
  void everyRoutingInstanceReadsTheSamePolicyFileAndPrometheusLoadsTheAlertRules() throws IOException {
    JsonNode services = compose.path("services");
    for (String routing : List.of("routing-1", "routing-2")) {
      assertThat(services.path(routing).path("environment").path("CRISISLINE_ROUTING_POLICY").asText())
          .isEqualTo("/etc/crisisline/routing-policy.properties");
      assertThat(services.path(routing).path("volumes").toString())
          .contains("./docker/routing-policy.properties:/etc/crisisline/routing-policy.properties:ro");
    }
    assertThat(Files.readString(root.resolve("docker/prometheus/prometheus.yml"))).contains("/etc/prometheus/alerts.yml");
    assertThat(services.path("prometheus").path("volumes").toString()).contains("./docker/prometheus/alerts.yml");
    // And Grafana is provisioned with Prometheus and the crisisline dashboard
    JsonNode dashboard = new ObjectMapper().readTree(root.resolve("docker/grafana/dashboards/crisisline.json").toFile());
    assertThat(dashboard.path("uid").asText()).isEqualTo("crisisline");
    List<String> titles = new ArrayList<>();
    dashboard.path("panels").forEach(p -> titles.add(p.path("title").asText()));
    assertThat(titles).contains("Waiting by urgency", "Longest wait against its SLA", "Time to accept",
        "Offers outstanding", "Consumer lag", "Provider reachability", "Dead letters");
    assertThat(services.path("grafana").path("volumes").toString()).contains("./docker/grafana/provisioning");
  }
}
