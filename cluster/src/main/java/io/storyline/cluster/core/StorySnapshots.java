package io.storyline.cluster.core;

import io.storyline.cluster.summary.LexRankSummarizer;
import io.storyline.common.model.Category;
import io.storyline.common.model.PostRef;
import io.storyline.common.model.Story;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds the published {@link Story} snapshot from a {@link StoryState}: label, headline, summary,
 * category, bounded lists. Stateless and thread-safe.
 *
 * <ul>
 *   <li>headline: title of the most representative titled top post (cosine to the centroid times
 *       {@code 1 + ln(1 + engagement)}); untitled replies and comments head a story only when it has
 *       no titled top post, with their first sentence;
 *   <li>label: 2–4 of the strongest centroid terms that do not overlap (a compound and its parts),
 *       in headline order, in their original casing ("Kimi K2");
 *   <li>summary: the two or three most central sentences of the top posts (continuous LexRank over
 *       the cluster's analyser, {@link LexRankSummarizer}), without the headline or near duplicates;
 *   <li>category: PAPER if more than half the posts are or link arXiv papers, TOOL if more than half
 *       link GitHub/Hugging Face repos or announce releases, else NEWS.
 * </ul>
 *
 * <p>The final snapshot of a story merged into another (the one with {@code mergedInto} set, published
 * once when the story leaves the state) carries <b>no summary</b>: {@link Story#summary()} is the empty
 * string, and LexRank does not run for it. Readers follow {@code mergedInto} to the survivor, whose
 * snapshot has the summary; publish drops merged stories. Like every other field, this is a function
 * of the stored state and {@code mergedInto} alone, so a restarted stage publishes the same record.
 */
public final class StorySnapshots {
  private static final Pattern PARTS = Pattern.compile("[-/+_.]");
  private static final int MAX_LABEL_TERMS = 3;
  private static final double LABEL_MIN_RELATIVE_WEIGHT = 0.35;
  /** Stateless apart from the analyser, which Lucene makes safe to share across threads. */
  static final java.util.function.Function<String, List<String>> ANALYZER = new PostAnalyzer()::terms;
  private static final LexRankSummarizer SUMMARIZER = new LexRankSummarizer(ANALYZER);

  private StorySnapshots() {}

  /**
   * @param s the state; may not be null
   * @return the snapshot
   */
  public static Story toStory(StoryState s) {
    return toStory(s, null);
  }

  /**
   * @param s the state; may not be null
   * @param mergedInto the id of the story {@code s} was merged into, or null while it is live
   * @return the snapshot; with {@code mergedInto} set it is the story's final snapshot, whose summary
   *     is empty (no LexRank run); publish drops a story whose {@code mergedInto} is set
   */
  public static Story toStory(StoryState s, String mergedInto) {
    return toStory(s, mergedInto, null);
  }

  /**
   * @param s the state; may not be null
   * @param mergedInto as for {@link #toStory(StoryState, String)}
   * @param cache summaries already computed, reused when the top posts and headline are unchanged;
   *     null computes the summary
   * @return the same snapshot as {@link #toStory(StoryState, String)}
   */
  static Story toStory(StoryState s, String mergedInto, SummaryCache cache) {
    List<TopPost> top = s.topPosts();
    // a titled post (a Reddit submission, a paper) heads the story before any reply or comment
    TopPost best = top.stream().filter(tp -> tp.title() != null && !tp.title().isBlank()).findFirst()
        .orElse(top.isEmpty() ? null : top.get(0));
    String headline = best == null ? "" : headlineOf(best, cache);
    List<PostRef> refs = new ArrayList<>();
    double centroidNorm = Vectors.norm(s.centroid());
    for (TopPost tp : top) {
      refs.add(new PostRef(tp.id(), tp.source(), tp.url(), tp.author(), headlineOf(tp, cache), tp.createdAt(), tp.weight(s.centroid(), centroidNorm)));
    }
    // a merged-away story's final snapshot carries no summary (readers follow mergedInto)
    String summary = mergedInto != null ? ""
        : cache == null ? summary(SUMMARIZER, top, headline)
        : cache.summary(s.id(), top, headline, () -> summary(cache.summarizer(), top, headline));
    List<String> terms = s.centroid().keySet().stream().limit(Story.MAX_TERMS).toList();
    List<String> links = s.links().keySet().stream().limit(Story.MAX_LINKS).toList();
    return new Story(s.id(), label(s, headline), headline, summary, category(s), terms, links,
        s.firstSeen(), s.lastSeen(), s.postCount(), s.authors().size(), s.sourceCounts(), s.engagement(), refs,
        mergedInto, s.mergedFrom(), mergedInto == null ? s.version() : s.version() + 1, Story.SCHEMA_VERSION);
  }

  /** {@link #headlineOf(TopPost)}, remembered per snippet in the cache if there is one. */
  private static String headlineOf(TopPost tp, SummaryCache cache) {
    if (cache == null || (tp.title() != null && !tp.title().isBlank())) {
      return headlineOf(tp);
    }
    return cache.firstSentence(tp.snippet(), () -> headlineOf(tp));
  }

  static String headlineOf(TopPost tp) {
    if (tp.title() != null && !tp.title().isBlank()) {
      return tp.title();
    }
    List<String> sentences = sentences(tp.snippet(), 1);
    return sentences.isEmpty() ? "" : sentences.get(0);
  }

  /**
   * @return two or three most central sentences of the top posts' texts, without the headline or
   *     near duplicates ({@link LexRankSummarizer}); empty if no post has a usable sentence
   */
  static String summary(LexRankSummarizer summarizer, List<TopPost> top, String headline) {
    List<LexRankSummarizer.Passage> passages = top.stream()
        .map(tp -> new LexRankSummarizer.Passage(tp.snippet(), tp.snippet().length() >= TopPost.MAX_SNIPPET_CHARS))
        .toList();
    return summarizer.summarize(passages, headline);
  }

  static List<String> sentences(String text, int max) {
    List<String> out = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    BreakIterator it = BreakIterator.getSentenceInstance(Locale.ENGLISH);
    it.setText(text);
    int start = it.first();
    for (int end = it.next(); end != BreakIterator.DONE && out.size() < max; start = end, end = it.next()) {
      String s = text.substring(start, end).strip();
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  static Category category(StoryState s) {
    if (s.paperPosts() * 2 > s.postCount()) {
      return Category.PAPER;
    }
    if (s.toolPosts() * 2 > s.postCount()) {
      return Category.TOOL;
    }
    return Category.NEWS;
  }

  /**
   * @return 2–4 strongest non-overlapping centroid terms, in headline order, original casing: the
   *     strongest terms in {@link Vectors#BY_WEIGHT} order are taken while they weigh at least {@link
   *     #LABEL_MIN_RELATIVE_WEIGHT} of the first (the first two always), at most {@link
   *     #MAX_LABEL_TERMS}, skipping one that {@link #overlaps} a term already taken; the taken terms are
   *     ordered by where their surface form first occurs in the headline (absent last), then by strength
   */
  static String label(StoryState s, String headline) {
    Map<String, Double> centroid = s.centroid();
    // a RankedTerms iterates in BY_WEIGHT order already and is read by position (only the first few
    // entries are looked at); another map (a state read back from JSON) is sorted first
    RankedTerms ranked = centroid instanceof RankedTerms r ? r : null;
    List<Map.Entry<String, Double>> entries = null;
    int size = centroid.size();
    if (ranked == null) {
      entries = new ArrayList<>(centroid.entrySet());
      entries.sort(Vectors.BY_WEIGHT);
    }
    String[] chosen = new String[MAX_LABEL_TERMS];
    int count = 0;
    double topWeight = size == 0 ? 0 : ranked != null ? ranked.weight(0) : entries.get(0).getValue();
    for (int i = 0; i < size && count < MAX_LABEL_TERMS; i++) {
      double weight = ranked != null ? ranked.weight(i) : entries.get(i).getValue();
      if (!(weight >= LABEL_MIN_RELATIVE_WEIGHT * topWeight || count < 2)) {
        break;
      }
      String term = ranked != null ? ranked.term(i) : entries.get(i).getKey();
      boolean overlapping = false;
      for (int c = 0; c < count && !overlapping; c++) {
        overlapping = overlaps(chosen[c], term);
      }
      if (!overlapping) {
        chosen[count++] = term;
      }
    }
    String lowerHeadline = headline.toLowerCase(Locale.ROOT);
    // each chosen term's surface form and its position in the headline, looked up once
    String[] surfaces = new String[count];
    int[] positions = new int[count];
    Integer[] order = new Integer[count];
    for (int c = 0; c < count; c++) {
      surfaces[c] = s.surfaces().getOrDefault(chosen[c], chosen[c]);
      positions[c] = position(lowerHeadline, surfaces[c]);
      order[c] = c;
    }
    // by headline position, then by strength (the order chosen); a total order, so any sort agrees
    Arrays.sort(order, Comparator.<Integer>comparingInt(c -> positions[c]).thenComparingInt(c -> c));
    StringBuilder label = new StringBuilder();
    for (int k = 0; k < count; k++) {
      int c = order[k];
      if (k > 0) {
        label.append(' ');
      }
      label.append(surfaceOf(chosen[c], surfaces[c], positions[c], headline, lowerHeadline));
    }
    return label.toString();
  }

  /** @return where the surface form first occurs in the lower-cased headline, or {@link Integer#MAX_VALUE} */
  private static int position(String lowerHeadline, String surface) {
    int i = lowerHeadline.indexOf(surface.toLowerCase(Locale.ROOT));
    return i < 0 ? Integer.MAX_VALUE : i;
  }

  /** @param position the surface form's {@link #position} in the lower-cased headline */
  private static String surfaceOf(String term, String surface, int position, String headline, String lowerHeadline) {
    if (position != Integer.MAX_VALUE && headline.length() == lowerHeadline.length()) {
      return headline.substring(position, position + surface.length());
    }
    return surface.isEmpty() ? term : surface;
  }

  /**
   * @return true if one term is the other, one of the other's compound parts (the pieces between the
   *     characters {@code - / + _ .}), or a prefix of the other longer than three characters
   */
  static boolean overlaps(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    return isPart(a, b) || isPart(b, a)
        || (a.length() > 3 && b.startsWith(a)) || (b.length() > 3 && a.startsWith(b));
  }

  /**
   * @return true if {@code part} is one of the pieces of {@code compound} split at {@link #PARTS}, as
   *     {@code List.of(PARTS.split(compound)).contains(part)} answers, without a regex: a non-empty part
   *     is a piece iff it lies between two delimiters or the string's ends (the empty pieces that split
   *     keeps or drops cannot equal it); the empty part is left to the regex
   */
  static boolean isPart(String compound, String part) {
    if (part.isEmpty()) {
      return List.of(PARTS.split(compound)).contains(part);
    }
    int n = compound.length();
    int len = part.length();
    int start = 0;
    for (int i = 0; i <= n; i++) {
      if (i == n || isPartDelimiter(compound.charAt(i))) {
        if (i - start == len && compound.regionMatches(start, part, 0, len)) {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
  }

  /** @return true for the characters of {@link #PARTS} */
  private static boolean isPartDelimiter(char c) {
    return c == '-' || c == '/' || c == '+' || c == '_' || c == '.';
  }
}
