package io.storyline.ingest.format;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Canonicalises outbound URLs so that the same link posted on different platforms compares equal.
 *
 * <p>Rules, applied in order: only {@code http}/{@code https} URLs with a host are accepted; the scheme
 * and host are lower-cased; a default port ({@code :80}/{@code :443}) is dropped; the fragment is
 * dropped; tracking parameters are removed from the query ({@code utm_*}, {@code fbclid}, {@code
 * gclid}, {@code dclid}, {@code msclkid}, {@code mc_cid}, {@code mc_eid}, {@code igshid}, {@code
 * ref}, {@code ref_src}, {@code ref_url}, {@code s} and {@code t} on X/Twitter hosts, {@code si} on
 * YouTube/Spotify hosts), keeping the order of the others; an empty query or a lone trailing {@code
 * ?} is dropped; an empty path becomes {@code /}. Trailing slashes of non-empty paths, path case
 * and percent-encoding are kept (servers may treat them differently).
 *
 * <p>Stateless and thread-safe.
 */
public final class UrlCanonicalizer {
  private static final Set<String> TRACKING_PARAMS =
      Set.of(
          "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "ref", "ref_src",
          "ref_url", "_hsenc", "_hsmi", "yclid", "twclid", "spm");

  private UrlCanonicalizer() {}

  /**
   * @param url a URL as found in a post; may be null, may have surrounding whitespace
   * @return the canonical form, or null if {@code url} is null, not http(s), has no host or cannot be parsed
   */
  public static String canonicalize(String url) {
    if (url == null) {
      return null;
    }
    String s = url.strip();
    if (s.isEmpty()) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(s);
    } catch (URISyntaxException e) {
      try {
        uri = new URI(escapeIllegal(s));
      } catch (URISyntaxException e2) {
        return null;
      }
    }
    String scheme = uri.getScheme();
    if (scheme == null) {
      return null;
    }
    scheme = scheme.toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return null;
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      return null;
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    int port = uri.getPort();
    if ((port == 80 && scheme.equals("http")) || (port == 443 && scheme.equals("https"))) {
      port = -1;
    }
    String path = uri.getRawPath();
    if (path == null || path.isEmpty()) {
      path = "/";
    }
    String query = cleanQuery(uri.getRawQuery(), host);
    StringBuilder b = new StringBuilder(s.length());
    b.append(scheme).append("://");
    if (uri.getRawUserInfo() != null) {
      b.append(uri.getRawUserInfo()).append('@');
    }
    b.append(host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host);
    if (port != -1) {
      b.append(':').append(port);
    }
    b.append(path);
    if (query != null) {
      b.append('?').append(query);
    }
    return b.toString();
  }

  private static String cleanQuery(String rawQuery, String host) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return null;
    }
    StringBuilder kept = new StringBuilder(rawQuery.length());
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = (eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
      if (isTracking(name, host)) {
        continue;
      }
      if (!kept.isEmpty()) {
        kept.append('&');
      }
      kept.append(pair);
    }
    return kept.isEmpty() ? null : kept.toString();
  }

  private static boolean isTracking(String name, String host) {
    if (name.startsWith("utm_") || TRACKING_PARAMS.contains(name)) {
      return true;
    }
    if ((name.equals("s") || name.equals("t"))
        && (host.equals("twitter.com") || host.endsWith(".twitter.com") || host.equals("x.com")
            || host.endsWith(".x.com"))) {
      return true;
    }
    return name.equals("si")
        && (host.endsWith("youtube.com") || host.equals("youtu.be") || host.endsWith("spotify.com"));
  }

  /** Percent-encodes characters that {@link URI} rejects but that appear in pasted URLs. */
  private static String escapeIllegal(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    int authority = s.indexOf("://");
    int pathStart = authority < 0 ? 0 : s.indexOf('/', authority + 3);
    if (pathStart < 0) {
      pathStart = s.length();
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case ' ' -> b.append("%20");
        case '"' -> b.append("%22");
        case '<' -> b.append("%3C");
        case '>' -> b.append("%3E");
        case '\\' -> b.append("%5C");
        case '^' -> b.append("%5E");
        case '`' -> b.append("%60");
        case '{' -> b.append("%7B");
        case '|' -> b.append("%7C");
        case '}' -> b.append("%7D");
        case '[' -> b.append(i < pathStart ? "[" : "%5B");
        case ']' -> b.append(i < pathStart ? "]" : "%5D");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
