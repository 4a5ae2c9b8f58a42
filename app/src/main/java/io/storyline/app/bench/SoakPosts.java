package io.storyline.app.bench;

import io.storyline.common.model.Source;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generated posts made of real vocabulary, for the soak: an endless stream in which topics are born,
 * are talked about for a while and die, so that stories open, grow and age out as event time moves.
 *
 * <p>The vocabulary is every word (letters, digits, {@code .-} inside; 3 to 24 characters) of the
 * corpus with its frequency. A topic is 6 words drawn from the middle of the frequency ranking (not the
 * 200 commonest, which carry no topic); it lives for {@code topicLifetime} posts of the stream, and
 * {@code activeTopics} topics are alive at any time, staggered so that one dies and one is born every
 * {@code topicLifetime / activeTopics} posts. Post {@code seq} picks a live topic (skewed towards
 * low-numbered ones: some topics are big), takes 4 of its words and 4 background words drawn by
 * frequency, and alternates between Reddit and X. Deterministic: post {@code seq} depends only on
 * {@code seq} and the vocabulary. Thread-safe.
 */
public final class SoakPosts {
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}.\\-]{2,23}");
  private static final int COMMON = 200;
  private static final int TOPIC_WORDS = 6;

  private final String[] byRank;
  private final double[] cumulative;
  private final int activeTopics;
  private final int topicLifetime;

  /**
   * @param corpus where the vocabulary comes from; may not be null
   * @param activeTopics topics alive at once; &gt; 0
   * @param topicLifetime posts of the stream a topic lives for; ≥ activeTopics
   * @throws IllegalArgumentException if the vocabulary has fewer than 1,000 words
   */
  public SoakPosts(BenchCorpus corpus, int activeTopics, int topicLifetime) {
    Objects.requireNonNull(corpus, "corpus can't be null");
    if (activeTopics <= 0 || topicLifetime < activeTopics) {
      throw new IllegalArgumentException("active topics " + activeTopics + " must be > 0 and topic lifetime "
          + topicLifetime + " at least that");
    }
    Map<String, Integer> counts = new HashMap<>();
    for (Seed s : corpus.seeds()) {
      count(s.title(), counts);
      count(s.text(), counts);
    }
    List<Map.Entry<String, Integer>> ranked = new ArrayList<>(counts.entrySet());
    ranked.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    if (ranked.size() < 1000) {
      throw new IllegalArgumentException("the soak vocabulary has " + ranked.size()
          + " words; at least 1,000 are needed for distinct topics");
    }
    byRank = ranked.stream().map(Map.Entry::getKey).toArray(String[]::new);
    cumulative = new double[byRank.length];
    double sum = 0;
    for (int i = 0; i < byRank.length; i++) {
      sum += ranked.get(i).getValue();
      cumulative[i] = sum;
    }
    this.activeTopics = activeTopics;
    this.topicLifetime = topicLifetime;
  }

  private static void count(String text, Map<String, Integer> counts) {
    if (text == null) {
      return;
    }
    Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
    while (m.find()) {
      counts.merge(m.group(), 1, Integer::sum);
    }
  }

  /** @return the number of distinct words */
  public int vocabularySize() {
    return byRank.length;
  }

  /**
   * @param seq the post's sequence number, ≥ 0
   * @return the generated post
   */
  public Seed post(long seq) {
    SplittableRandom r = new SplittableRandom(seq * 0x9E3779B97F4A7C15L);
    long stagger = topicLifetime / activeTopics;
    // live topics: the activeTopics most recently born; topic t is born at t * stagger
    long newest = seq / stagger;
    int pick = (int) Math.min(activeTopics - 1, Math.floor(activeTopics * Math.pow(r.nextDouble(), 2)));
    long topic = newest - pick;
    String[] words = topicWords(topic);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      text.append(words[r.nextInt(words.length)]).append(' ');
    }
    for (int i = 0; i < 4; i++) {
      text.append(background(r)).append(' ');
    }
    Source source = (seq & 1) == 0 ? Source.TWITTER : Source.REDDIT;
    String title = source == Source.REDDIT ? words[0] + " " + words[1] + " " + words[2] : null;
    return new Seed(source, title, text.toString().strip(), null, List.of(), null);
  }

  private String[] topicWords(long topic) {
    SplittableRandom r = new SplittableRandom(topic * 0xBF58476D1CE4E5B9L + 7);
    String[] words = new String[TOPIC_WORDS];
    int band = byRank.length - COMMON;
    for (int i = 0; i < TOPIC_WORDS; i++) {
      // middle of the ranking: skewed towards the more frequent of the uncommon words
      int rank = COMMON + (int) (band * Math.pow(r.nextDouble(), 3));
      words[i] = byRank[rank];
    }
    return words;
  }

  private String background(SplittableRandom r) {
    double x = r.nextDouble() * cumulative[cumulative.length - 1];
    int i = java.util.Arrays.binarySearch(cumulative, x);
    return byRank[i >= 0 ? i : Math.min(cumulative.length - 1, -i - 1)];
  }
}
