package io.storyline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storyline.common.model.TopList;
import io.storyline.common.serde.Json;
import io.storyline.common.serde.StorylineSerdes;
import io.storyline.common.topic.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The digest page of {@code storyline demo} in headless Debian Chromium: the demo runs in-process on
 * the shipped sample and a real embedded KRaft broker (as {@link DemoIT} runs it), and the page at
 * {@code /} must show the news, tools and papers lists with the same stories, in the same order,
 * as {@code GET /api/v1/top/{list}} and the {@code top-stories} topic (an empty list as "nothing
 * yet"), and the sample's papers. Saves a screenshot to
 * {@code target/demo-page.png} (the README's {@code docs/img/demo-page.png} is a copy of it).
 * Skipped when /usr/bin/chromedriver is absent.
 */
@Tag("integration")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoPageBrowserIT {
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration DRAIN = Duration.ofMinutes(5);
  private static final List<String> PAGE_LISTS = List.of("news/24h", "tools/24h", "papers/24h");
  /** Items the page shows per list (app.js SHOWN). */
  private static final int SHOWN = 10;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private Demo demo;
  private CompletableFuture<Integer> exit;
  private Pipeline pipeline;
  private ChromeDriver browser;
  private Path profile;

  @BeforeAll
  void startTheDemoAndABrowser() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(DRIVER),
        "skipped: /usr/bin/chromedriver is absent (apt-get install chromium chromium-driver)");
    DemoSettings settings = new DemoSettings(List.of(), null, null, null, null, 0, PAGE_LISTS, false, DRAIN);
    demo = new Demo(settings, new PrintWriter(out, true), new PrintWriter(err, true));
    // the demo blocks its thread until stop(): a thread of its own
    exit = new CompletableFuture<>();
    Thread.ofPlatform().name("demo-page-it").start(() -> {
      try {
        exit.complete(demo.run());
      } catch (Exception | Error e) {
        exit.completeExceptionally(e);
      }
    });
    pipeline = demo.awaitServing(DRAIN.plusMinutes(1)).orElse(null);
    assertThat(exit.isDone()).as("demo ended before serving; stdout:%n%s%nstderr:%n%s", out, err).isFalse();
    assertThat(pipeline).as("demo did not serve within %s; stdout:%n%s", DRAIN, out).isNotNull();

    profile = Files.createTempDirectory("storyline-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1400,1400", "--user-data-dir=" + profile);
    browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build(), options);
  }

  @AfterAll
  void stopTheBrowserAndTheDemo() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (demo != null) {
      demo.stop();
      assertThat(exit.get(2, TimeUnit.MINUTES)).as("exit code of the demo").isZero();
    }
  }

  @Test
  void shouldShowNewsToolsAndPapersFromTheSampleAsTheApiAndTheTopicRankThem() throws Exception {
    // when
    browser.get("http://127.0.0.1:" + pipeline.httpPort() + "/");

    // then: every list of the page shows the API's top ten, which is what the topic holds
    for (String list : PAGE_LISTS) {
      await("the page shows " + list + " as the API and the topic rank it").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
          .untilAsserted(() -> {
            TopList api = Json.mapper().readValue(get("/api/v1/top/" + list), TopList.class);
            List<String> expected = api.items().stream().limit(SHOWN).map(TopList.Item::storyId).toList();
            assertThat(shownIds(list)).as("%s on the page", list).isEqualTo(expected);
            assertThat(shownHeadlines(list)).as("%s headlines on the page", list)
                .isEqualTo(api.items().stream().limit(SHOWN).map(i -> i.headline().strip()).toList());
            TopList onTopic = latestLists().get(list);
            assertThat(onTopic).as("%s on %s", list, Topics.TOP_STORIES.name()).isNotNull();
            assertThat(onTopic.items().stream().limit(SHOWN).map(TopList.Item::storyId).toList())
                .as("%s on the topic", list).isEqualTo(expected);
          });
    }
    // the shipped sample's Reddit and X files are from 2020 and June 2025, so within 24 hours of
    // its stream time (the arXiv days of July 2025) only papers are fresh: news and tools say so
    for (String list : PAGE_LISTS) {
      TopList api = Json.mapper().readValue(get("/api/v1/top/" + list), TopList.class);
      List<WebElement> empty = browser.findElements(By.cssSelector("section[data-list='" + list + "'] li.empty"));
      assertThat(empty).as("'nothing yet' in %s exactly when the API's list is empty", list).hasSize(api.items().isEmpty() ? 1 : 0);
    }
    assertThat(shownIds("papers/24h")).as("papers of the sample on the page").hasSize(SHOWN);
    await("the SSE stream connected").atMost(Duration.ofSeconds(20))
        .until(() -> browser.findElement(By.id("live")).getText().equals("live"));

    Path shot = Path.of("target", "demo-page.png");
    Files.createDirectories(shot.getParent());
    Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    assertThat(Files.size(shot)).as("screenshot bytes").isGreaterThan(10_000);
  }

  private List<String> shownIds(String list) {
    return items(list).stream().map(e -> e.getAttribute("data-story-id")).toList();
  }

  private List<String> shownHeadlines(String list) {
    return items(list).stream().map(e -> e.findElement(By.cssSelector(".headline")).getText().strip()).toList();
  }

  private List<WebElement> items(String list) {
    return browser.findElements(By.cssSelector("section[data-list='" + list + "'] li.item"));
  }

  private Map<String, TopList> latestLists() {
    Map<String, TopList> latest = new LinkedHashMap<>();
    for (ConsumerRecord<String, TopList> r : TopicReader.readAll(pipeline.bootstrapServers(), Topics.TOP_STORIES.name(),
        new StringDeserializer(), StorylineSerdes.topList(), Duration.ofSeconds(30))) {
      latest.put(r.key(), r.value());
    }
    return latest;
  }

  private String get(String path) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> response = client.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pipeline.httpPort() + path)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
      return response.body();
    }
  }
}
