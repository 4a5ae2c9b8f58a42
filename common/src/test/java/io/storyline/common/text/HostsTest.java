package io.storyline.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostsTest {
  @Test
  void shouldCallLocalhostNamesThe127BlockAndTheIpv6LoopbackInAnyFormLoopback() {
    for (String host : List.of("localhost", "LOCALHOST", "localhost.", "api.localhost", "a.b.localhost.", "127.0.0.1",
        "127.10.0.255", "127.255.255.255", "[::1]", "[0:0:0:0:0:0:0:1]", "[0::1]", "[::ffff:127.0.0.1]")) {
      assertThat(Hosts.isLoopback(host)).as(host).isTrue();
    }
  }

  @Test
  void shouldNotCallAnythingElseLoopbackNorLookItUp() {
    // each answer comes from the host as written: a name that would resolve to 127.0.0.1 is not loopback here
    for (String host : Arrays.asList(null, "", ".", "128.0.0.1", "126.255.255.255", "127.0.0.256", "127.0.0", "127.1",
        "2130706433", "127.0.0.1.nip.io", "localhost.example", "notlocalhost", "localhostx", "localhost..", "[::]", "[::2]",
        "[fe80::1]", "[localhost]", "[127.0.0.1]", "[::1", "example.com")) {
      assertThat(Hosts.isLoopback(host)).as(String.valueOf(host)).isFalse();
    }
  }
}
