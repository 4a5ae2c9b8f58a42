package io.storyline.common.stage;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamsStageExceptionResponseTest {

  @Test
  void shouldReplaceAThreadThatStoppedOnStaleSourceTopicMetadata() {
    assertThat(StreamsStage.responseTo(new MissingSourceTopicException("One or more source topics were missing during rebalance"), 0))
        .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
  }

  @Test
  void shouldLookForTheMissingTopicAlongTheCauseChain() {
    StreamsException wrapped = new StreamsException("task failed", new MissingSourceTopicException("missing"));

    assertThat(StreamsStage.responseTo(wrapped, 3)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
  }

  @Test
  void shouldShutDownWhenTopicsStayMissingPastTheReplacementBudget() {
    assertThat(StreamsStage.responseTo(new MissingSourceTopicException("missing"), StreamsStage.MAX_THREAD_REPLACEMENTS))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
  }

  @Test
  void shouldShutDownOnAnyOtherFailure() {
    assertThat(StreamsStage.responseTo(new StreamsException("a processor threw", new IllegalStateException("bug")), 0))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
  }
}
