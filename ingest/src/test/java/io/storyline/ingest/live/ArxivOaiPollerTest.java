package io.storyline.ingest.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storyline.ingest.connect.UnusableOffsetException;
import io.storyline.common.model.Post;
import io.storyline.ingest.format.NativeFormat;
import io.storyline.ingest.format.RawItem;
import io.storyline.ingest.format.arxiv.ArxivEntryParser;
import io.storyline.ingest.live.arxiv.ArxivConfig;
import io.storyline.ingest.live.arxiv.ArxivOaiPoller;
import io.storyline.ingest.live.http.LiveHttpClient;
import io.storyline.ingest.live.http.Pacer;
import io.storyline.ingest.live.http.RateLimitStyle;
import io.storyline.ingest.live.http.TokenBucket;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OAI-PMH harvesting against real recorded arXiv responses (arXivOAIHarvester fixtures, MIT, see NOTICE). */
class ArxivOaiPollerTest {
  private static final Instant NOW = Instant.parse("2015-01-06T21:00:00Z");

  private LocalApi api;
  private LiveMetrics metrics;
  private ArxivOaiPoller poller;

  private static String fixture(String name) throws IOException {
    try (InputStream in = ArxivOaiPollerTest.class.getResourceAsStream("/fixtures/arxiv/oai/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @BeforeEach
  void start() throws Exception {
    api = new LocalApi();
    metrics = new LiveMetrics();
    ArxivConfig config = new ArxivConfig(Map.of(
        ArxivConfig.OAI_SETS_CONFIG, "physics:nucl-ex",
        ArxivConfig.OAI_URL_CONFIG, api.baseUrl() + "/oai",
        ArxivConfig.OAI_FROM_CONFIG, "2014-10-01",
        ArxivConfig.REQUEST_INTERVAL_MS_CONFIG, "0",
        LiveConnectorConfig.HTTP_BACKOFF_BASE_MS_CONFIG, "1",
        LiveConnectorConfig.HTTP_BACKOFF_MAX_MS_CONFIG, "20"));
    Pacer pacer = new Pacer(System::nanoTime, NOW::toEpochMilli);
    poller = new ArxivOaiPoller(config, new LiveHttpClient(config.httpSettings(), new TokenBucket(100, Duration.ofSeconds(1), pacer),
        RateLimitStyle.NONE, pacer, metrics), metrics, pacer);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void shouldPageWithTheResumptionTokenUntilItIsEmptyThenHarvestFromTheResponseDate() throws Exception {
    String page1 = fixture("oai2015_arXivRaw_ListRecordsResponse.xml");
    String page2 = page1.replaceAll("<resumptionToken[^>]*>[^<]*</resumptionToken>", "<resumptionToken cursor=\"1001\" completeListSize=\"58011\"/>")
        .replace("2015-01-06T20:49:59Z", "2015-01-06T20:52:03Z");
    api.enqueue(LocalApi.Reply.ok(page1)).enqueue(LocalApi.Reply.ok(page2));

    Page first = poller.fetch("oai:physics:nucl-ex", Map.of());
    Page second = poller.fetch("oai:physics:nucl-ex", first.next());

    assertThat(api.requests().get(0).query("verb")).isEqualTo("ListRecords");
    assertThat(api.requests().get(0).query("metadataPrefix")).isEqualTo("arXivRaw");
    assertThat(api.requests().get(0).query("set")).isEqualTo("physics:nucl-ex");
    assertThat(api.requests().get(0).query("from")).isEqualTo("2014-10-01");
    assertThat(api.requests().get(1).query("resumptionToken")).isEqualTo("726959|1001");
    assertThat(api.requests().get(1).query("set")).isNull();
    assertThat(first.items()).hasSize(6).allSatisfy(i -> assertThat(i.format()).isEqualTo(NativeFormat.ARXIV_ATOM_ENTRY));
    assertThat(first.sweepDone()).isFalse();
    assertThat(first.next()).containsEntry(ArxivOaiPoller.TOKEN, "726959|1001").containsEntry(ArxivOaiPoller.FROM, "2014-10-01");
    assertThat(second.sweepDone()).isTrue();
    assertThat(second.next()).isEqualTo(Map.of(ArxivOaiPoller.FROM, "2015-01-06"));
  }

  @Test
  void shouldTurnEachRecordIntoAnAtomEntryTheNormalizerParses() throws Exception {
    api.enqueue(LocalApi.Reply.ok(fixture("oai2015_arXivRaw_ListRecordsResponse.xml")));

    RawItem first = poller.fetch("oai:physics:nucl-ex", Map.of()).items().get(0);
    Post post = ArxivEntryParser.parse(first.payload(), NOW);

    assertThat(first.nativeId()).isEqualTo("0704.0471");
    assertThat(post.id()).isEqualTo("arxiv:0704.0471");
    assertThat(post.title()).isEqualTo("Density dependence of the symmetry energy and the nuclear equation of state: "
        + "A Dynamical and Statistical model perspective");
    assertThat(post.createdAt()).isEqualTo(Instant.parse("2007-04-03T22:04:11Z"));
    assertThat(post.channel()).isEqualTo("nucl-ex");
    assertThat(post.author()).contains("Shetty");
    assertThat(post.text()).contains("\" stiff \"").doesNotContain("&quot;");
  }

  @Test
  void shouldRestartFromTheLastDatestampWhenTheResumptionTokenExpired() throws Exception {
    // BR-45: page 3 of a harvest answers badResumptionToken
    api.enqueue(LocalApi.Reply.ok(fixture("oai2015_arXivRaw_ErrorResponseBadResumptionToken.xml")));
    Map<String, String> cursor = Map.of(ArxivOaiPoller.FROM, "2014-10-01", ArxivOaiPoller.TOKEN, "3",
        ArxivOaiPoller.LAST_DATESTAMP, "2014-11-18");

    Page page = poller.fetch("oai:physics:nucl-ex", cursor);

    assertThat(page.items()).isEmpty();
    assertThat(page.sweepDone()).isFalse();
    assertThat(page.next()).isEqualTo(Map.of(ArxivOaiPoller.FROM, "2014-11-18"));
    assertThat(api.requests().get(0).query("resumptionToken")).isEqualTo("3");
  }

  @Test
  void shouldEndTheHarvestWithNothingNewOnNoRecordsMatch() throws Exception {
    api.enqueue(LocalApi.Reply.ok(fixture("oai2015_arXivRaw_ErrorResponseNoRecordsMatch.xml")));

    Page page = poller.fetch("oai:physics:nucl-ex", Map.of());

    assertThat(page.items()).isEmpty();
    assertThat(page.sweepDone()).isTrue();
    assertThat(page.next()).containsKey(ArxivOaiPoller.FROM);
  }

  @Test
  void shouldRetryAnHttp200ThatIsNotAnOaiResponse() throws Exception {
    api.enqueue(LocalApi.Reply.ok("Rate exceeded.")).enqueue(LocalApi.Reply.ok(fixture("oai2015_arXivRaw_ListRecordsResponse.xml")));

    Page page = poller.fetch("oai:physics:nucl-ex", Map.of());

    assertThat(page.items()).hasSize(6);
    assertThat(metrics.count("errors")).isEqualTo(1);
  }

  @Test
  void shouldKeepTheFromDateWhenTheResponseDateIsNotADate() throws Exception {
    // a flipped byte in responseDate used to become the next harvest's from=, answered badArgument on every poll
    String page = fixture("oai2015_arXivRaw_ListRecordsResponse.xml")
        .replaceAll("<resumptionToken[^>]*>[^<]*</resumptionToken>", "<resumptionToken/>")
        .replace("<responseDate>2015-01-06T", "<responseDate>2015-0x-06T");
    api.enqueue(LocalApi.Reply.ok(page));

    Page done = poller.fetch("oai:physics:nucl-ex", Map.of());

    assertThat(done.sweepDone()).isTrue();
    assertThat(done.next()).isEqualTo(Map.of(ArxivOaiPoller.FROM, "2014-10-01"));
  }

  @Test
  void shouldRefuseCursorDatesThatAreNotOaiDatesNamingStreamKeyValueAndRuleWithoutARequest() {
    // before (until session 10): ignored with a warning, harvesting again from the configured date on a guess
    Map<String, String> cursor = Map.of(ArxivOaiPoller.FROM, "2014-13-01", ArxivOaiPoller.TOKEN, "3");

    assertThatThrownBy(() -> poller.fetch("oai:physics:nucl-ex", cursor)).isInstanceOf(UnusableOffsetException.class)
        .hasMessageContainingAll("oai:physics:nucl-ex", "from", "'2014-13-01'", "OAI-PMH date", "/offsets");
    assertThatThrownBy(() -> poller.fetch("oai:physics:nucl-ex", Map.of(ArxivOaiPoller.LAST_DATESTAMP, "2014-11-1\u0000")))
        .isInstanceOf(UnusableOffsetException.class).hasMessageContainingAll("last_datestamp", "OAI-PMH date");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void shouldRejectAnOaiFromThatIsNoRealDate() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ArxivConfig(Map.of(ArxivConfig.OAI_SETS_CONFIG, "cs",
            ArxivConfig.OAI_FROM_CONFIG, "2014-13-45")))
        .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
        .hasMessageContaining(ArxivConfig.OAI_FROM_CONFIG).hasMessageContaining("2014-13-45").hasMessageContaining("YYYY-MM-DD");
  }

  @Test
  void shouldPassOnARecordWhoseVersionDateIsBefore1970AsUnknownForTheDeadLetterTopic() throws Exception {
    // its time would become a negative Connect record timestamp, which the producer refuses (failing the task)
    String page = fixture("oai2015_arXivRaw_ListRecordsResponse.xml");
    java.util.regex.Matcher firstDate = java.util.regex.Pattern.compile("<date>[^<]*</date>").matcher(page);
    assertThat(firstDate.find()).isTrue();
    api.enqueue(LocalApi.Reply.ok(page.substring(0, firstDate.start()) + "<date>Mon, 1 Jan 1900 00:00:00 GMT</date>"
        + page.substring(firstDate.end())));

    RawItem first = poller.fetch("oai:physics:nucl-ex", Map.of()).items().get(0);

    assertThat(first.format()).isEqualTo(NativeFormat.UNKNOWN);
    assertThat(first.createdAt()).isNull();
  }
}
