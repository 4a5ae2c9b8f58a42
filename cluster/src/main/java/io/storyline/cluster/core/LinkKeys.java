package io.storyline.cluster.core;

import io.storyline.common.model.Post;
import io.storyline.common.model.Source;
import io.storyline.common.text.Hosts;
import io.storyline.common.text.TextUrls;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exact-match keys of a post: arXiv ids ({@code arxiv:2507.20534}), GitHub repos ({@code
 * gh:owner/repo}; a pull request, issue, commit, discussion or release of a repo is its own key,
 * {@code gh:owner/repo/pull/123}, since one busy repo carries many unrelated changes), Hugging Face repos ({@code hf:owner/name}, datasets {@code hfd:}, spaces {@code
 * hfs:}) and other outbound URLs with a path ({@code url:host/path?query}), from the post's links,
 * URLs in its title/text (found as the normalizer finds them, {@link TextUrls}), and its own id for
 * arXiv posts. The post's own permalink is not a key.
 * Stateless and thread-safe.
 */
public final class LinkKeys {
  private static final Pattern ARXIV_URL =
      Pattern.compile("(?i)(?:arxiv\\.org/(?:abs|pdf|html)|huggingface\\.co/papers|alphaxiv\\.org/abs)/(\\d{4}\\.\\d{4,5})");
  private static final Pattern ARXIV_TEXT = Pattern.compile("(?i)\\barxiv[:\\s]\\s?(\\d{4}\\.\\d{4,5})");
  private static final Pattern ARXIV_ID = Pattern.compile("(\\d{4}\\.\\d{4,5})");
  private static final Set<String> HF_NON_REPO =
      Set.of("papers", "docs", "blog", "models", "learn", "collections", "posts", "settings", "join", "login", "pricing", "chat", "organizations");

  /** IPv4 loopback, unspecified, private and link-local literals ({@link #namesPublicHost}). */
  private static final Pattern PRIVATE_IPV4 =
      Pattern.compile("(?:127|10|0)\\.\\d+\\.\\d+\\.\\d+|192\\.168\\.\\d+\\.\\d+|172\\.(?:1[6-9]|2\\d|3[01])\\.\\d+\\.\\d+|169\\.254\\.\\d+\\.\\d+");
  /**
   * Top-level names that resolve only on the author's own machine or network: {@code localhost}
   * (RFC 6761), {@code local} (mDNS, RFC 6762), {@code internal} (Docker's {@code
   * host.docker.internal}), {@code arpa} (RFC 8375's {@code home.arpa}) and the undelegated {@code lan}
   * and {@code home} that home routers hand out.
   */
  private static final Set<String> LOCAL_TLDS = Set.of("localhost", "local", "internal", "arpa", "lan", "home");

  /**
   * GitHub sub-resources that name one change of a repo rather than the repo: a post linking
   * {@code github.com/ggml-org/llama.cpp/pull/15091} is about that pull request, and two posts
   * about different pull requests of a busy repo are different stories.
   */
  private static final Set<String> GH_CHANGE =
      Set.of("pull", "pulls", "issues", "commit", "commits", "discussions", "releases", "compare");

  private LinkKeys() {}

  /**
   * @param post the post; may not be null
   * @return its keys, sorted; never null
   */
  public static Set<String> of(Post post) {
    Set<String> keys = new TreeSet<>();
    if (post.source() == Source.ARXIV) {
      Matcher m = ARXIV_ID.matcher(post.nativeId());
      if (m.find()) {
        keys.add("arxiv:" + m.group(1));
      }
    }
    String own = post.url() == null ? null : normalizeUrl(post.url());
    for (String link : post.links()) {
      addUrl(keys, link, own);
    }
    for (String text : new String[] {post.title(), post.text()}) {
      if (text == null || text.isEmpty()) {
        continue;
      }
      // the same URLs the normalizer's parsers find in text; the arXiv regex only runs on texts that
      // hold "arxiv"
      for (String url : TextUrls.find(text)) {
        addUrl(keys, url, own);
      }
      if (containsArxiv(text)) {
        Matcher a = ARXIV_TEXT.matcher(text);
        while (a.find()) {
          keys.add("arxiv:" + a.group(1));
        }
      }
    }
    return keys;
  }

  /** @return true if {@code text} holds "arxiv" in any ASCII case (as {@code ARXIV_TEXT}'s {@code (?i)}) */
  private static boolean containsArxiv(String text) {
    for (int i = text.length() - 5; i >= 0; i--) {
      if ((text.charAt(i) | 0x20) == 'a' && text.regionMatches(true, i, "arxiv", 0, 5)) {
        return true;
      }
    }
    return false;
  }

  private static void addUrl(Set<String> keys, String url, String own) {
    String n = normalizeUrl(url);
    if (n == null || n.equals(own)) {
      return;
    }
    String key = keyOf(n);
    if (key != null) {
      keys.add(key);
    }
  }

