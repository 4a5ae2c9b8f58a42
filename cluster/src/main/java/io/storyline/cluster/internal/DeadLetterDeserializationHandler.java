package io.storyline.cluster.internal;

import io.storyline.common.topic.DeadLetterHeaders;
import io.storyline.common.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster stage's answer to a {@code posts} record it cannot read (truncated or invalid JSON, a
 * value of the wrong shape such as a post without {@code createdAt}): instead of Kafka Streams' default
 * of stopping the stream thread, the record's original key, value and headers go to {@link
 * Topics#POSTS_DLQ} with the {@link DeadLetterHeaders} (reason = the serde's message naming the type,
 * the topic and Jackson's reason; stage {@value #STAGE}), a warning is logged, and processing resumes
 * (KIP-1034 dead-letter records, Kafka Streams 4.1+). Streams counts each such record in its task
 * metric {@code dropped-records-total} (group {@code stream-task-metrics}), exported on {@code /metrics}
 * as {@code kafka_stream_task_dropped_records_total}. Stateless and thread-safe; Kafka Streams
 * instantiates it from {@code deserialization.exception.handler}.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);
  /** The {@link DeadLetterHeaders#STAGE} value. */
  public static final String STAGE = "cluster";

  @Override
  public void configure(Map<String, ?> configs) {}

  @Override
  public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    String where = record.topic() + "-" + record.partition() + "@" + record.offset();
    String reason = "record " + where + " of " + (record.value() == null ? 0 : record.value().length)
        + " bytes can't be read: " + (exception.getMessage() == null ? exception.toString() : exception.getMessage());
    LOG.warn("dead-lettering unreadable record {}: {}", where, reason);
    Headers headers = new RecordHeaders(record.headers().toArray());
    put(headers, DeadLetterHeaders.REASON, reason);
    put(headers, DeadLetterHeaders.ERROR_CLASS, exception.getClass().getName());
    put(headers, DeadLetterHeaders.STAGE, STAGE);
    put(headers, DeadLetterHeaders.SOURCE_TOPIC, record.topic());
    put(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(record.partition()));
    put(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(record.offset()));
    Long timestamp = record.timestamp() < 0 ? null : record.timestamp(); // a producer may leave it unset (-1)
    return Response.resume(List.of(new ProducerRecord<>(Topics.POSTS_DLQ.name(), null, timestamp, record.key(),
        record.value(), headers)));
  }

  private static void put(Headers headers, String key, String value) {
    headers.remove(key);
    headers.add(key, value.getBytes(StandardCharsets.UTF_8));
  }
}
