package io.storyline.common.serde;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka {@link Serde} that writes a record type as UTF-8 JSON with the shared {@link Json#mapper()}.
 * Null values serialise to null bytes; null or empty bytes deserialise to null (tombstones). Unknown
 * JSON fields are ignored, so older readers accept newer records.
 *
 * <p>Thread-safe: the mapper is immutable after configuration, and the serde holds no other state.
 *
 * @param <T> the record type
 */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {
  private final Class<T> type;
  private final ObjectMapper mapper;

  /**
   * @param type the record class; may not be null
   */
  public JsonSerde(Class<T> type) {
    this.type = Objects.requireNonNull(type, "type can't be null");
    this.mapper = Json.mapper();
  }

  /** @return the record class this serde reads and writes */
  public Class<T> type() {
    return type;
  }

  /**
   * @throws SerializationException naming the type if Jackson cannot write the value
   */
  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    try {
      return mapper.writeValueAsBytes(data);
    } catch (IOException e) {
      throw new SerializationException(
          "Unable to serialize " + type.getSimpleName() + " for topic " + topic + ": " + e.getMessage(), e);
    }
  }

  /**
   * @throws SerializationException naming the type, the topic and Jackson's reason if the bytes are
   *     not a valid JSON {@code T}
   */
  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null || data.length == 0) {
      return null;
    }
    try {
      return mapper.readValue(data, type);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Unable to deserialize " + type.getSimpleName() + " from topic " + topic + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }

  @Override
  public void configure(java.util.Map<String, ?> configs, boolean isKey) {
    // nothing to configure: the mapper is fixed
  }

  @Override
  public void close() {
    // nothing to release
  }
}
