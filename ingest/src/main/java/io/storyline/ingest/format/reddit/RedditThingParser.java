package io.storyline.ingest.format.reddit;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyline.common.model.Engagement;
import io.storyline.common.model.Post;
import io.storyline.common.model.Relation;
import io.storyline.common.model.Source;
import io.storyline.common.text.TextUrls;
import io.storyline.ingest.format.JsonSupport;
import io.storyline.ingest.format.NativeFormat;
import io.storyline.ingest.format.PlainText;
import io.storyline.ingest.format.PostParseException;
import io.storyline.ingest.format.Times;
import io.storyline.ingest.format.UrlCanonicalizer;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses one Reddit thing ({@link NativeFormat#REDDIT_THING}: {@code {"kind":"t3"|"t1","data":{..}}}
 * or a bare dump object) into a {@link Post}.
 *
 * <p>Mapping (formats.md sections 0 and 7): native id = fullname ({@code name}, else kind + "_" +
 * {@code id}; a bare object's kind comes from {@code name}, else t1 if it has {@code link_id}/{@code
 * body} without {@code title}); createdAt = {@code created_utc} (float, int or string epoch seconds;
 * {@code created} is not UTC and is not used); url = {@code https://www.reddit.com} + {@code
 * permalink}, for comments without one {@code https://www.reddit.com/comments/<link>/_/<id>/};
 * author ({@code [deleted]} becomes null); channel = {@code subreddit}; title (t3) and text
 * ({@code selftext} / {@code body}) with HTML entities decoded once (without {@code raw_json=1}
 * Reddit escapes {@code &}, {@code <}, {@code >}) and Markdown reduced to plain text; {@code
 * [deleted]}/{@code [removed]} bodies become ""; links = the post's {@code url} unless it is its own
 * permalink, then URLs in the body, canonicalised and deduplicated; engagement = {@code score},
 * {@code num_comments}, {@code num_crossposts} (absent = unknown); relation = REPLY to {@code
 * parent_id} (else {@code link_id}) for t1, with root {@code link_id} (the submission, which decides
 * the comment's partition of posts: {@link Post#threadKey()}), CROSSPOST to {@code crosspost_parent}
 * for crossposts;
 * fetchedAt = the argument, else dump {@code retrieved_on}/{@code retrieved_utc}. Stateless and
 * thread-safe.
 */
public final class RedditThingParser {
  private static final NativeFormat F = NativeFormat.REDDIT_THING;
  private static final String SITE = "https://www.reddit.com";

  private RedditThingParser() {}

  /**
   * @param payload the thing as UTF-8 JSON
   * @param fetchedAt fetch time or null
   * @return the post
   * @throws PostParseException if the payload is not one JSON object of kind t1/t3 with a readable id
   *     and {@code created_utc}
   */
  public static Post parse(byte[] payload, Instant fetchedAt) throws PostParseException {
    JsonNode root = JsonSupport.readPayload(F, payload);
    if (!root.isObject()) {
      throw new PostParseException(F.id() + ": payload is a JSON " + root.getNodeType().name().toLowerCase()
          + ", expected an object {\"kind\":\"t3\"|\"t1\",\"data\":{..}} or a bare t3/t1 object");
    }
    String kind;
    JsonNode data;
    if (root.has("kind")) {
      kind = JsonSupport.text(root, "kind");
      data = JsonSupport.obj(root, "data");
      if (!"t3".equals(kind) && !"t1".equals(kind)) {
        throw new PostParseException(F.id() + ": kind '" + JsonSupport.shorten(kind, 40)
            + "' is not a post (t3) or comment (t1)");
      }
      if (data == null) {
        throw new PostParseException(F.id() + ": field data of a " + kind + " thing is missing or not an object");
      }
    } else {
      data = root;
      String name = JsonSupport.text(root, "name");
      if (name != null && name.length() > 3 && name.charAt(2) == '_') {
        kind = name.substring(0, 2);
        if (!"t3".equals(kind) && !"t1".equals(kind)) {
          throw new PostParseException(F.id() + ": name '" + JsonSupport.shorten(name, 40)
              + "' is not the fullname of a post (t3_) or comment (t1_)");
        }
      } else {
        kind = root.has("link_id") || (root.has("body") && !root.has("title")) ? "t1" : "t3";
      }
    }
    String nativeId = RedditSplitter.nativeId(kind, data);
    if (nativeId == null) {
      throw new PostParseException(F.id() + ": " + kind + " has no id: fields name and id are missing or blank");
    }
    String createdText = JsonSupport.text(data, "created_utc");
    Instant created = Times.epochSeconds(createdText);
    if (created == null) {
      throw new PostParseException(F.id() + ": created_utc '" + JsonSupport.shorten(createdText, 40) + "' of "
          + nativeId + " is not a number of epoch seconds");
    }
    boolean post = "t3".equals(kind);
    String rawBody = JsonSupport.text(data, post ? "selftext" : "body");
    String body = isDeletedBody(rawBody) ? "" : rawBody;
    String url = url(kind, data, nativeId);
    String author = JsonSupport.nonBlank(data, "author");
    if ("[deleted]".equals(author)) {
      author = null;
    }
    Set<String> links = new LinkedHashSet<>();
    if (post) {
      String target = UrlCanonicalizer.canonicalize(PlainText.decodeEntities(JsonSupport.text(data, "url")));
      if (target != null && !target.equals(UrlCanonicalizer.canonicalize(url)) && !isOwnPermalink(target, nativeId)) {
        links.add(target);
      }
    }
    for (String u : TextUrls.find(PlainText.decodeEntities(body))) {
      String c = UrlCanonicalizer.canonicalize(u);
      if (c != null) {
        links.add(c);
      }
    }
    Post.Builder b = Post.builder(Source.REDDIT, nativeId)
        .url(url)
        .author(author)
        .channel(JsonSupport.nonBlank(data, "subreddit"))
        .text(PlainText.fromMarkdown(body))
        .links(List.copyOf(links))
        .createdAt(created)
        .fetchedAt(fetchedAt != null ? fetchedAt : retrievedOn(data))
        .engagement(new Engagement(null, JsonSupport.count(data, "num_crossposts"), null,
            JsonSupport.count(data, "score"), post ? JsonSupport.count(data, "num_comments") : null, null, null));
    if (post) {
      String title = PlainText.normalizeWhitespace(PlainText.decodeEntities(JsonSupport.text(data, "title")));
      b.title(title.isEmpty() ? null : title);
      String parent = JsonSupport.nonBlank(data, "crosspost_parent");
      if (parent != null) {
        b.relation(Relation.CROSSPOST, Post.id(Source.REDDIT, parent));
      }
    } else {
      String parent = JsonSupport.nonBlank(data, "parent_id");
      if (parent == null) {
        parent = JsonSupport.nonBlank(data, "link_id");
      }
      if (parent != null) {
        b.relation(Relation.REPLY, Post.id(Source.REDDIT, parent));
        // the submission is the thread's root: it decides the comment's partition of posts (Post#threadKey)
        String link = JsonSupport.nonBlank(data, "link_id");
        if (link != null && link.startsWith("t3_") && !link.equals(nativeId)) {
          b.root(Post.id(Source.REDDIT, link));
        }
      }
    }
    return b.build();
  }

  private static boolean isDeletedBody(String body) {
    if (body == null) {
      return true;
    }
    String s = body.strip();
    return s.equals("[deleted]") || s.equals("[removed]");
  }

  private static String url(String kind, JsonNode data, String nativeId) {
    String permalink = JsonSupport.nonBlank(data, "permalink");
    if (permalink != null) {
      String p = PlainText.decodeEntities(permalink.strip());
      return p.startsWith("http") ? p : SITE + (p.startsWith("/") ? p : "/" + p);
    }
    String shortId = nativeId.substring(3);
    if ("t3".equals(kind)) {
      return SITE + "/comments/" + shortId + "/";
    }
    String link = JsonSupport.nonBlank(data, "link_id");
    if (link != null && link.startsWith("t3_")) {
      return SITE + "/comments/" + link.substring(3) + "/_/" + shortId + "/";
    }
    return null;
  }

  private static boolean isOwnPermalink(String canonicalUrl, String nativeId) {
    String shortId = nativeId.substring(3);
    return (canonicalUrl.contains("://www.reddit.com/") || canonicalUrl.contains("://reddit.com/")
            || canonicalUrl.contains("://old.reddit.com/"))
        && canonicalUrl.contains("/comments/" + shortId + "/");
  }

  private static Instant retrievedOn(JsonNode data) {
    Instant t = Times.epochSeconds(JsonSupport.text(data, "retrieved_on"));
    return t != null ? t : Times.epochSeconds(JsonSupport.text(data, "retrieved_utc"));
  }
}
