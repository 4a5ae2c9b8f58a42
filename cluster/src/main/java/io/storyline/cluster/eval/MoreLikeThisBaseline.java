package io.storyline.cluster.eval;

import io.storyline.common.model.Post;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.queries.mlt.MoreLikeThis;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * Baseline: Lucene {@link MoreLikeThis} with its defaults (min term freq 2, min doc freq 5, max query
 * terms 25, {@link StandardAnalyzer}, BM25) over the posts seen so far: a post joins the cluster of
 * its top hit if the hit's score is at least {@code minScore}, else opens a cluster. The reader is
 * reopened (near-real-time) before every query. The index may be pre-filled with seed posts (seed
 * post i is cluster {@code mlt-i}), which {@link #reset} keeps: the JMH core benchmark runs this
 * baseline as a peer over the same seeded state as the core. Not thread-safe.
 */
public final class MoreLikeThisBaseline implements StreamClusterer {
  private static final String TEXT = "text";
  private static final String CLUSTER = "cluster";
  /** Marks the posts {@link #assign} added, so that {@link #reset} can remove them. */
  private static final String ADDED = "added";
  private final double minScore;
  private final StandardAnalyzer analyzer = new StandardAnalyzer();
  private final ByteBuffersDirectory dir = new ByteBuffersDirectory();
  private final IndexWriter writer;
  private DirectoryReader reader;
  private int clusters;
  private final int seeded;

  /** @param minScore BM25 score the top hit needs, &ge; 0 */
  public MoreLikeThisBaseline(double minScore) {
    this(List.of(), minScore);
  }

  /**
   * @param seeds posts the index starts with, each its own cluster; may not be null, may be empty
   * @param minScore BM25 score the top hit needs, &ge; 0
   */
  public MoreLikeThisBaseline(List<Post> seeds, double minScore) {
    this.minScore = minScore;
    try {
      writer = new IndexWriter(dir, new IndexWriterConfig(analyzer));
      for (Post p : seeds) {
        Document d = new Document();
        d.add(new TextField(TEXT, text(p), Field.Store.NO));
        d.add(new StoredField(CLUSTER, "mlt-" + clusters++));
        writer.addDocument(d);
      }
      if (!seeds.isEmpty()) {
        writer.forceMerge(1);
        writer.commit();
      }
      reader = DirectoryReader.open(writer);
    } catch (IOException e) {
      throw new UncheckedIOException("MoreLikeThis baseline failed to index its " + seeds.size() + " seed posts", e);
    }
    seeded = clusters;
  }

  private static String text(Post post) {
    return (post.title() == null ? "" : post.title() + "\n") + post.text();
  }

  @Override
  public String assign(Post post) {
    String text = text(post);
    try {
      DirectoryReader fresh = DirectoryReader.openIfChanged(reader, writer);
      if (fresh != null) {
        reader.close();
        reader = fresh;
      }
      String cluster = null;
      if (reader.numDocs() > 0) {
        MoreLikeThis mlt = new MoreLikeThis(reader);
        mlt.setAnalyzer(analyzer);
        mlt.setFieldNames(new String[] {TEXT});
        Query q = mlt.like(TEXT, new StringReader(text));
        IndexSearcher searcher = new IndexSearcher(reader);
        TopDocs top = searcher.search(q, 1);
        if (top.scoreDocs.length > 0 && top.scoreDocs[0].score >= minScore) {
          cluster = searcher.storedFields().document(top.scoreDocs[0].doc).get(CLUSTER);
        }
      }
      if (cluster == null) {
        cluster = "mlt-" + clusters++;
      }
      Document d = new Document();
      d.add(new TextField(TEXT, text, Field.Store.NO));
      d.add(new StoredField(CLUSTER, cluster));
      d.add(new StringField(ADDED, "1", Field.Store.NO));
      writer.addDocument(d);
      return cluster;
    } catch (IOException e) {
      throw new UncheckedIOException("MoreLikeThis baseline failed on post " + post.id(), e);
    }
  }

  /** Removes the posts {@link #assign} added, back to the seeded index (or the empty one). */
  public void reset() {
    try {
      writer.deleteDocuments(new Term(ADDED, "1"));
      writer.forceMergeDeletes();
      writer.commit();
      DirectoryReader fresh = DirectoryReader.openIfChanged(reader, writer);
      if (fresh != null) {
        reader.close();
        reader = fresh;
      }
      clusters = seeded;
    } catch (IOException e) {
      throw new UncheckedIOException("MoreLikeThis baseline failed to remove its assigned posts", e);
    }
  }

  @Override
  public String describe() {
    return String.format(Locale.ROOT, "baseline Lucene MoreLikeThis defaults (minTermFreq %d, minDocFreq %d, maxQueryTerms %d),"
        + " join top hit if BM25 score >= %.1f", MoreLikeThis.DEFAULT_MIN_TERM_FREQ, MoreLikeThis.DEFAULT_MIN_DOC_FREQ,
        MoreLikeThis.DEFAULT_MAX_QUERY_TERMS, minScore);
  }

  @Override
  public void close() {
    try {
      reader.close();
      writer.close();
      dir.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    analyzer.close();
  }
}
