package io.storyline.publish.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.storyline.common.http.OpsHttpServer;
import io.storyline.common.model.Category;
import io.storyline.common.model.Story;
import io.storyline.common.model.TopList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The digest page in headless Debian Chromium: it lists the top ten, shows a re-ranked list pushed
 * over SSE without a reload, and an injected script in a post never runs. The page is served by a
 * real OpsHttpServer over an in-memory list source (the embedded-broker path is covered by
 * TopStoriesViewIT). Skipped when /usr/bin/chromedriver is absent.
 */
class DigestPageBrowserIT {
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  private static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");

  private final PublishFeedsAndPageTest.Source1 source = new PublishFeedsAndPageTest.Source1();
  private OpsHttpServer server;
  private ChromeDriver browser;
  private Path profile;

  @BeforeEach
  void start() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(DRIVER),
        "skipped: /usr/bin/chromedriver is absent (apt-get install chromium chromium-driver)");
    Story evil = PublishFeedsAndPageTest.hostileStory();
    source.stories.put(evil.id(), evil);
    source.publish(news(evil, 12));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    server = new OpsHttpServer("127.0.0.1", 0, registry, () -> null);
    new PublishHttpApi(source, List.of("news/24h"), registry, Clock.fixed(NOW, ZoneOffset.UTC)).register(server);
    new WebPage().register(server);
    server.start();
    profile = Files.createTempDirectory("storyline-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1400,1000", "--user-data-dir=" + profile);
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

  /** news/24h with the hostile story first, then n − 1 plain stories. */
  private static TopList news(Story first, int n) {
    List<TopList.Item> items = new ArrayList<>();
    items.add(new TopList.Item(1, first.id(), first.headline(), first.summary(), Category.NEWS, 9, Map.of("authors", 9.0),
        first.postCount(), List.of("reddit"), List.of("javascript:window.pwned=2", "https://x.com/a/status/1"), null));
    for (int i = 2; i <= n; i++) {
      items.add(new TopList.Item(i, "s-" + i, "Plain story " + i, "Summary " + i, Category.NEWS, 9 - i * 0.1,
          Map.of("authors", 1.0), 3, List.of("twitter"), List.of("https://x.com/s/" + i), null));
    }
    return new TopList("news/24h", NOW, items, TopList.SCHEMA_VERSION);
  }

  /**
   * The ids shown in news/24h, read in one script call: the page re-renders a list when an update
   * arrives over SSE, so reading element by element could meet a node that was just replaced
   * (StaleElementReferenceException, seen in a CI run).
   */
  @SuppressWarnings("unchecked")
  private List<String> shownIds() {
    return (List<String>) ((JavascriptExecutor) browser).executeScript(
        "return Array.from(document.querySelectorAll(\"section[data-list='news/24h'] li.item\"))"
            + ".map(li => li.getAttribute('data-story-id'));");
  }

  /** The text of one story's headline, read in one script call (see {@link #shownIds()}). */
  private String headlineText(String storyId) {
    return (String) ((JavascriptExecutor) browser).executeScript(
        "const h = document.querySelector(\"li[data-story-id='\" + arguments[0] + \"'] .headline\");"
            + " return h === null ? null : h.textContent;", storyId);
  }

  @Test
  void shouldListTheTopTenUpdateLiveAndNeverRunAnInjectedScript() throws Exception {
    browser.get("http://127.0.0.1:" + server.port() + "/");

    await("the top ten rendered").atMost(Duration.ofSeconds(60)).until(() -> shownIds().size() == 10);
    assertThat(shownIds().get(0)).isEqualTo("s-evil");
    assertThat(headlineText("s-evil")).contains("<script>window.pwned=1</script>");
    await("the SSE stream connected").atMost(Duration.ofSeconds(60))
        .until(() -> browser.findElement(By.id("live")).getText().equals("live"));

    // when: a new story takes rank 1, pushed over SSE
    Story fresh = new Story("s-fresh", "fresh", "A fresh story takes the lead", "", Category.NEWS, List.of(), List.of(),
        NOW, NOW, 30, 30, Map.of(), null, List.of(), null, List.of(), 1, Story.SCHEMA_VERSION);
    source.publish(news(fresh, 10));

    // then: shown without a reload, and no script ran
    await("the new ranking shown without reload").atMost(Duration.ofSeconds(60))
        .until(() -> !shownIds().isEmpty() && shownIds().get(0).equals("s-fresh"));
    Object pwned = ((JavascriptExecutor) browser).executeScript("return window.pwned === undefined ? null : window.pwned;");
    assertThat(pwned).as("no injected script ran").isNull();
    assertThat(browser.findElements(By.cssSelector("a[href^='javascript:']"))).isEmpty();
    Path shot = Path.of("target", "digest-page.png");
    Files.createDirectories(shot.getParent());
    Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    assertThat(Files.size(shot)).isGreaterThan(1000);
  }
}
