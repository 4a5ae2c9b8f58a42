package io.storyline.cluster.partitioned.internal;

import io.storyline.cluster.core.StoryState;
import io.storyline.cluster.partitioned.GlobalStory;
import io.storyline.cluster.partitioned.LinkerMeta;
import io.storyline.cluster.partitioned.LinkerState;
import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** {@link LinkerState} over Kafka Streams key-value stores. Not thread-safe; one per stream task. */
public final class StoreLinkerState implements LinkerState {
  static final String META_KEY = "meta";

  private final KeyValueStore<String, StoryState> locals;
  private final KeyValueStore<String, String> globalOf;
  private final KeyValueStore<String, GlobalStory> globals;
  private final KeyValueStore<String, LinkerMeta> meta;

  /**
   * @param locals open local stories, local key to latest state
   * @param globalOf local key to global story id
   * @param globals open global stories by id
   * @param meta counters under one key
   */
  public StoreLinkerState(KeyValueStore<String, StoryState> locals, KeyValueStore<String, String> globalOf,
      KeyValueStore<String, GlobalStory> globals, KeyValueStore<String, LinkerMeta> meta) {
    this.locals = locals;
    this.globalOf = globalOf;
    this.globals = globals;
    this.meta = meta;
  }

  @Override public LinkerMeta meta() {
    LinkerMeta m = meta.get(META_KEY);
    return m == null ? LinkerMeta.INITIAL : m;
  }
  @Override public void putMeta(LinkerMeta m) { meta.put(META_KEY, m); }
  @Override public StoryState local(String key) { return locals.get(key); }
  @Override public void putLocal(String key, StoryState s) { locals.put(key, s); }
  @Override public void deleteLocal(String key) { locals.delete(key); }
  @Override public String globalOf(String key) { return globalOf.get(key); }
  @Override public void putGlobalOf(String key, String id) { globalOf.put(key, id); }
  @Override public void deleteGlobalOf(String key) { globalOf.delete(key); }
  @Override public GlobalStory global(String id) { return globals.get(id); }
  @Override public void putGlobal(GlobalStory g) { globals.put(g.id(), g); }
  @Override public void deleteGlobal(String id) { globals.delete(id); }
  @Override public void forEachGlobal(Consumer<GlobalStory> action) {
    try (KeyValueIterator<String, GlobalStory> it = globals.all()) {
      while (it.hasNext()) {
        KeyValue<String, GlobalStory> kv = it.next();
        if (kv.value != null) {
          action.accept(kv.value);
        }
      }
    }
  }
}
