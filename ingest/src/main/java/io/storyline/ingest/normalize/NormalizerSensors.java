package io.storyline.ingest.normalize;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/** Creates the Normalizer's rate/total sensors (see {@link NormalizerMetrics}). */
final class NormalizerSensors {
  private NormalizerSensors() {}

  /**
   * @param context the processor's context
   * @param processorName the entity the sensor is tagged with
   * @param operation one of the {@link NormalizerMetrics} operation names
   * @return a sensor recording {@code <operation>-rate} and {@code <operation>-total}
   */
  static Sensor sensor(ProcessorContext<?, ?> context, String processorName, String operation) {
    return context.metrics().addRateTotalSensor(
        NormalizerMetrics.SCOPE, processorName, operation, Sensor.RecordingLevel.INFO);
  }
}
