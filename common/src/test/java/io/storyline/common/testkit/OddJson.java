package io.storyline.common.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * What the topic-input property tests of the cluster and publish stages share: JSON values at the ends
 * of the ranges a record's times and counts can take, and beyond, and a temporary state directory per
 * try. Each test adds the strings, arrays and objects of its own record type. Stateless.
 */
public final class OddJson {
  private static final JsonNodeFactory N = JsonNodeFactory.instance;

  private OddJson() {}

  /**
   * @return time strings: beyond the years 1970 to 9999 both ways, the two ends, an offset, an impossible
   *     date, words and the empty string
   */
  public static Arbitrary<JsonNode> times() {
    return Arbitraries.of("+1000000000-12-31T23:59:59.999999999Z", "-1000000000-01-01T00:00:00Z",
        "1969-12-31T23:59:59Z", "1970-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
        "+10000-01-01T00:00:00Z", "+292278994-08-17T07:12:55.807Z", "2025-07-11T12:00:00+14:00", "2025-02-30T00:00:00Z",
        "yesterday", "").map(N::textNode);
  }

  /** @return numbers at the ends of int and long, beyond long, fractions, and epoch seconds out of range */
  public static Arbitrary<JsonNode> numbers() {
    return Arbitraries.of(N.numberNode(0), N.numberNode(-1), N.numberNode(Long.MAX_VALUE),
        N.numberNode(Long.MIN_VALUE), N.numberNode(Integer.MAX_VALUE), N.numberNode(Integer.MIN_VALUE),
        N.numberNode(1e300), N.numberNode(-1e300), N.numberNode(1.5),
        N.numberNode(new java.math.BigInteger("99999999999999999999999")), N.numberNode(9.2e18),
        N.numberNode(-62135596800L), N.numberNode(31556889864403199L));
  }

  /**
   * @param prefix the directory name's prefix
   * @return a new empty temporary directory
   */
  public static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @param dir a directory to delete with everything in it */
  public static void delete(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
