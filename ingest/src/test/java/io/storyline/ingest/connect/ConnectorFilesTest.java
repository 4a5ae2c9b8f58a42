package io.storyline.ingest.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectorFilesTest {
  @TempDir Path dir;

  @Test
  void shouldReadAPropertiesFileAndNameTheConnectorByItsNameSetting() throws IOException {
    Path file = Files.writeString(dir.resolve("reddit.properties"), """
        name=reddit-live
        connector.class=io.storyline.ingest.live.reddit.RedditSourceConnector
        reddit.subreddits=LocalLLaMA,MachineLearning
        """);

    ConnectorFiles.Named named = ConnectorFiles.read(file);

    assertThat(named.name()).isEqualTo("reddit-live");
    assertThat(named.config()).containsEntry("reddit.subreddits", "LocalLLaMA,MachineLearning").doesNotContainKey("name");
  }

  @Test
  void shouldReadTheRestApiJsonFormWithNumbersAsText() throws IOException {
    Path file = Files.writeString(dir.resolve("arxiv.json"), """
        {"name": "arxiv-live", "config": {"connector.class": "io.storyline.ingest.live.arxiv.ArxivSourceConnector",
          "tasks.max": 1, "arxiv.categories": "cs.AI,cs.CL"}}
        """);

    ConnectorFiles.Named named = ConnectorFiles.read(file);

    assertThat(named.name()).isEqualTo("arxiv-live");
    assertThat(named.config()).containsEntry("tasks.max", "1").containsEntry("arxiv.categories", "cs.AI,cs.CL");
  }

  @Test
  void shouldNameAFlatJsonConnectorByItsFile() throws IOException {
    Path file = Files.writeString(dir.resolve("x-search.json"), """
        {"connector.class": "io.storyline.ingest.live.x.XSourceConnector"}
        """);

    assertThat(ConnectorFiles.read(file).name()).isEqualTo("x-search");
  }

  @Test
  void shouldRejectAFileWithoutConnectorClassOrOfAnotherKind() throws IOException {
    Path noClass = Files.writeString(dir.resolve("a.properties"), "reddit.subreddits=x\n");
    Path yaml = Files.writeString(dir.resolve("a.yaml"), "connector.class: x\n");
    Path nested = Files.writeString(dir.resolve("b.json"), "{\"connector.class\": \"x\", \"list\": [1]}");

    assertThatThrownBy(() -> ConnectorFiles.read(noClass)).hasMessageContaining("a.properties").hasMessageContaining("connector.class");
    assertThatThrownBy(() -> ConnectorFiles.read(yaml)).hasMessageContaining(".properties or .json");
    assertThatThrownBy(() -> ConnectorFiles.read(nested)).hasMessageContaining("'list'").hasMessageContaining("array");
  }

  @Test
  void shouldNameTheLineAndColumnOfBrokenJsonWithoutJacksonsSourceNote() throws IOException {
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"name\": \"x\",\n  bad");

    assertThatThrownBy(() -> ConnectorFiles.read(broken))
        .hasMessageContaining("connector file " + broken + " is not valid JSON")
        .hasMessageContaining("line 2, column 3")
        .message().doesNotContain("[Source:").doesNotContain("REDACTED");
  }

  @Test
  void shouldRefuseAConnectorFileNestedDeeperThanJacksonAllowsNamingTheFileAndTheLimit() throws IOException {
    // session 11: the error had no location, and building the message threw NullPointerException
    Path deep = Files.writeString(dir.resolve("deep.json"), "{\"config\":" + "[".repeat(2000) + "]".repeat(2000) + "}");

    assertThatThrownBy(() -> ConnectorFiles.read(deep)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("connector file " + deep + " is not valid JSON").hasMessageContaining("nesting depth")
        .hasMessageContaining("1000");
  }
}
