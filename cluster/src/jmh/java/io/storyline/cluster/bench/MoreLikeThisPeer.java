package io.storyline.cluster.bench;

import io.storyline.common.model.Post;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.List;
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
 * Peer: Lucene {@link MoreLikeThis} with its defaults over posts, the way the eval harness's
 * {@code MoreLikeThisBaseline} runs it (StandardAnalyzer, BM25, title + text, near-real-time reopen
 * before every query, join the top hit's cluster if its score is at least {@code minScore}, else open
 * one), over an index pre-filled with the seed posts (seed post i = cluster i, like the seeded
 * stories). Posts added by {@link #assign} are marked and removed by {@link #reset}. Not thread-safe.
 */
public final class MoreLikeThisPeer implements AutoCloseable {
  private static final String TEXT = "text";
  private static final String CLUSTER = "cluster";
  private static final String ADDED = "added";
  private final double minScore;
  private final StandardAnalyzer analyzer = new StandardAnalyzer();
  private final ByteBuffersDirectory dir = new ByteBuffersDirectory();
  private final IndexWriter writer;
  private DirectoryReader reader;
  private int clusters;
  private final int seeded;

  /**
   * @param seeds the seed posts; may not be null
   * @param minScore BM25 score the top hit needs (the eval default is 5.0)
   */
  public MoreLikeThisPeer(List<Post> seeds, double minScore) {
    this.minScore = minScore;
    try {
      writer = new IndexWriter(dir, new IndexWriterConfig(analyzer));
      for (Post p : seeds) {
        Document d = new Document();
        d.add(new TextField(TEXT, text(p), Field.Store.NO));
        d.add(new StoredField(CLUSTER, "mlt-" + clusters++));
        writer.addDocument(d);
      }
      writer.forceMerge(1);
      writer.commit();
      reader = DirectoryReader.open(writer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    seeded = clusters;
  }

  private static String text(Post post) {
    return (post.title() == null ? "" : post.title() + "\n") + post.text();
  }

  /** @return the cluster the post joined or opened */
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
      throw new UncheckedIOException("MoreLikeThis peer failed on post " + post.id(), e);
    }
  }

  /** Removes the posts {@link #assign} added, back to the seeded index. */
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
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    reader.close();
    writer.close();
    dir.close();
    analyzer.close();
  }
}
