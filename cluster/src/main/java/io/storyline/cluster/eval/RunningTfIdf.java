package io.storyline.cluster.eval;

import io.storyline.common.model.Post;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The plain TF-IDF vectors of the baselines over a stream: a post's title and text analysed with
 * Lucene's {@link EnglishAnalyzer}, weights {@code tf * (ln(N / df) + 1)} with running document
 * frequencies (the post itself counted), L2-normalised (Salton and Buckley, "Term-weighting approaches in
 * automatic text retrieval", IP&amp;M 1988, https://doi.org/10.1016/0306-4573(88)90021-0). Not
 * thread-safe; one per stream.
 */
public final class RunningTfIdf implements AutoCloseable {
  private final Analyzer analyzer = new EnglishAnalyzer();
  private final Map<String, Integer> df = new HashMap<>();
  private long n;

  /**
   * Counts the post into the document frequencies and returns its vector.
   *
   * @param post the next post of the stream; may not be null
   * @return term → weight, L2 norm 1 (empty if the post has no terms); a new mutable map
   */
  public Map<String, Double> next(Post post) {
    Map<String, Integer> tf = new HashMap<>();
    String text = (post.title() == null ? "" : post.title() + " ") + post.text();
    try (TokenStream ts = analyzer.tokenStream("f", text)) {
      CharTermAttribute a = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        tf.merge(a.toString(), 1, Integer::sum);
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    n++;
    tf.keySet().forEach(t -> df.merge(t, 1, Integer::sum));
    Map<String, Double> v = new HashMap<>();
    double sq = 0;
    for (Map.Entry<String, Integer> e : tf.entrySet()) {
      double w = e.getValue() * (Math.log((double) n / df.get(e.getKey())) + 1);
      v.put(e.getKey(), w);
      sq += w * w;
    }
    double norm = Math.sqrt(sq);
    if (norm > 0) {
      v.replaceAll((t, w) -> w / norm);
    }
    return v;
  }

  @Override
  public void close() {
    analyzer.close();
  }
}
