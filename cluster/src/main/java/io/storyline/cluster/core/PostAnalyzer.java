package io.storyline.cluster.core;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.apache.lucene.analysis.miscellaneous.KeywordMarkerFilter;
import org.apache.lucene.analysis.miscellaneous.SetKeywordMarkerFilter;
import org.apache.lucene.analysis.pattern.PatternTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Lucene analyzer for post text that keeps model names, versions and sizes whole.
 *
 * <p>Chain: {@link #normalize(String) normalise} (URLs blanked, curly apostrophes straightened) →
 * pattern tokenizer (runs of letters/digits joined by {@code - . _ / + '}) → possessive removal →
 * {@link CompoundPartsFilter} (keeps {@code gpt-5.2} and adds its parts {@code gpt}, {@code 5.2};
 * {@code grok4} adds {@code grok}) → lower case → stop words ({@link #STOP_WORDS}: English plus
 * forum chatter and contractions) → minimal plural stemming ({@link EnglishMinimalStemFilter}, only
 * on pure-letter tokens) → length 2..50. So {@code "Kimi K2"} gives {@code kimi, k2}; {@code
 * "Kimi-K2's"} gives {@code kimi-k2, kimi, k2}; {@code "Llama-3.1-8B"} gives {@code llama-3.1-8b,
 * llama, 3.1, 8b}; {@code "27B"} gives {@code 27b}; {@code "models"} gives {@code model}.
 *
 * <p>Thread-safe in the Lucene sense: one instance may be shared, token streams are reused per
 * thread.
 */
public final class PostAnalyzer extends Analyzer {

  /** A token: letters/digits, optionally joined by {@code - . _ / + '} to more letters/digits. */
  static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+(?:[-._/+'][\\p{L}\\p{N}]+)*");

  /** URLs (with or without scheme) and Reddit-style user/sub references, blanked before tokenizing. */
  static final Pattern URL =
      Pattern.compile("(?i)(?:\\bhttps?://|\\bwww\\.)\\S+|\\b[ur]/[A-Za-z0-9_-]+");

  /**
   * Pure-letter tokens may be stemmed; anything with a digit or joiner is kept as is. This is the
   * rule {@code .*[\p{N}\-._/+'].*} (a number in Unicode's sense, category N, or a joiner anywhere
   * in the term), checked by {@link ProtectedMarker} without a regex: the regex was 5 % of the
   * clustering core's time (JFR, docs/BENCHMARKS.md "Session 5").
   */
  static boolean isProtected(char[] term, int length) {
    for (int i = 0; i < length; ) {
      int cp = Character.codePointAt(term, i, length);
      if (isNumber(cp) || cp == '-' || cp == '.' || cp == '_' || cp == '/' || cp == '+' || cp == '\'') {
        return true;
      }
      i += Character.charCount(cp);
    }
    return false;
  }

  /** @return true if the code point is in Unicode category N (Nd, Nl, No), regex {@code \p{N}} */
  static boolean isNumber(int cp) {
    int type = Character.getType(cp);
    return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
  }

  /** Marks {@link #isProtected protected} terms as keywords, so the stemmer leaves them alone. */
  private static final class ProtectedMarker extends KeywordMarkerFilter {
    private final CharTermAttribute termAtt = addAttribute(CharTermAttribute.class);

    ProtectedMarker(TokenStream in) {
      super(in);
    }

    @Override
    protected boolean isKeyword() {
      return isProtected(termAtt.buffer(), termAtt.length());
    }
  }

  /** Words ending in s that are not plurals of another word, kept from stemming. */
  static final CharArraySet NOT_PLURALS = CharArraySet.unmodifiableSet(new CharArraySet(List.of(
      "news", "series", "species", "lens", "gas", "bias", "alias", "canvas", "chaos", "ollamas", "this", "was",
      "has", "is", "does", "always", "perhaps", "mars", "ios", "macos", "windows", "nvidias"), false));

  /** Stop words: English function words, contractions and forum chatter. Lower case. */
  public static final CharArraySet STOP_WORDS =
      CharArraySet.unmodifiableSet(new CharArraySet(List.of(
          "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
          "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
          "but", "by", "can", "could", "did", "do", "does", "doing", "done", "down", "during", "each",
          "even", "ever", "every", "few", "for", "from", "further", "get", "gets", "getting", "got",
          "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself",
          "his", "how", "however", "i", "if", "in", "into", "is", "it", "its", "itself", "just",
          "let", "like", "lot", "lots", "made", "make", "many", "may", "me", "might", "more", "most",
          "much", "must", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "one",
          "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "pretty", "quite",
          "rather", "really", "same", "she", "should", "so", "some", "something", "still", "such",
          "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these",
          "they", "thing", "things", "think", "this", "those", "though", "through", "to", "too",
          "under", "until", "up", "upon", "us", "very", "via", "want", "was", "way", "we", "well",
          "were", "what", "when", "where", "whether", "which", "while", "who", "whom", "whose",
          "why", "will", "with", "within", "without", "would", "yet", "you", "your", "yours",
          "yourself", "yourselves", "anyone", "anybody", "anything", "everyone", "someone", "guys",
          "hey", "hi", "hello", "thanks", "thank", "please", "know", "maybe", "actually", "already",
          "around", "etc", "e.g", "i.e", "im", "ive", "id", "dont", "doesnt", "didnt", "cant",
          "wont", "isnt", "arent", "wasnt", "its", "thats", "whats", "theres", "i'm", "i've", "i'd",
          "i'll", "you're", "you've", "you'll", "we're", "we've", "they're", "they've", "don't",
          "doesn't", "didn't", "can't", "won't", "isn't", "aren't", "wasn't", "weren't", "haven't",
          "hasn't", "wouldn't", "couldn't", "shouldn't", "that's", "what's", "there's", "let's",
          "here's", "it's", "he's", "she's", "who's", "amp", "gt", "lt", "nbsp", "http", "https",
          "www", "com"), false));

  /**
   * Blanks URLs and user/subreddit references with spaces of the same length (so offsets still point
   * into the original text) and straightens curly apostrophes.
   *
   * @param text raw text; null is treated as empty
   * @return text of the same length, safe to analyze
   */
  public static String normalize(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    String straight = text.replace('\u2019', '\'').replace('\u2018', '\'');
    if (!mayHoldUrl(straight)) {
      return straight; // the URL pattern cannot match: skip the regex (most posts)
    }
    StringBuilder sb = new StringBuilder(straight);
    Matcher m = URL.matcher(sb);
    List<int[]> spans = new ArrayList<>();
    while (m.find()) {
      spans.add(new int[] {m.start(), m.end()});
    }
    for (int[] s : spans) {
      for (int i = s[0]; i < s[1]; i++) {
        sb.setCharAt(i, ' ');
      }
    }
    return sb.toString();
  }

  /**
   * A necessary condition for {@link #URL} to match: every match holds a {@code /} ({@code ://},
   * {@code u/}, {@code r/}) or {@code www.} (ASCII case-insensitive, as the pattern's {@code (?i)}).
   */
  static boolean mayHoldUrl(String text) {
    if (text.indexOf('/') >= 0) {
      return true;
    }
    for (int dot = text.indexOf('.', 3); dot >= 0; dot = text.indexOf('.', dot + 1)) {
      if ((text.charAt(dot - 1) | 0x20) == 'w' && (text.charAt(dot - 2) | 0x20) == 'w' && (text.charAt(dot - 3) | 0x20) == 'w') {
        return true;
      }
    }
    return false;
  }

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    Tokenizer source = new PatternTokenizer(TOKEN, 0);
    TokenStream ts = new EnglishPossessiveFilter(source);
    ts = new CompoundPartsFilter(ts);
    ts = new LowerCaseFilter(ts);
    ts = new StopFilter(ts, STOP_WORDS);
    ts = new ProtectedMarker(ts);
    ts = new SetKeywordMarkerFilter(ts, NOT_PLURALS);
    ts = new EnglishMinimalStemFilter(ts);
    ts = new LengthFilter(ts, 2, 50);
    return new TokenStreamComponents(source, ts);
  }

  /**
   * One analysed token.
   *
   * @param term the term, lower case, never null
   * @param surface the text it came from, original casing, never null
   * @param start start offset in the analysed text (inclusive)
   */
  public record Token(String term, String surface, int start) {}

  /**
   * Analyses text into tokens with their surface forms. URLs are blanked first ({@link
   * #normalize(String)}).
   *
   * @param text the text; null is treated as empty
   * @return tokens in order of appearance (parts of a compound follow the compound); never null
   * @throws IllegalStateException if Lucene fails on in-memory text (does not happen in practice)
   */
  public List<Token> tokens(String text) {
    List<Token> out = new ArrayList<>();
    analyse(text, (term, normalized, start, end) -> out.add(new Token(term, normalized.substring(start, end), start)));
    return out;
  }

  /**
   * @param text the text; null is treated as empty
   * @return just the terms of {@link #tokens(String)} (without cutting out their surface forms)
   */
  public List<String> terms(String text) {
    List<String> out = new ArrayList<>();
    analyse(text, (term, normalized, start, end) -> out.add(term));
    return out;
  }

  /** Receives one analysed token: its term, the normalised text and the token's span in it. */
  @FunctionalInterface
  private interface TokenSink {
    void accept(String term, String normalized, int start, int end);
  }

  private void analyse(String text, TokenSink sink) {
    String normalized = normalize(text);
    if (normalized.isBlank()) {
      return;
    }
    try (TokenStream ts = tokenStream("text", normalized)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        int start = Math.max(0, Math.min(offset.startOffset(), normalized.length()));
        int end = Math.max(start, Math.min(offset.endOffset(), normalized.length()));
        sink.accept(term.toString(), normalized, start, end);
      }
      ts.end();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("analysing in-memory text failed: " + e.getMessage(), e);
    }
  }
}
