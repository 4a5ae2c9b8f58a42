package io.storyline.common.stage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloseableStackTest {
  @Test
  void shouldCloseNewestFirstAndKeepClosingAfterAFailureAndOnlyOnce() {
    List<String> closed = new ArrayList<>();
    CloseableStack stack = new CloseableStack();
    stack.push(() -> closed.add("broker"));
    stack.push(() -> {
      closed.add("stage");
      throw new IllegalStateException("stage refused to close");
    });
    stack.push(() -> closed.add("http"));

    stack.close();
    stack.close();

    assertThat(closed).containsExactly("http", "stage", "broker");
  }
}
