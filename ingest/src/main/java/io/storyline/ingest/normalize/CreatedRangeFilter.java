package io.storyline.ingest.normalize;

import io.storyline.common.model.Post;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards posts created inside a {@link CreatedRange}; drops the others and counts them as {@link
 * NormalizerMetrics#OUT_OF_RANGE} (a filter, not an error: they are not dead-lettered). Not thread-safe.
 */
final class CreatedRangeFilter extends ContextualProcessor<String, Post, String, Post> {
  private static final Logger log = LoggerFactory.getLogger(CreatedRangeFilter.class);

  private final String name;
  private final CreatedRange range;
  private Sensor outOfRange;

  CreatedRangeFilter(String name, CreatedRange range) {
    this.name = name;
    this.range = range;
  }

  @Override
  public void init(ProcessorContext<String, Post> context) {
    super.init(context);
    outOfRange = NormalizerSensors.sensor(context, name, NormalizerMetrics.OUT_OF_RANGE);
  }

  @Override
  public void process(Record<String, Post> record) {
    if (range.contains(record.value().createdAt())) {
      context().forward(record);
    } else {
      outOfRange.record();
      log.debug("dropping post {} created {}: outside the configured range {} .. {}",
          record.key(), record.value().createdAt(), range.from(), range.to());
    }
  }
}
