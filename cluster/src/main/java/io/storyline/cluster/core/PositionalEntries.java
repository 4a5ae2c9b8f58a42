package io.storyline.cluster.core;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.IntFunction;

/**
 * The read-only entry set of a map held as parallel arrays ({@link RankedTerms}, {@link RankedSurfaces}):
 * the entries at positions {@code 0 .. size - 1}, in that order, each an immutable entry built on demand.
 * Thread-safe if the arrays behind the two functions are not changed.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class PositionalEntries<K, V> extends AbstractSet<Map.Entry<K, V>> {
  private final int size;
  private final IntFunction<K> key;
  private final IntFunction<V> value;

  /**
   * @param size the number of entries, &ge; 0
   * @param key the key at a position
   * @param value the value at a position
   */
  PositionalEntries(int size, IntFunction<K> key, IntFunction<V> value) {
    this.size = size;
    this.key = key;
    this.value = value;
  }

  @Override
  public Iterator<Map.Entry<K, V>> iterator() {
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < size;
      }

      @Override
      public Map.Entry<K, V> next() {
        if (next >= size) {
          throw new NoSuchElementException();
        }
        int i = next++;
        return new AbstractMap.SimpleImmutableEntry<>(key.apply(i), value.apply(i));
      }
    };
  }

  @Override
  public int size() {
    return size;
  }
}
