package io.storyline.publish.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.storyline.common.http.OpsHttpServer;
import io.storyline.common.model.Story;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The digest page and the story page in headless Debian Chromium with {@link
 * HostileContentEscapingTest#PAYLOAD} in every text field and script, data and scheme-less links: the
 * text is shown exactly as text, no injected element exists, no injected script runs, and every link is
 * http(s). Skipped when /usr/bin/chromedriver is absent.
 */
class StoryPageBrowserIT {
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  private static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");
  /** What the page shows for the payload: the HTTP encoder turns the lone surrogate into '?'; NUL is compared apart. */
  private static final String SHOWN = HostileContentEscapingTest.PAYLOAD.replace("\uD800", "?").replace("\u0000", "");

  private final PublishFeedsAndPageTest.Source1 source = new PublishFeedsAndPageTest.Source1();
  private OpsHttpServer server;
  private ChromeDriver browser;

  @BeforeEach
  void start() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(DRIVER),
        "skipped: /usr/bin/chromedriver is absent (apt-get install chromium chromium-driver)");
    Story s = HostileContentEscapingTest.story();
    source.stories.put(s.id(), s);
    source.publish(HostileContentEscapingTest.list(s));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    server = new OpsHttpServer("127.0.0.1", 0, registry, () -> null);
    new PublishHttpApi(source, List.of("news/24h"), registry, Clock.fixed(NOW, ZoneOffset.UTC)).register(server);
    new WebPage().register(server);
    server.start();
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1400,1000", "--user-data-dir=" + Files.createTempDirectory("storyline-chromium"));
    browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build(), options);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  private Object js(String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  /** The textContent of the element the expression finds, NUL and U+FFFD removed (browsers differ on NUL). */
  private String text(String elementExpression) {
    return String.valueOf(js("return " + elementExpression + ".textContent;")).replace("\u0000", "").replace("\uFFFD", "");
  }

  /** No script ran, no element came from post text, every link is http(s) or a same-page fragment. */
  private void assertNothingInjected() {
    assertThat(js("return window.pwned === undefined ? null : window.pwned;")).as("no injected script ran").isNull();
    assertThat(browser.findElements(By.cssSelector("main img, main script, main svg, main iframe"))).isEmpty();
    for (WebElement a : browser.findElements(By.cssSelector("a[href]"))) {
      String raw = a.getDomAttribute("href");
      assertThat(raw).as("href of '%s'", a.getText()).matches("(?i)(https?://|#/|/).*");
      assertThat(raw).doesNotStartWith("//");
    }
  }

  @Test
  void shouldShowHostileTextAsTextOnTheDigestAndTheStoryPageAndAHostileIdOnlyAsAnError() {
    // the digest page
    browser.get("http://127.0.0.1:" + server.port() + "/");
    await("the hostile story rendered").atMost(Duration.ofSeconds(60))
        .until(() -> !browser.findElements(By.cssSelector("li[data-story-id='s-hostile'] .headline")).isEmpty());
    WebElement headline = browser.findElement(By.cssSelector("li[data-story-id='s-hostile'] .headline"));
    assertThat(text("document.querySelector(\"li[data-story-id='s-hostile'] .headline\")")).isEqualTo(SHOWN);
    assertThat(headline.findElements(By.xpath(".//*"))).as("no child elements from the text").isEmpty();
    assertThat(browser.findElements(By.cssSelector("li[data-story-id='s-hostile'] .links a")))
        .extracting(a -> a.getDomAttribute("href")).containsExactly(HostileContentEscapingTest.GOOD_LINK);
    assertNothingInjected();

    // the story page
    headline.click();
    await("the story page rendered").atMost(Duration.ofSeconds(30))
        .until(() -> !browser.findElement(By.id("story-headline")).getText().isEmpty());
    assertThat(text("document.getElementById('story-summary')")).isEqualTo(SHOWN);
    assertThat(browser.findElements(By.cssSelector("#story-posts a")))
        .extracting(a -> a.getDomAttribute("href")).containsExactly(HostileContentEscapingTest.GOOD_LINK);
    assertThat(browser.findElements(By.cssSelector("#story-posts li"))).hasSize(HostileContentEscapingTest.BAD_LINKS.size() + 1);
    assertNothingInjected();

    // a hostile story id in the address
    browser.get("http://127.0.0.1:" + server.port()
        + "/#/story/%3Cimg%20src%3Dx%20onerror%3D%22window.pwned%3D5%22%3E");

    await("the error shown").atMost(Duration.ofSeconds(30))
        .until(() -> browser.findElement(By.id("story-headline")).getText().contains("malformed story id"));
    assertThat(browser.findElement(By.id("story-headline")).getText()).contains("<img src=x onerror=\"window.pwned=5\">");
    assertNothingInjected();
  }
}