  /**
   * @param normalizedUrl a URL from {@link #normalizeUrl(String)}
   * @return its key, or null if it has no path (a bare domain is not specific enough) or its host
   *     names no public resource ({@link #namesPublicHost})
   */
  static String keyOf(String normalizedUrl) {
    Matcher ax = ARXIV_URL.matcher(normalizedUrl);
    if (ax.find()) {
      return "arxiv:" + ax.group(1);
    }
    int slash = normalizedUrl.indexOf('/');
    if (slash < 0 || slash == normalizedUrl.length() - 1) {
      return null;
    }
    String host = normalizedUrl.substring(0, slash);
    if (!namesPublicHost(host)) {
      return null;
    }
    String[] path = normalizedUrl.substring(slash + 1).split("[/?#]");
    if (host.equals("github.com") && path.length >= 2 && !path[0].isEmpty() && !path[1].isEmpty()) {
      String repo = "gh:" + path[0] + "/" + stripGit(path[1]);
      if (path.length >= 4 && GH_CHANGE.contains(path[2]) && !path[3].isEmpty()) {
        boolean tag = path[3].equals("tag") && path.length >= 5 && !path[4].isEmpty();
        return repo + "/" + path[2] + "/" + (tag ? "tag/" + path[4] : path[3]);
      }
      return repo;
    }
    if (host.equals("huggingface.co") && path.length >= 2) {
      if ((path[0].equals("datasets") || path[0].equals("spaces")) && path.length >= 3) {
        return (path[0].equals("datasets") ? "hfd:" : "hfs:") + path[1] + "/" + path[2];
      }
      if (!HF_NON_REPO.contains(path[0]) && !path[0].equals("datasets") && !path[0].equals("spaces")) {
        return "hf:" + path[0] + "/" + path[1];
      }
    }
    return "url:" + normalizedUrl;
  }

  /**
   * Whether a host can name the same resource for two posts' authors: not a name without a dot
   * ({@code localhost}, a Docker service such as {@code ollama}, a placeholder such as {@code
   * your_server}), not a name under a top-level name for local use ({@link #LOCAL_TLDS}), not a host {@link
   * Hosts#isLoopback} calls this machine (in any of its written forms), and not a loopback, unspecified, private or
   * link-local IP literal (RFC 1122, RFC 1918, RFC 3927, RFC 4193,
   * RFC 4291). Two r/LocalLLaMA posts that both call {@code http://localhost:8080/v1} share a setup, not
   * a story, and a shared key is strong evidence. Names reserved for documentation ({@code example.com},
   * RFC 2606) stay keys: tests and invented examples use them for public sites.
   *
   * @param host a lower-case host as {@link java.net.URI#getHost} gives it (IPv6 literals in brackets)
   * @return false for the hosts above, true otherwise
   */
  static boolean namesPublicHost(String host) {
    if (Hosts.isLoopback(host)) {
      return false; // also the forms the rules below let through: [0:0:0:0:0:0:0:1], localhost. with its final dot
    }
    if (host.startsWith("[")) {
      return !(host.startsWith("[::") || host.startsWith("[fe8") || host.startsWith("[fe9") || host.startsWith("[fea")
          || host.startsWith("[feb") || host.startsWith("[fc") || host.startsWith("[fd"));
    }
    int dot = host.lastIndexOf('.');
    if (dot < 0) {
      return false;
    }
    String tld = host.substring(dot + 1);
    if (tld.chars().allMatch(Character::isDigit)) {
      return !PRIVATE_IPV4.matcher(host).matches();
    }
    return !LOCAL_TLDS.contains(tld);
  }

  private static String stripGit(String repo) {
    return repo.endsWith(".git") ? repo.substring(0, repo.length() - 4) : repo;
  }

  /**
   * Normalises a URL for comparison: scheme and {@code www.} dropped, host and path lower-cased,
   * fragment and {@code utm_*} parameters dropped, trailing slash and punctuation removed.
   *
   * @param url a URL; may be null
   * @return {@code host/path?query}, or null if it is not an http(s) URL with a host
   */
  public static String normalizeUrl(String url) {
    if (url == null) {
      return null;
    }
    String u = url.strip();
    while (!u.isEmpty() && ".,;:!)".indexOf(u.charAt(u.length() - 1)) >= 0) {
      u = u.substring(0, u.length() - 1);
    }
    URI uri;
    try {
      uri = URI.create(u.replace(" ", "%20"));
    } catch (IllegalArgumentException e) {
      return null;
    }
    String scheme = uri.getScheme();
    String host = uri.getHost();
    if (scheme == null || host == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      return null;
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.startsWith("www.")) {
      host = host.substring(4);
    }
    if (host.equals("old.reddit.com") || host.equals("np.reddit.com")) {
      host = "reddit.com";
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath().toLowerCase(Locale.ROOT);
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    StringBuilder query = new StringBuilder();
    if (uri.getRawQuery() != null) {
      for (String p : uri.getRawQuery().split("&")) {
        if (!p.isEmpty() && !p.toLowerCase(Locale.ROOT).startsWith("utm_")) {
          query.append(query.isEmpty() ? "?" : "&").append(p);
        }
      }
    }
    return host + path + query;
  }
}
