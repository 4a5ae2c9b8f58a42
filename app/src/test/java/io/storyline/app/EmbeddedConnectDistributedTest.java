package io.storyline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.storyline.common.topic.Topics;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddedConnectDistributedTest {

  @Test
  void shouldEnableExactlyOnceSourceSupportAndLetTheWorkerProduceRecordsAsLargeAsTheRawTopicsAccept() {
    Map<String, String> p = EmbeddedConnectDistributed.workerProperties("127.0.0.1:9092", "storyline-connect", (short) 1);

    assertThat(p).containsEntry("exactly.once.source.support", "enabled")
        .containsEntry("group.id", "storyline-connect")
        .containsEntry("offset.storage.topic", "storyline-connect-offsets")
        .containsEntry("producer.max.request.size", Integer.toString(Topics.RAW_MAX_MESSAGE_BYTES));
  }
}
