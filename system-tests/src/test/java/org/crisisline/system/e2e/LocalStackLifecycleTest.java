package org.crisisline.system.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.crisisline.localstack.DemoData;
import org.crisisline.localstack.LocalStack;
import org.crisisline.localstack.StackSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole local stack as {@code ./crisisline up} runs it (its own embedded broker, GreenMail,
 * SMS sink, the three services, demo data), on free ports: it serves the demo world, releases
 * every port when closed, and a second start on the same data directory keeps the data.
 */
class LocalStackLifecycleTest {

  @Test
  void theStackLoadsDemoDataReleasesEveryPortOnCloseAndASecondStartKeepsTheData(@TempDir Path dataDir) {
    // Given a fresh data directory
    StackSettings settings = StackSettings.ephemeral(dataDir, null);
    List<Integer> ports;

    // When the stack starts
    try (LocalStack stack = LocalStack.start(settings)) {
      ports = stack.boundPorts();
      // Then it loaded the demo data, and a supervisor sees the demo responders and the dev outbox
      assertThat(stack.demoLoaded()).isTrue();
      Api api = new Api(stack.intakeUrl());
      String supervisor = api.login("supervisor", settings.demoPassword());
      await().atMost(Duration.ofSeconds(30)).until(() ->
          api.call("GET", "/api/v1/responders", supervisor, null).json().size() >= DemoData.responders().size());
      // and the on-call supervisors, named from the on-call directory, with a contact to page
      await().atMost(Duration.ofSeconds(30)).until(() ->
          api.call("GET", "/api/v1/oncall/people", supervisor, null).json().findValuesAsText("userId")
              .containsAll(List.of("sup-dana", "sup-ravi")));
      assertThat(api.call("GET", "/api/v1/oncall", supervisor, null).json().findValuesAsText("name"))
          .containsAnyOf("Dana Whitfield", "Ravi Menon");
      Api.Response outbox = api.call("GET", "/api/v1/dev/outbox", supervisor, null);
      assertThat(outbox.status()).as(outbox.body()).isEqualTo(200);
      assertThat(outbox.json().isArray()).isTrue();
      assertThat(ports).hasSize(7).allSatisfy(p -> assertThat(canBind(p)).as("port %d in use", p).isFalse());
    }

    // Then every port it listened on is free again
    assertThat(ports).allSatisfy(p -> assertThat(canBind(p)).as("port %d released", p).isTrue());

    // When it starts again on the same data directory
    try (LocalStack again = LocalStack.start(StackSettings.ephemeral(dataDir, null))) {
      // Then it keeps the data instead of loading the demo again, and the same demo password works
      assertThat(again.demoLoaded()).isFalse();
      Api api = new Api(again.intakeUrl());
      String supervisor = api.login("supervisor", settings.demoPassword());
      assertThat(supervisor).isNotNull();
      await().atMost(Duration.ofSeconds(30)).until(() ->
          api.call("GET", "/api/v1/responders", supervisor, null).json().size() == DemoData.responders().size());
    }
  }

  private static boolean canBind(int port) {
    try (ServerSocket s = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
