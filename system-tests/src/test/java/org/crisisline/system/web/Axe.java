package org.crisisline.system.web;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Runs axe-core (the {@code axe.min.js} that Deque's {@code com.deque.html.axe-core:selenium} ships) in the page as it is now and fails
 * on any WCAG 2.0/2.1 A or AA violation, naming each rule, its impact and the elements at fault.
 * WebDriver's script injection is not subject to the page's CSP, so the pages keep theirs.
 */
final class Axe {
  private static final String SOURCE = load();
  private static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

  private Axe() {}

  private static String load() {
    try (InputStream in = Axe.class.getResourceAsStream("/axe.min.js")) {
      if (in == null) {
        throw new IllegalStateException("axe.min.js (com.deque.html.axe-core:selenium) is not on the test classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Fails the test if the page, or the part {@code selector} picks (null: all of it), breaks a WCAG A/AA rule. */
  @SuppressWarnings("unchecked")
  static void assertClean(WebDriver driver, String selector, String what) {
    JavascriptExecutor js = (JavascriptExecutor) driver;
    if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe === 'object';"))) {
      js.executeScript(SOURCE);
    }
    Object result = js.executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "axe.run(arguments[0] ? document.querySelector(arguments[0]) : document,"
            + " {runOnly: {type: 'tag', values: arguments[1]}, resultTypes: ['violations']})"
            + ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
            + " targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))),"
            + " e => done([{id: 'axe-error', impact: 'critical', help: String(e), targets: []}]));",
        selector, TAGS);
    List<Map<String, Object>> violations = (List<Map<String, Object>>) result;
    if (!violations.isEmpty()) {
      StringBuilder message = new StringBuilder(what).append(" breaks WCAG A/AA rules (axe-core):");
      for (Map<String, Object> v : violations) {
        message.append("\n  - ").append(v.get("id")).append(" (").append(v.get("impact")).append("): ")
            .append(v.get("help")).append(" at ").append(v.get("targets"));
      }
      fail(message.toString());
    }
  }
}
