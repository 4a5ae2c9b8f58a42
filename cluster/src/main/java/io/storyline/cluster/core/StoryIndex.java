package io.storyline.cluster.core;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * A Lucene index of the open stories ({@link ByteBuffersDirectory}): one document per story with its
 * strongest centroid terms ({@code term}) and its link/id keys ({@code key}), to retrieve candidate
 * stories for a post. Derived state: rebuilt from {@link ClusterState} on start.
 *
 * <p>Retrieval score: the sum of the post's weights of the matched story terms plus {@link
 * #KEY_BOOST} per shared key. It does not depend on index statistics, and candidates are re-ranked
 * in double precision from the in-memory copy of each story's terms (ties by story id), so they do
 * not depend on document order, deleted documents or refresh timing: a rebuilt index returns the
 * same candidates. To avoid a near-real-time reopen per post, the reader is refreshed every {@link
 * #REFRESH_EVERY} changes; stories changed since are matched from memory.
 *
 * <p>Not thread-safe; one instance per stream task.
 */
public final class StoryIndex implements Closeable {
  /** Score a shared key adds to a candidate. */
  public static final float KEY_BOOST = 1.0f;
  private static final String ID = "id";
  private static final String TERM = "term";
  private static final String KEY = "key";
  private static final Sort ORDER = new Sort(SortField.FIELD_SCORE, new SortField(ID, SortField.Type.STRING));

  private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
  private final IndexWriter writer;
  private DirectoryReader reader;
  /** Every live story's indexed terms and keys. */
  private final Map<String, Doc> docs = new HashMap<>();
  /** Stories changed (or deleted) since the reader was opened. */
  private final Set<String> pending = new HashSet<>();

  /** Reader refresh period, in changed stories. */
  public static final int REFRESH_EVERY = 256;
  /** Lucene hits fetched per wanted candidate, a margin for float rounding before the re-rank. */
  private static final int OVERFETCH = 4;

  private record Doc(Set<String> terms, Set<String> keys) {}

  /** Creates an empty index. */
  public StoryIndex() {
    try {
      writer = new IndexWriter(directory, new IndexWriterConfig().setOpenMode(IndexWriterConfig.OpenMode.CREATE));
      reader = DirectoryReader.open(writer);
    } catch (IOException e) {
      throw new UncheckedIOException("creating the in-memory story index failed", e);
    }
  }

  /**
   * Inserts or replaces a story's document.
   *
   * @param storyId story id; may not be null
   * @param terms the story's strongest terms; may not be null
   * @param keys the story's keys; may not be null
   */
  public void upsert(String storyId, Collection<String> terms, Collection<String> keys) {
    Document doc = new Document();
    doc.add(new StringField(ID, storyId, Field.Store.YES));
    doc.add(new SortedDocValuesField(ID, new BytesRef(storyId)));
    terms.forEach(t -> doc.add(new StringField(TERM, t, Field.Store.NO)));
    keys.forEach(k -> doc.add(new StringField(KEY, k, Field.Store.NO)));
    try {
      writer.updateDocument(new Term(ID, storyId), doc);
    } catch (IOException e) {
      throw new UncheckedIOException("indexing story " + storyId + " failed", e);
    }
    docs.put(storyId, new Doc(Set.copyOf(terms), Set.copyOf(keys)));
    pending.add(storyId);
  }

  /** Removes a story's document, if present. */
  public void delete(String storyId) {
    try {
      writer.deleteDocuments(new Term(ID, storyId));
    } catch (IOException e) {
      throw new UncheckedIOException("removing story " + storyId + " from the index failed", e);
    }
    docs.remove(storyId);
    pending.add(storyId);
  }

  /**
   * Finds candidate stories.
   *
   * @param terms query terms with their (positive) weights; may not be null
   * @param keys exact keys; may not be null
   * @param k most candidates returned, &ge; 1
   * @return story ids, best match first, ties by id; never null
   */
  public List<String> candidates(Map<String, Double> terms, Collection<String> keys, int k) {
    if (terms.isEmpty() && keys.isEmpty()) {
      return List.of();
    }
    BooleanQuery.Builder q = new BooleanQuery.Builder();
    terms.forEach((t, w) -> q.add(new BoostQuery(new ConstantScoreQuery(new TermQuery(new Term(TERM, t))),
        (float) Math.max(1e-6, w)), BooleanClause.Occur.SHOULD));
    keys.forEach(key -> q.add(new BoostQuery(new ConstantScoreQuery(new TermQuery(new Term(KEY, key))), KEY_BOOST),
        BooleanClause.Occur.SHOULD));
    Set<String> found = new HashSet<>();
    try {
      if (pending.size() >= REFRESH_EVERY) {
        refresh();
      }
      IndexSearcher searcher = new IndexSearcher(reader);
      TopFieldDocs top = searcher.search(q.build(), k * OVERFETCH + pending.size(), ORDER, false);
      List<LeafReaderContext> leaves = reader.leaves();
      for (ScoreDoc sd : top.scoreDocs) {
        // the id from doc values: much cheaper than decoding stored fields for every hit
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(sd.doc, leaves));
        SortedDocValues ids = DocValues.getSorted(leaf.reader(), ID);
        if (!ids.advanceExact(sd.doc - leaf.docBase)) {
          continue;
        }
        String id = ids.lookupOrd(ids.ordValue()).utf8ToString();
        if (!pending.contains(id)) {
          found.add(id);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("searching the story index failed", e);
    }
    for (String id : pending) {
      Doc d = docs.get(id);
      if (d != null && (terms.keySet().stream().anyMatch(d.terms()::contains) || keys.stream().anyMatch(d.keys()::contains))) {
        found.add(id);
      }
    }
    List<Map.Entry<String, Double>> ranked = new ArrayList<>();
    for (String id : found) {
      Doc d = docs.get(id);
      double score = 0;
      for (Map.Entry<String, Double> t : terms.entrySet()) {
        if (d.terms().contains(t.getKey())) {
          score += t.getValue();
        }
      }
      for (String key : keys) {
        if (d.keys().contains(key)) {
          score += KEY_BOOST;
        }
      }
      ranked.add(Map.entry(id, score));
    }
    ranked.sort(Vectors.BY_WEIGHT);
    return ranked.stream().limit(k).map(Map.Entry::getKey).toList();
  }

  /** @return the number of live story documents */
  public int size() {
    return docs.size();
  }

  private void refresh() throws IOException {
    DirectoryReader fresh = DirectoryReader.openIfChanged(reader, writer);
    if (fresh != null) {
      reader.close();
      reader = fresh;
    }
    pending.clear();
  }

  @Override
  public void close() {
    try {
      reader.close();
      writer.close();
      directory.close();
    } catch (IOException e) {
      throw new UncheckedIOException("closing the story index failed", e);
    }
  }

  @Override
  public String toString() {
    return "StoryIndex(lucene ByteBuffersDirectory, constant-score terms weighted by the post, keyBoost=" + KEY_BOOST + ")";
  }
}
