package io.storyline.common.stage;

import io.storyline.common.topic.DeadLetterHeaders;
import io.storyline.common.topic.DeadLetters;
import io.storyline.common.topic.TopicSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stage's answer to an input record it cannot read (truncated or invalid JSON, a value of the wrong
 * shape, a time outside {@link io.storyline.common.model.EventTimes}): instead of Kafka Streams' default
 * of stopping the stream thread, the record's original key, value and headers go to the stage's
 * dead-letter topic with the {@link DeadLetterHeaders} (reason = the serde's message naming the type,
 * the topic and Jackson's reason), a warning is logged, and processing resumes (KIP-1034 dead-letter
 * records, Kafka Streams 4.1+). Streams counts each such record in its task metric {@code
 * dropped-records-total} (group {@code stream-task-metrics}), exported on {@code /metrics} as {@code
 * kafka_stream_task_dropped_records_total}.
 *
 * <p>Kafka Streams instantiates a handler by class name from {@code deserialization.exception.handler},
 * so each stage has a subclass with a no-argument constructor that names its topic and stage. Stateless
 * and thread-safe.
 */
public abstract class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);
  private final TopicSpec<byte[], byte[]> deadLetterTopic;
  private final String stage;

  /**
   * @param deadLetterTopic where unreadable records go; may not be null
   * @param stage the {@link DeadLetterHeaders#STAGE} value, e.g. {@code cluster}; may not be null
   */
  protected DeadLetterDeserializationHandler(TopicSpec<byte[], byte[]> deadLetterTopic, String stage) {
    this.deadLetterTopic = Objects.requireNonNull(deadLetterTopic, "dead-letter topic can't be null");
    this.stage = Objects.requireNonNull(stage, "stage can't be null");
  }

  /** @return the topic unreadable records go to */
  public TopicSpec<byte[], byte[]> deadLetterTopic() {
    return deadLetterTopic;
  }

  @Override
  public void configure(Map<String, ?> configs) {}

  @Override
  public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    String where = record.topic() + "-" + record.partition() + "@" + record.offset();
    String reason = "record " + where + " of " + (record.value() == null ? 0 : record.value().length)
        + " bytes can't be read: " + DeadLetters.reason(exception);
    LOG.warn("dead-lettering unreadable record {} to {}: {}", where, deadLetterTopic.name(), reason);
    Long timestamp = record.timestamp() < 0 ? null : record.timestamp(); // a producer may leave it unset (-1)
    return Response.resume(List.of(new ProducerRecord<>(deadLetterTopic.name(), null, timestamp, record.key(),
        record.value(), DeadLetters.headers(record.headers(), reason, exception.getClass().getName(), stage,
            record.topic(), record.partition(), record.offset()))));
  }
}
