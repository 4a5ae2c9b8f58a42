package io.storyline.common.testkit;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that starts one {@link EmbeddedKafkaCluster} before all tests of a class and
 * closes it after them. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.kraft();
 * }</pre>
 *
 * <p>Tests get the cluster from {@link #cluster()} or as a parameter of type {@link
 * EmbeddedKafkaCluster} (or the concrete type). With {@link #container()} and no Docker engine the
 * whole class is skipped. Not thread-safe for registration; {@link #cluster()} may be read from any
 * thread once started.
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  private final Supplier<? extends EmbeddedKafkaCluster> factory;
  private volatile EmbeddedKafkaCluster cluster;

  private EmbeddedKafkaExtension(Supplier<? extends EmbeddedKafkaCluster> factory) {
    this.factory = factory;
  }

  /** @return an extension running the in-process {@link KRaftEmbeddedKafkaCluster} */
  public static EmbeddedKafkaExtension kraft() {
    return new EmbeddedKafkaExtension(KRaftEmbeddedKafkaCluster::start);
  }

  /** @return an extension running a {@link ContainerKafkaCluster}; skips the class without Docker */
  public static EmbeddedKafkaExtension container() {
    return new EmbeddedKafkaExtension(ContainerKafkaCluster::start);
  }

  /**
   * @param factory starts the cluster; may not be null
   * @return an extension running whatever {@code factory} starts
   */
  public static EmbeddedKafkaExtension of(Supplier<? extends EmbeddedKafkaCluster> factory) {
    return new EmbeddedKafkaExtension(factory);
  }

  /**
   * @return the running cluster
   * @throws IllegalStateException if called before {@code beforeAll} or after {@code afterAll}
   */
  public EmbeddedKafkaCluster cluster() {
    EmbeddedKafkaCluster c = cluster;
    if (c == null) {
      throw new IllegalStateException("the embedded Kafka cluster is not running: register the extension on a static field");
    }
    return c;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    cluster = factory.get();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    EmbeddedKafkaCluster c = cluster;
    cluster = null;
    if (c != null) {
      c.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    EmbeddedKafkaCluster c = cluster;
    return c != null && parameter.getParameter().getType().isInstance(c);
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return cluster();
  }
}
