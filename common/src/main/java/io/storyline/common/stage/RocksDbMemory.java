package io.storyline.common.stage;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * The native memory budget that every RocksDB state store of one Kafka Streams instance (one stage)
 * shares: one LRU block cache that also holds the index and filter blocks, and a write-buffer manager
 * that charges the memtables to that same cache. Without it each store gets its own 50 MiB block cache
 * and up to three 16 MiB memtables (Kafka Streams' defaults), so a stage with five stores may grow
 * towards half a gigabyte outside the Java heap as its caches fill.
 *
 * <p>The technique is the one the Kafka Streams documentation gives under "Memory management",
 * "RocksDB" (https://kafka.apache.org/documentation/streams/developer-guide/memory-mgmt.html) and the
 * RocksDB wiki's "Write Buffer Manager" (cost charged to the block cache).
 *
 * <p>{@link StreamsStage} creates one instance per stage, hands it to {@link BoundedRocksDbConfigSetter}
 * through the Streams properties ({@link #INSTANCE_PROPERTY}) and closes it after Streams has closed.
 * Thread-safe (RocksDB's cache and manager are); the native objects are released by {@link #close()}.
 */
public final class RocksDbMemory implements AutoCloseable {
  /**
   * Streams property holding the total budget in bytes (a {@code Long} or a decimal string); stage
   * factories copy it from {@code rocksdb.memory.bytes}. Absent: {@link #DEFAULT_BYTES}.
   */
  public static final String BUDGET_PROPERTY = "storyline.rocksdb.memory.bytes";
  /** Streams property under which {@link StreamsStage} places this stage's instance. */
  public static final String INSTANCE_PROPERTY = "storyline.rocksdb.memory.instance";
  /** Default total budget per stage: 64 MiB. */
  public static final long DEFAULT_BYTES = 64L << 20;
  /** Smallest budget accepted: 8 MiB. */
  public static final long MIN_BYTES = 8L << 20;
  /** Share of the budget the memtables may take (charged to the cache): a quarter. */
  public static final double MEMTABLE_SHARE = 0.25;
  /** Share of the cache reserved for index and filter blocks (high priority pool). */
  public static final double INDEX_FILTER_SHARE = 0.1;

  private final long totalBytes;
  private final Cache cache;
  private final WriteBufferManager writeBufferManager;
  private boolean closed;

  /**
   * @param totalBytes the budget for block cache, index/filter blocks and memtables of all stores
   *     together, in bytes; at least {@link #MIN_BYTES}
   * @throws ConfigException naming {@code rocksdb.memory.bytes}, the value and the rule if too small
   */
  public RocksDbMemory(long totalBytes) {
    if (totalBytes < MIN_BYTES) {
      throw new ConfigException("rocksdb.memory.bytes", totalBytes,
          "must be at least " + MIN_BYTES + " bytes (8 MiB): it holds every state store's block cache and memtables");
    }
    this.totalBytes = totalBytes;
    RocksDB.loadLibrary(); // idempotent; the cache is created before any store loads the native library
    // -1: let RocksDB pick the shard count; false: do not fail inserts when full, evict instead
    this.cache = new LRUCache(totalBytes, -1, false, INDEX_FILTER_SHARE);
    this.writeBufferManager = new WriteBufferManager((long) (totalBytes * MEMTABLE_SHARE), cache);
  }

  /**
   * Reads the budget from Streams properties.
   *
   * @param properties Streams properties (values may be objects); may not be null
   * @return the budget in bytes: {@link #BUDGET_PROPERTY}, else {@link #DEFAULT_BYTES}
   * @throws ConfigException naming the key and value if it is not a whole number
   */
  public static long budget(Map<?, ?> properties) {
    Object value = properties.get(BUDGET_PROPERTY);
    if (value == null) {
      return DEFAULT_BYTES;
    }
    if (value instanceof Number n) {
      return n.longValue();
    }
    try {
      return Long.parseLong(value.toString().strip());
    } catch (NumberFormatException e) {
      throw new ConfigException(BUDGET_PROPERTY, value, "must be a whole number of bytes");
    }
  }

  /** @return the budget in bytes */
  public long totalBytes() {
    return totalBytes;
  }

  /** @return the budget's memtable share in bytes */
  public long memtableBytes() {
    return (long) (totalBytes * MEMTABLE_SHARE);
  }

  /**
   * @return bytes in use in the shared cache now: data, index and filter blocks plus the memtables
   *     charged to it; 0 once closed
   */
  public synchronized long usageBytes() {
    return closed ? 0 : cache.getUsage();
  }

  /** @return the shared block cache (owned by this object: callers must not close it) */
  Cache cache() {
    return cache;
  }

  /** @return the shared write-buffer manager (owned by this object: callers must not close it) */
  WriteBufferManager writeBufferManager() {
    return writeBufferManager;
  }

  /** Releases the native cache and manager; call only after every store using them has closed. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    writeBufferManager.close();
    cache.close();
  }
}
