package io.storyline.common.stage;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

/**
 * Points every RocksDB state store of a stage at the stage's shared {@link RocksDbMemory}: the block
 * cache (with index and filter blocks cached in it at high priority, the top-level index pinned) and
 * the write-buffer manager, with two memtables of at most a quarter of the memtable budget each. So a
 * stage's native memory for RocksDB stays within {@code rocksdb.memory.bytes} however many stores it
 * has and however long it runs.
 *
 * <p>Set by {@link StreamsStage} as {@code rocksdb.config.setter} unless the user set their own. Streams
 * instantiates it by reflection and calls it from its stream threads; it keeps no state of its own.
 * Follows the Kafka Streams documentation, "Memory management", "RocksDB"
 * (https://kafka.apache.org/documentation/streams/developer-guide/memory-mgmt.html).
 */
public final class BoundedRocksDbConfigSetter implements RocksDBConfigSetter {
  /** Memtables per store; RocksDB flushes one while writing the other. */
  static final int MEMTABLES_PER_STORE = 2;

  /** Creates the setter (Streams does, by reflection). */
  public BoundedRocksDbConfigSetter() {}

  /**
   * @param storeName the store being opened
   * @param options the store's options, changed in place
   * @param configs the Streams configuration; must hold a {@link RocksDbMemory} under {@link
   *     RocksDbMemory#INSTANCE_PROPERTY}
   * @throws ConfigException naming the property if the shared memory is missing (a stage built
   *     without {@link StreamsStage})
   */
  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    if (!(configs.get(RocksDbMemory.INSTANCE_PROPERTY) instanceof RocksDbMemory memory)) {
      throw new ConfigException(RocksDbMemory.INSTANCE_PROPERTY, configs.get(RocksDbMemory.INSTANCE_PROPERTY),
          "store " + storeName + ": " + getClass().getSimpleName() + " needs the stage's shared RocksDbMemory; "
              + "run the topology through StreamsStage or unset rocksdb.config.setter");
    }
    // change the table config Streams already made, so its other settings (e.g. the bloom filter) stay
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(memory.cache());
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setWriteBufferManager(memory.writeBufferManager());
    options.setMaxWriteBufferNumber(MEMTABLES_PER_STORE);
    options.setWriteBufferSize(Math.max(1L << 20, memory.memtableBytes() / 4));
    options.setTableFormatConfig(table);
  }

  /** Nothing to release: the cache and manager belong to the stage's {@link RocksDbMemory}. */
  @Override
  public void close(String storeName, Options options) {}
}
