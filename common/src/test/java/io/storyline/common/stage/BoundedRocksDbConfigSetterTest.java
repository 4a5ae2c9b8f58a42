package io.storyline.common.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

/** Real RocksDB stores (through {@link TopologyTestDriver}) sharing one {@link RocksDbMemory}. */
class BoundedRocksDbConfigSetterTest {
  private static final long BUDGET = 16L << 20;

  @Test
  void shouldPointTheStoreAtTheSharedCacheAndCapItsMemtables() {
    try (RocksDbMemory memory = new RocksDbMemory(BUDGET); Options options = new Options()) {
      options.setTableFormatConfig(new BlockBasedTableConfig());
      new BoundedRocksDbConfigSetter().setConfig("s", options, Map.of(RocksDbMemory.INSTANCE_PROPERTY, memory));
      BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
      assertThat(table.cacheIndexAndFilterBlocks()).as("index and filter blocks counted in the cache").isTrue();
      assertThat(options.maxWriteBufferNumber()).isEqualTo(BoundedRocksDbConfigSetter.MEMTABLES_PER_STORE);
      assertThat(options.writeBufferSize()).as("one memtable").isEqualTo(memory.memtableBytes() / 4);
    }
  }

  @Test
  void shouldChargeEveryStoreOfAStageToOneBudgetThatHoldsUnderLoad(@TempDir Path stateDir) {
    Topology topology = new Topology();
    topology.addSource("in", Serdes.String().deserializer(), Serdes.String().deserializer(), "in");
    topology.addProcessor("write", () -> new WriteBoth(), "in");
    for (String store : new String[] {"a", "b"}) {
      topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store), Serdes.String(),
          Serdes.String()).withLoggingDisabled().withCachingDisabled(), "write");
    }
    try (RocksDbMemory memory = new RocksDbMemory(BUDGET)) {
      Properties props = new Properties();
      props.put(StreamsConfig.APPLICATION_ID_CONFIG, "rocksdb-memory-test");
      props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
      props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
      props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfigSetter.class);
      props.put(RocksDbMemory.INSTANCE_PROPERTY, memory);
      try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
        TestInputTopic<String, String> in = driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
        String value = "x".repeat(1024);
        long maxUsage = 0;
        // 2 stores x 40,000 records x 1 KiB = 80 MiB written, five times the budget
        for (int i = 0; i < 40_000; i++) {
          in.pipeInput("key-" + i, value);
          if (i % 1000 == 0) {
            maxUsage = Math.max(maxUsage, memory.usageBytes());
          }
        }
        assertThat(maxUsage).as("memtables of both stores are charged to the shared cache").isPositive();
        // the cache evicts rather than refuses; allow one memtable's worth of overshoot while a flush runs
        assertThat(maxUsage).as("shared usage never far above the budget").isLessThanOrEqualTo(BUDGET + memory.memtableBytes());
        KeyValueStore<String, String> a = driver.getKeyValueStore("a");
        assertThat(a.get("key-0")).as("data written before the flushes is still there").isEqualTo(value);
      }
    }
  }

  @Test
  void shouldRefuseAStoreWithoutTheStagesSharedMemory() {
    try (Options options = new Options()) {
      options.setTableFormatConfig(new BlockBasedTableConfig());
      assertThatThrownBy(() -> new BoundedRocksDbConfigSetter().setConfig("story-state", options, Map.of()))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(RocksDbMemory.INSTANCE_PROPERTY).hasMessageContaining("story-state");
    }
  }

  @Test
  void shouldRejectABudgetBelowEightMebibytesNamingTheKey() {
    assertThatThrownBy(() -> new RocksDbMemory(1 << 20))
        .isInstanceOf(ConfigException.class).hasMessageContaining("rocksdb.memory.bytes").hasMessageContaining("1048576");
    assertThatThrownBy(() -> RocksDbMemory.budget(Map.of(RocksDbMemory.BUDGET_PROPERTY, "64MB")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("64MB");
    assertThat(RocksDbMemory.budget(Map.of())).isEqualTo(RocksDbMemory.DEFAULT_BYTES);
    assertThat(RocksDbMemory.budget(Map.of(RocksDbMemory.BUDGET_PROPERTY, "33554432"))).isEqualTo(32L << 20);
  }

  /** Writes each record into both stores. */
  private static final class WriteBoth implements Processor<String, String, Void, Void> {
    private KeyValueStore<String, String> a;
    private KeyValueStore<String, String> b;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      a = context.getStateStore("a");
      b = context.getStateStore("b");
    }

    @Override
    public void process(Record<String, String> record) {
      a.put(record.key(), record.value());
      b.put(record.key(), record.value());
    }
  }
}
