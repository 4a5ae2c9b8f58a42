package io.storyline.cluster.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import io.storyline.common.serde.Json;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The value format of the cluster stage's own state stores (and so of their changelogs), versioned by
 * its first byte:
 *
 * <ul>
 *   <li><b>version 1</b> (written before this class): the record as JSON text ({@link Json#mapper()}),
 *       so the first byte is {@code '{'} (or JSON whitespace); still read;
 *   <li><b>version 2</b> (written now): the byte {@code 0x02}, then the record as CBOR (RFC 8949,
 *       https://www.rfc-editor.org/rfc/rfc8949) through Jackson with the same settings as {@link
 *       Json#mapper()} except that instants are written as numbers (epoch seconds with nanoseconds,
 *       exact) instead of ISO-8601 strings.
 * </ul>
 *
 * <p>Why: writing each updated story state as JSON text, and sending it to the changelog, was about a
 * fifth of the cluster stream thread (JFR, docs/BENCHMARKS.md). CBOR keeps Jackson's mapping (the same
 * fields, so version 1 and 2 read to equal records: doubles are written as 8-byte IEEE floats, exact),
 * but costs less to write and read and is smaller on disk and on the wire. The stage's output topics
 * are unaffected; this is only for state no one else reads. {@code null} reads and writes as {@code
 * null}. Thread-safe.
 *
 * @param <T> the stored record type
 */
public final class StoreValueSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {
  /** The first byte of a version-2 (CBOR) value. */
  public static final byte VERSION_2 = 0x02;

  /** {@link Json#mapper()}'s settings (kept in step with it by StoreValueSerdeTest), instants as numbers. */
  private static final ObjectMapper CBOR =
      CBORMapper.builder()
          .addModule(new JavaTimeModule())
          .addModule(new BlackbirdModule())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.USE_DEFAULTS))
          .build();

  private final Class<T> type;

  /** @param type the stored record class; may not be null */
  public StoreValueSerde(Class<T> type) {
    this.type = Objects.requireNonNull(type, "type can't be null");
  }

  /**
   * @return {@code null} for {@code null}, else a version-2 value
   * @throws SerializationException naming the type and store if Jackson cannot write the value
   */
  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    try {
      byte[] body = CBOR.writeValueAsBytes(data);
      byte[] out = new byte[body.length + 1];
      out[0] = VERSION_2;
      System.arraycopy(body, 0, out, 1, body.length);
      return out;
    } catch (IOException e) {
      throw new SerializationException(
          "Unable to write " + type.getSimpleName() + " for store topic " + topic + ": " + e.getMessage(), e);
    }
  }

  /**
   * @return {@code null} for {@code null} or empty bytes, else the record from a version-2 (CBOR) or
   *     version-1 (JSON text) value
   * @throws SerializationException naming the type, the topic, the version and Jackson's reason if the
   *     bytes are not a valid value of either version
   */
  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null || data.length == 0) {
      return null;
    }
    boolean v2 = data[0] == VERSION_2;
    try {
      return v2 ? CBOR.readValue(data, 1, data.length - 1, type) : Json.mapper().readValue(data, type);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("Unable to read " + type.getSimpleName() + " from store topic " + topic
          + " as a version-" + (v2 ? 2 : 1) + " (" + (v2 ? "CBOR" : "JSON") + ") value, first bytes "
          + Arrays.toString(Arrays.copyOf(data, Math.min(8, data.length))) + ": " + e.getMessage(), e);
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
    // nothing to configure: the mappers are fixed
  }

  @Override
  public void close() {
    // nothing to release
  }
}
