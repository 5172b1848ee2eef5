package org.crisisline.localstack;

import java.util.List;
import java.util.stream.Collectors;
import org.crisisline.intake.auth.DemoAccounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What {@code ./crisisline up} prints once everything runs: URLs, demo logins, a first curl. */
final class Banner {
  private static final Logger OUT = LoggerFactory.getLogger("crisisline");

  private Banner() {}

  static void print(LocalStack stack) {
    StackSettings s = stack.settings();
    String web = stack.intakeUrl();
    String responders = DemoData.responders().stream().map(DemoData.Responder::id).collect(Collectors.joining(", "));
    String kafka = s.externalBootstrap() == null
        ? stack.bootstrapServers() + " (embedded KRaft broker, data in " + s.kafkaDir() + ")"
        : stack.bootstrapServers() + " (KAFKA_BOOTSTRAP_SERVERS)";
    List<String> lines = List.of(
        "",
        "crisisline is up in " + String.format("%.1f", stack.startMillis() / 1000.0) + " s"
            + (stack.demoLoaded() ? " (demo data loaded)" : " (existing data kept)"),
        "  Staff intake     " + web + "/            log in as staff",
        "  Responder        " + web + "/responder   log in as a responder: " + responders,
        "  Dashboard        " + web + "/dashboard   log in as supervisor: queues, alerts, who is on call",
        "  Dev outbox       " + web + "/dev/outbox  (supervisor)   raw JSON: " + stack.outboxUrl(),
        "  API              " + web + "/api/v1/...  health: " + web + "/health",
        "  Notifier         http://localhost:" + s.notifierPort() + "/health   Routing http://localhost:"
            + s.routingPort() + "/health",
        "  Kafka            " + kafka,
        "  SMTP (GreenMail) localhost:" + stack.mail().port() + "   SMS sink " + stack.sms().baseUrl(),
        "  Demo logins      each account has its own password, derived from the demo password "
            + (s.demoPasswordGenerated() ? "(generated, kept in " + s.dataDir().resolve("secrets.properties")
                + "; set CRISISLINE_DEMO_PASSWORD to choose)" : "(CRISISLINE_DEMO_PASSWORD)") + ":",
        accounts(s, List.of("staff", "supervisor", "admin")),
        accounts(s, DemoData.responders().stream().map(DemoData.Responder::id).toList()),
        "  Try it:",
        "    TOKEN=$(curl -s " + web + "/api/v1/session -H 'Content-Type: application/json' \\",
        "      -d '{\"username\":\"staff\",\"password\":\"" + DemoAccounts.passwordFor(s.demoPassword(), "staff")
            + "\"}' | sed 's/.*\"token\":\"\\([^\"]*\\)\".*/\\1/')",
        "    curl -s " + web + "/api/v1/requests -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' \\",
        "      -H \"Idempotency-Key: $(date +%s)\" -d '{\"channel\":\"PHONE\",\"urgency\":\"HIGH\",\"need\":\"CRISIS_COUNSELLING\","
            + "\"language\":\"en\",\"region\":\"north\",\"ageGroup\":\"ADULT\",\"summary\":\"demo\"}'",
        "    then open " + web + "/dev/outbox (as supervisor) and accept as alex at " + web + "/responder",
        "Stop with Ctrl-C.");
    lines.forEach(OUT::info);
  }

  /** "    staff  abc...   supervisor  def..." for some demo accounts. */
  private static String accounts(StackSettings s, List<String> usernames) {
    return "    " + usernames.stream().map(u -> u + "  " + DemoAccounts.passwordFor(s.demoPassword(), u))
        .collect(Collectors.joining("   "));
  }
}
