package io.storyline.app;

import io.storyline.common.model.TopList;
import java.io.PrintWriter;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.Locale;

/** Renders a {@link TopList} as a fixed-width text table: rank, headline, posts, sources, score. */
final class TopListTable {
  private static final int HEADLINE_WIDTH = 72;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private TopListTable() {}

  /**
   * Prints the table.
   *
   * @param list the list; may not be null
   * @param out where to print; may not be null, flushed at the end
   */
  static void print(TopList list, PrintWriter out) {
    out.printf(Locale.ROOT, "%nTop %d of %s, as of %s%n", list.items().size(), list.list(), TIME.format(list.generatedAt()));
    String rule = "-".repeat(4 + 2 + HEADLINE_WIDTH + 2 + 5 + 2 + 22 + 2 + 7);
    out.println(rule);
    out.printf(Locale.ROOT, "%4s  %-" + HEADLINE_WIDTH + "s  %5s  %-22s  %7s%n", "rank", "headline", "posts", "sources", "score");
    out.println(rule);
    for (TopList.Item item : list.items()) {
      out.printf(Locale.ROOT, "%4d  %-" + HEADLINE_WIDTH + "s  %5d  %-22s  %7.3f%n",
          item.rank(), fit(item.headline(), HEADLINE_WIDTH), item.postCount(),
          fit(String.join(",", item.sources()), 22), item.score());
    }
    if (list.items().isEmpty()) {
      out.println("  (no stories in this window)");
    }
    out.println(rule);
    out.flush();
  }

  private static String fit(String s, int width) {
    String oneLine = s.replaceAll("\\s+", " ").strip();
    if (oneLine.codePointCount(0, oneLine.length()) <= width) {
      return oneLine;
    }
    int end = oneLine.offsetByCodePoints(0, width - 1);
    return oneLine.substring(0, end) + "…";
  }
}
