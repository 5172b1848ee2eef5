package org.crisisline.system.web;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** What the browser tests do on the pages: sign in through the form, read elements, mark a page. */
final class Pages {
  private Pages() {}

  /** Signs in through /login as a person and waits until the role's screen has loaded. */
  static void login(WebDriver driver, WebStack stack, String username, String landingPath) {
    driver.get(stack.baseUrl() + "/login?next=" + landingPath);
    driver.findElement(By.id("username")).sendKeys(username);
    driver.findElement(By.id("password")).sendKeys(WebStack.password(username));
    driver.findElement(By.id("login-submit")).click();
    await("signed in as " + username).atMost(Duration.ofSeconds(15)).ignoreExceptions()
        .until(() -> driver.findElement(By.id("signed-in-as")).getText().contains(username));
  }

  static String text(WebDriver driver, String id) {
    List<WebElement> found = driver.findElements(By.id(id));
    return found.isEmpty() ? "" : found.get(0).getText();
  }

  static Object js(WebDriver driver, String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Sets a marker on the page's window: still there later means the page was never reloaded. */
  static void markPage(WebDriver driver) {
    js(driver, "window.__crisislineNoReload = 'marked';");
  }

  static boolean stillSamePage(WebDriver driver) {
    return "marked".equals(js(driver, "return window.__crisislineNoReload || null;"));
  }

  /** Runs fetch() inside the page with the page's own session token; returns the HTTP status. */
  static long fetchStatus(WebDriver driver, String method, String path) {
    Object status = ((JavascriptExecutor) driver).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "const s = JSON.parse(sessionStorage.getItem('crisisline.session'));"
            + "fetch(arguments[1], {method: arguments[0], headers: {Authorization: 'Bearer ' + s.token,"
            + " 'Content-Type': 'application/json'}, body: arguments[0] === 'GET' ? undefined : '{}'})"
            + ".then(r => done(r.status), e => done(-1));",
        method, path);
    return ((Number) status).longValue();
  }
}
