package io.storyline.ingest.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storyline.common.topic.RawHeaders;
import io.storyline.ingest.live.reddit.RedditConfig;
import io.storyline.ingest.live.reddit.RedditPoller;
import io.storyline.ingest.live.reddit.RedditSourceConnector;
import io.storyline.ingest.live.reddit.RedditSourceTask;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LiveSourceTaskTest {
  private static final String TOKEN = "tok-9f8e7d6c5b4a-never-log-me";
  private static final long NOW_S = Instant.now().getEpochSecond();

  private LocalApi api;
  private RedditSourceTask task;

  @BeforeEach
  void start() throws Exception {
    api = new LocalApi();
  }

  @AfterEach
  void stop() {
    if (task != null) {
      task.stop();
    }
    api.close();
  }

  private Map<String, String> props() {
    Map<String, String> props = new HashMap<>();
    props.put(RedditConfig.SUBREDDITS_CONFIG, "LocalLLaMA");
    props.put(RedditConfig.TOKEN_CONFIG, TOKEN);
    props.put(RedditConfig.BASE_URL_CONFIG, api.baseUrl());
    props.put(LiveConnectorConfig.HTTP_MAX_RETRIES_CONFIG, "1");
    props.put(LiveConnectorConfig.HTTP_BACKOFF_BASE_MS_CONFIG, "1");
    props.put(LiveConnectorConfig.HTTP_BACKOFF_MAX_MS_CONFIG, "10");
    return props;
  }

  private static SourceTaskContext context(Map<String, Object> committed) {
    return new SourceTaskContext() {
      @Override
      public Map<String, String> configs() {
        return Map.of();
      }

      @Override
      public OffsetStorageReader offsetStorageReader() {
        return new OffsetStorageReader() {
          @Override
          public <T> Map<String, Object> offset(Map<String, T> partition) {
            return committed;
          }

          @Override
          public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
            Map<Map<String, T>, Map<String, Object>> out = new HashMap<>();
            if (committed != null) {
              partitions.forEach(p -> out.put(p, committed));
            }
            return out;
          }
        };
      }

      @Override
      public PluginMetrics pluginMetrics() {
        return null;
      }
    };
  }

  private RedditSourceTask startTask(Map<String, String> props, Map<String, Object> committed) {
    RedditSourceTask t = new RedditSourceTask();
    t.initialize(context(committed));
    t.start(props);
    return t;
  }

  @Test
  void shouldFailTheTaskOnACommittedCursorItCannotUseNamingItInsteadOfRetryingOrStartingOver() {
    // before: ignored with a warning and read from the look-back, re-reading or skipping posts on a guess
    api.handler(new RedditListingSim(1000, n -> NOW_S - 10_000 + n).add(1, 150));
    task = startTask(props(), Map.of("sweep_items", "1e5"));

    assertThatThrownBy(() -> task.poll()).isInstanceOf(io.storyline.ingest.connect.UnusableOffsetException.class)
        .hasMessageContainingAll("r/LocalLLaMA", "sweep_items", "'1e5'", "whole number",
            "PATCH or DELETE /connectors/<name>/offsets", "--offsets-file");
    assertThat(api.requests()).isEmpty();
    assertThat(task.metrics().count("poll-failures")).as("not a poller bug").isZero();
  }

  @Test
  void shouldGiveEveryRecordButThePagesLastTheCursorThatRereadsThePage() throws Exception {
    api.handler(new RedditListingSim(1000, n -> NOW_S - 10_000 + n).add(1, 150));
    task = startTask(props(), null);

    List<SourceRecord> first = task.poll();
    List<SourceRecord> second = task.poll();

    assertThat(first).hasSize(100);
    assertThat(first.subList(0, 99)).allSatisfy(r -> assertThat(r.sourceOffset()).isEqualTo(Map.of()));
    assertThat(first.get(99).sourceOffset().get(RedditPoller.AFTER)).isEqualTo(RedditPages.fullname(51));
    assertThat(second).hasSize(50);
    assertThat(second.get(0).sourceOffset()).isEqualTo(first.get(99).sourceOffset());
    assertThat(second.get(49).sourceOffset()).isEqualTo(Map.of(RedditPoller.NEWEST, RedditPages.fullname(150)));
    SourceRecord r = first.get(0);
    assertThat(r.topic()).isEqualTo("posts.raw.reddit");
    assertThat(r.key()).isEqualTo(RedditPages.fullname(150));
    assertThat(r.sourcePartition()).isEqualTo(Map.of("platform", "reddit", "stream", "LocalLLaMA"));
    assertThat(r.headers().lastWithName(RawHeaders.SOURCE).value()).isEqualTo("reddit");
    assertThat(r.headers().lastWithName(RawHeaders.FORMAT).value()).isEqualTo("reddit-thing");
    assertThat(Instant.parse((String) r.headers().lastWithName(RawHeaders.FETCHED_AT).value())).isNotNull();
    assertThat(r.timestamp()).isEqualTo((NOW_S - 10_000 + 150) * 1000);
    assertThat(task.metrics().count("posts-emitted")).isEqualTo(150);
  }

  @Test
  void shouldResumeFromTheCommittedCursor() throws Exception {
    api.handler(new RedditListingSim(1000, n -> NOW_S - 10_000 + n).add(1, 150));
    task = startTask(props(), Map.of(RedditPoller.NEWEST, RedditPages.fullname(140)));

    List<SourceRecord> records = task.poll();

    assertThat(records).extracting(SourceRecord::key)
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(141, 150).map(n -> 291 - n)
            .mapToObj(RedditPages::fullname).toList());
  }

  @Test
  void shouldSendAPageThatNeverBecameAListingToTheUnknownTopicWithItsReasonAndKeepPolling() throws Exception {
    api.handler(r -> LocalApi.Reply.ok("<html><body>Our CDN was unable to reach our servers</body></html>"));
    task = startTask(props(), null);

    List<SourceRecord> records = task.poll();

    assertThat(records).hasSize(1);
    SourceRecord dead = records.get(0);
    assertThat(dead.topic()).isEqualTo("posts.raw.unknown");
    assertThat(dead.headers().lastWithName(RawHeaders.FORMAT).value()).isEqualTo("unknown");
    assertThat((String) dead.headers().lastWithName(LiveSourceTask.ERROR_HEADER).value())
        .contains("failed 2 times").contains("not a Reddit Listing");
    assertThat(dead.sourceOffset()).isEqualTo(Map.of());
    assertThat(new String((byte[]) dead.value())).startsWith("<html>");
  }

  @Test
  void shouldFailNamingTheCredentialKeyOn401AndNeverLogTheToken() throws Exception {
    api.handler(r -> LocalApi.Reply.status(401, Map.of(), "{\"message\": \"Unauthorized\", \"error\": 401}"));
    try (LogCapture logs = new LogCapture()) {
      RedditSourceConnector connector = new RedditSourceConnector();
      connector.start(props());
      List<Map<String, String>> configs = connector.taskConfigs(4);
      task = startTask(configs.get(0), null);

      assertThatThrownBy(() -> task.poll()).isInstanceOf(ConnectException.class)
          .hasMessageContaining(RedditConfig.TOKEN_CONFIG).hasMessageContaining("401").hasMessageNotContaining(TOKEN);
      ConfigValue token = connector.config().validate(props()).stream()
          .filter(v -> v.name().equals(RedditConfig.TOKEN_CONFIG)).findFirst().orElseThrow();
      assertThat(String.valueOf(token.value())).isEqualTo("[hidden]");
      assertThat(new RedditConfig(props()).toString()).doesNotContain(TOKEN);
      assertThat(logs.lines()).isNotEmpty().noneMatch(line -> line.contains(TOKEN));
    }
  }

  @Test
  void shouldDeclareTheTokenAsAPasswordAndEveryKeyWithDocumentation() {
    ConfigDef def = new RedditSourceConnector().config();
    assertThat(def.configKeys().get(RedditConfig.TOKEN_CONFIG).type).isEqualTo(ConfigDef.Type.PASSWORD);
    assertThat(def.configKeys().values()).allSatisfy(k -> assertThat(k.documentation).isNotBlank());
    assertThat(def.configKeys().keySet().stream().filter(k -> k.contains("timeout") || k.contains("interval") || k.contains("backoff")))
        .allSatisfy(k -> assertThat(k).endsWith(".ms"));
  }

  @Test
  void shouldSpreadSubredditsOverAtMostTasksMax() {
    RedditSourceConnector connector = new RedditSourceConnector();
    Map<String, String> props = props();
    props.put(RedditConfig.SUBREDDITS_CONFIG, "LocalLLaMA,MachineLearning,singularity");
    connector.start(props);

    List<Map<String, String>> two = connector.taskConfigs(2);
    List<Map<String, String>> ten = connector.taskConfigs(10);

    assertThat(two).extracting(c -> c.get(LiveConnectorConfig.TASK_STREAMS_CONFIG))
        .containsExactly("LocalLLaMA,MachineLearning", "singularity");
    assertThat(ten).hasSize(3);
  }

  @Test
  void shouldRejectAConfigurationNamingKeyValueAndRule() {
    Map<String, String> props = props();
    props.put(RedditConfig.SUBREDDITS_CONFIG, "r/LocalLLaMA");
    assertThatThrownBy(() -> new RedditSourceConnector().start(props)).isInstanceOf(ConnectException.class)
        .hasMessageContaining(RedditConfig.SUBREDDITS_CONFIG).hasMessageContaining("r/LocalLLaMA").hasMessageContaining("without 'r/'");
  }

  /** The Reddit task, with a poller whose first fetch fails the way a parsing bug would. */
  static final class BrokenOnceTask extends LiveSourceTask {
    @Override
    protected io.storyline.common.model.Source source() {
      return io.storyline.common.model.Source.REDDIT;
    }

    @Override
    protected io.storyline.ingest.live.http.RateLimitStyle rateLimitStyle() {
      return io.storyline.ingest.live.http.RateLimitStyle.REDDIT;
    }

    @Override
    protected LiveConnectorConfig parseConfig(Map<String, String> props) {
      return new RedditConfig(props);
    }

    @Override
    protected StreamPoller newPoller(LiveConnectorConfig config, io.storyline.ingest.live.http.LiveHttpClient http, LiveMetrics metrics,
        io.storyline.ingest.live.http.Pacer pacer) {
      StreamPoller real = new RedditPoller((RedditConfig) config, http, metrics, pacer);
      java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
      return (stream, cursor) -> {
        if (failed.compareAndSet(false, true)) {
          throw new IllegalStateException("poller bug in test: '12-34' is not a number");
        }
        return real.fetch(stream, cursor);
      };
    }

    @Override
    protected String credentialKey() {
      return RedditConfig.TOKEN_CONFIG;
    }
  }

  @Test
  void shouldKeepPollingWhenAPollerFailsUnexpectedlyCountingAndLoggingTheStreamAndCursor() throws Exception {
    // an unchecked exception out of poll() fails the Connect task: every stream of it stops, and a restart reads the
    // same cursor and fails again; 1336cae was one such escape (a NumberFormatException from a flipped byte)
    api.handler(new RedditListingSim(1000, n -> NOW_S - 10_000 + n).add(1, 10));
    Map<String, String> props = props();
    props.put(LiveConnectorConfig.POLL_INTERVAL_MS_CONFIG, "0");
    BrokenOnceTask broken = new BrokenOnceTask();
    broken.initialize(context(Map.of(RedditPoller.NEWEST, RedditPages.fullname(5))));
    broken.start(props);
    try (LogCapture logs = new LogCapture()) {
      assertThat(broken.poll()).as("no records from the failed fetch").isNull();

      assertThat(broken.metrics().count("poll-failures")).isEqualTo(1);
      assertThat(logs.lines()).anySatisfy(l -> assertThat(l)
          .contains("LocalLLaMA", RedditPages.fullname(5), "IllegalStateException", "poller bug in test"));
      List<SourceRecord> records = org.awaitility.Awaitility.await("the stream is fetched again after poll.interval.ms (0 here)")
          .atMost(java.time.Duration.ofSeconds(10)).until(broken::poll, r -> r != null);
      assertThat(records).hasSize(5);
    } finally {
      broken.stop();
    }
  }
}
