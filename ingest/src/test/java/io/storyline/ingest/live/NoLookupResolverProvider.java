package io.storyline.ingest.live;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.stream.Stream;

/**
 * The ingest tests' name resolver (JEP 418, registered in {@code META-INF/services}): the JDK's own resolver,
 * except that looking up a name under {@value #FORBIDDEN_SUFFIX} fails the test with an {@link AssertionError}.
 * A test gives such a name to code that must not do network I/O, e.g. configuration validation, which Connect
 * runs on its REST thread. Stateless.
 */
public final class NoLookupResolverProvider extends InetAddressResolverProvider {
  /** Names ending in this (a reserved TLD, RFC 2606) must never be looked up. */
  public static final String FORBIDDEN_SUFFIX = ".must-not-resolve.test";

  @Override
  public InetAddressResolver get(Configuration configuration) {
    InetAddressResolver builtin = configuration.builtinResolver();
    return new InetAddressResolver() {
      @Override
      public Stream<InetAddress> lookupByName(String host, LookupPolicy lookupPolicy) throws UnknownHostException {
        if (host.endsWith(FORBIDDEN_SUFFIX)) {
          throw new AssertionError("DNS lookup of " + host + ": this code path must not do network I/O");
        }
        return builtin.lookupByName(host, lookupPolicy);
      }

      @Override
      public String lookupByAddress(byte[] addr) throws UnknownHostException {
        return builtin.lookupByAddress(addr);
      }
    };
  }

  @Override
  public String name() {
    return "storyline-test-no-lookup";
  }
}
