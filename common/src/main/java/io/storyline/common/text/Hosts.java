package io.storyline.common.text;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides from a URL's host <em>as written</em>, never resolving it, whether it names this machine: for every
 * caller that must not wait on DNS or depend on it (the arXiv connector's configuration check, which Connect runs on
 * its REST thread; the clustering core's link keys, which must give the same keys on every machine). Stateless and
 * thread-safe.
 */
public final class Hosts {
  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");

  private Hosts() {}

  /**
   * @param host a URL's host as {@link java.net.URI#getHost()} gives it (any case, IPv6 literals in brackets, a
   *     fully qualified name possibly with its final dot); may be null
   * @return true for {@code localhost} and names under {@code .localhost} (RFC 6761, 6.3), each also with a final
   *     dot, IPv4 literals in 127.0.0.0/8 (dotted quad) and the IPv6 loopback literal in any of its forms ({@code
   *     [::1]}, {@code [0:0:0:0:0:0:0:1]}); false for anything else, including null and a name that would resolve to a
   *     loopback address
   */
  public static boolean isLoopback(String host) {
    if (host == null || host.isEmpty()) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      if (h.indexOf(':') < 0) {
        return false;
      }
      try {
        // a bracketed literal with a colon is parsed, never looked up: InetAddress refuses what is not an IPv6 address
        return InetAddress.getByName(h).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }
    String name = h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    return name.equals("localhost") || name.endsWith(".localhost") || IPV4_LOOPBACK.matcher(h).matches();
  }
}
