package io.storyline.cluster.partitioned;

import io.storyline.cluster.core.StoryState;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** {@link LinkerState} in maps, for tests and the eval harness. Not thread-safe. */
public final class InMemoryLinkerState implements LinkerState {
  private LinkerMeta meta = LinkerMeta.INITIAL;
  private final Map<String, StoryState> locals = new HashMap<>();
  private final Map<String, String> globalOf = new HashMap<>();
  private final Map<String, GlobalStory> globals = new TreeMap<>();

  @Override public LinkerMeta meta() { return meta; }
  @Override public void putMeta(LinkerMeta m) { meta = m; }
  @Override public StoryState local(String key) { return locals.get(key); }
  @Override public void putLocal(String key, StoryState s) { locals.put(key, s); }
  @Override public void deleteLocal(String key) { locals.remove(key); }
  @Override public String globalOf(String key) { return globalOf.get(key); }
  @Override public void putGlobalOf(String key, String id) { globalOf.put(key, id); }
  @Override public void deleteGlobalOf(String key) { globalOf.remove(key); }
  @Override public GlobalStory global(String id) { return globals.get(id); }
  @Override public void putGlobal(GlobalStory g) { globals.put(g.id(), g); }
  @Override public void deleteGlobal(String id) { globals.remove(id); }
  @Override public void forEachGlobal(Consumer<GlobalStory> action) { globals.values().forEach(action); }

  /** @return open local stories, open global stories and local-to-global mappings, for tests */
  public int[] sizes() {
    return new int[] {locals.size(), globals.size(), globalOf.size()};
  }
}
