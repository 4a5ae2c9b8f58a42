package io.storyline.ingest.format.x;

import com.fasterxml.jackson.databind.JsonNode;
import io.storyline.common.model.Engagement;
import io.storyline.common.model.Post;
import io.storyline.common.model.Relation;
import io.storyline.common.model.Source;
import io.storyline.ingest.format.JsonSupport;
import io.storyline.ingest.format.NativeFormat;
import io.storyline.ingest.format.PlainText;
import io.storyline.ingest.format.PostParseException;
import io.storyline.ingest.format.Times;
import io.storyline.ingest.format.UrlCanonicalizer;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses one self-contained X API v2 tweet ({@link NativeFormat#X_V2_TWEET}: {@code
 * {"data":tweet,"includes":{"users","tweets"},"__twarc":{"retrieved_at"}}}; a bare tweet object and
 * a tweet of twarc2's flattened output are accepted too: its embedded {@code author} stands for {@code
 * includes.users}, a {@code referenced_tweets[]} entry that holds the referenced tweet for {@code includes.tweets},
 * its own {@code __twarc} for the page's) into a {@link Post}.
 *
 * <p>Mapping (formats.md sections 0 and 7): native id = {@code data.id}; createdAt = {@code created_at},
 * else (default-field responses) the snowflake time {@code (id>>22)+1288834974657} ms; author =
 * {@code username} of the {@code includes.users} entry of {@code author_id}; url = {@code
 * https://x.com/<username>/status/<id>} or {@code https://x.com/i/web/status/<id>}; text = {@code
 * note_tweet.text} over {@code text}, for retweets the referenced tweet's (when in includes), with
 * every t.co URL of the matching {@code entities.urls} replaced by its {@code expanded_url} (removed
 * when it points at the tweet itself or its media) and
 * HTML entities decoded once afterwards; links = {@code unwound_url}/{@code expanded_url} of those
 * entities, canonicalised, without links to the tweet itself or its media; engagement from {@code
 * public_metrics} (like, retweet, reply, impression counts); relation from {@code referenced_tweets}
 * (retweeted → REPOST, quoted → QUOTE, replied_to → REPLY, in that priority), a reply's root = {@code
 * conversation_id} (which decides its partition of posts: {@link Post#threadKey()}); lang = {@code lang}
 * except the non-language codes {@code und}, {@code qme}, {@code zxx}, {@code art}, {@code qam},
 * {@code qct}, {@code qht}, {@code qst} (null), with legacy {@code in} mapped to {@code id}; fetchedAt
 * = the argument, else {@code __twarc.retrieved_at}. Stateless and thread-safe.
 */
public final class XTweetParser {
  private static final NativeFormat F = NativeFormat.X_V2_TWEET;
  private static final Set<String> NON_LANGUAGES = Set.of("und", "qme", "zxx", "art", "qam", "qct", "qht", "qst");

  private XTweetParser() {}

  /**
   * @param payload the tweet with its includes as UTF-8 JSON
   * @param fetchedAt fetch time or null
   * @return the post
   * @throws PostParseException if there is no tweet object with a numeric id
   */
  public static Post parse(byte[] payload, Instant fetchedAt) throws PostParseException {
    JsonNode root = JsonSupport.readPayload(F, payload);
    if (!root.isObject()) {
      throw new PostParseException(F.id() + ": payload is a JSON " + root.getNodeType().name().toLowerCase()
          + ", expected {\"data\":{tweet},\"includes\":{..}}");
    }
    JsonNode tweet = JsonSupport.obj(root, "data");
    if (tweet == null) {
      if (root.has("data")) {
        throw new PostParseException(F.id() + ": field data is a JSON " + root.get("data").getNodeType().name().toLowerCase()
            + ", expected one tweet object (split pages before parsing)");
      }
      tweet = root;
    }
    String id = JsonSupport.nonBlank(tweet, "id");
    if (id == null) {
      throw new PostParseException(F.id() + ": tweet id (data.id) is missing or blank");
    }
    if (!id.matches("\\d{1,20}")) {
      throw new PostParseException(F.id() + ": tweet id '" + JsonSupport.shorten(id, 40) + "' is not a decimal tweet id");
    }
    String createdText = JsonSupport.text(tweet, "created_at");
    Instant created = Times.iso(createdText);
    if (created == null && createdText != null) {
      throw new PostParseException(F.id() + ": created_at '" + JsonSupport.shorten(createdText, 40) + "' of tweet "
          + id + " is not " + Times.ISO_RULE);
    }
    if (created == null) {
      created = Times.snowflake(id, Times.TWITTER_EPOCH_MS);
      if (created == null) {
        throw new PostParseException(F.id() + ": tweet " + id + " has no created_at and its id is not a snowflake carrying a time");
      }
    }
    String postId = editChainRoot(tweet);
    if (!postId.equals(id)) {
      // an edited version: the post is the edit chain, keyed and dated by its first version
      Instant first = Times.snowflake(postId, Times.TWITTER_EPOCH_MS);
      created = first != null && first.isBefore(created) ? first : created;
    }
    JsonNode includes = JsonSupport.obj(root, "includes");
    String username = username(includes, tweet);
    Relation relation = Relation.NONE;
    String parentId = null;
    JsonNode retweeted = null;
    JsonNode refs = JsonSupport.arr(tweet, "referenced_tweets");
    if (refs != null) {
      for (String type : List.of("retweeted", "quoted", "replied_to")) {
        for (JsonNode ref : refs) {
          String refId = JsonSupport.nonBlank(ref, "id");
          if (relation == Relation.NONE && type.equals(JsonSupport.text(ref, "type")) && refId != null) {
            relation = switch (type) {
              case "retweeted" -> Relation.REPOST;
              case "quoted" -> Relation.QUOTE;
              default -> Relation.REPLY;
            };
            JsonNode referenced = find(JsonSupport.arr(includes, "tweets"), "id", refId);
            if (referenced == null && (ref.has("text") || ref.has("edit_history_tweet_ids"))) {
              referenced = ref; // twarc2 flatten merged the referenced tweet into its reference
            }
            parentId = Post.id(Source.TWITTER, referenced == null ? refId : editChainRoot(referenced));
            if (relation == Relation.REPOST) {
              retweeted = referenced;
            }
          }
        }
      }
    }
    JsonNode source = retweeted != null ? retweeted : tweet;
    JsonNode note = JsonSupport.obj(source, "note_tweet");
    String rawText = JsonSupport.text(note, "text");
    JsonNode entities = JsonSupport.obj(note, "entities");
    if (rawText == null) {
      rawText = JsonSupport.text(source, "text");
      entities = JsonSupport.obj(source, "entities");
    } else if (entities == null) {
      entities = JsonSupport.obj(source, "entities");
    }
    String selfId = JsonSupport.nonBlank(source, "id");
    Set<String> links = new LinkedHashSet<>();
    String text = expand(rawText == null ? "" : rawText, JsonSupport.arr(entities, "urls"), links, id, selfId);
    JsonNode metrics = JsonSupport.obj(tweet, "public_metrics");
    Engagement engagement = metrics == null ? Engagement.UNKNOWN : new Engagement(
        JsonSupport.count(metrics, "like_count"), JsonSupport.count(metrics, "retweet_count"),
        JsonSupport.count(metrics, "reply_count"), null, null, null, JsonSupport.count(metrics, "impression_count"));
    Instant fetched = fetchedAt != null ? fetchedAt
        : Times.iso(JsonSupport.text(JsonSupport.obj(root, "__twarc"), "retrieved_at"));
    return Post.builder(Source.TWITTER, postId)
        .url(username != null ? "https://x.com/" + username + "/status/" + id : "https://x.com/i/web/status/" + id)
        .author(username)
        .text(PlainText.decodeEntities(text).strip())
        .links(List.copyOf(links))
        .createdAt(created)
        .fetchedAt(fetched)
        .engagement(engagement)
        .relation(relation, parentId)
        .root(relation == Relation.REPLY ? conversationRoot(tweet, postId) : null)
        .lang(lang(JsonSupport.nonBlank(tweet, "lang")))
        .build();
  }

  /**
   * @return the post id of the first tweet of a reply's conversation ({@code conversation_id}), or
   *     null when the payload has none or it is the tweet itself
   */
  private static String conversationRoot(JsonNode tweet, String postId) {
    String conversation = JsonSupport.nonBlank(tweet, "conversation_id");
    return conversation == null || conversation.equals(postId) ? null : Post.id(Source.TWITTER, conversation);
  }

  private static String username(JsonNode includes, JsonNode tweet) {
    JsonNode embedded = JsonSupport.obj(tweet, "author");
    String authorId = JsonSupport.nonBlank(tweet, "author_id");
    JsonNode user = authorId == null ? null : find(JsonSupport.arr(includes, "users"), "id", authorId);
    String name = JsonSupport.nonBlank(user, "username");
    return name != null ? name : JsonSupport.nonBlank(embedded, "username");
  }

  private static JsonNode find(JsonNode array, String key, String value) {
    if (array == null || value == null) {
      return null;
    }
    for (JsonNode e : array) {
      if (value.equals(JsonSupport.text(e, key))) {
        return e;
      }
    }
    return null;
  }

  /** Replaces t.co URLs by their expansion; collects canonical outbound links that are not self/media links. */
  private static String expand(String text, JsonNode urls, Set<String> links, String... selfIds) {
    String out = text;
    if (urls == null) {
      return out;
    }
    for (JsonNode u : urls) {
      String tco = JsonSupport.nonBlank(u, "url");
      String expanded = JsonSupport.nonBlank(u, "expanded_url");
      String unwound = JsonSupport.nonBlank(u, "unwound_url");
      String c = UrlCanonicalizer.canonicalize(unwound != null ? unwound : expanded);
      boolean selfOrMedia = c != null && isSelfOrMedia(c, selfIds);
      if (tco != null && expanded != null) {
        out = out.replace(tco, selfOrMedia ? "" : expanded);
      }
      if (c != null && !selfOrMedia) {
        links.add(c);
      }
    }
    return out;
  }

  private static boolean isSelfOrMedia(String canonical, String... selfIds) {
    if (canonical.startsWith("https://pic.twitter.com/") || canonical.startsWith("http://pic.twitter.com/")) {
      return true;
    }
    String lower = canonical.toLowerCase(Locale.ROOT);
    boolean xHost = lower.matches("https?://(?:www\\.|mobile\\.)?(?:twitter|x)\\.com/.*");
    if (!xHost) {
      return false;
    }
    for (String id : selfIds) {
      if (id != null && lower.matches(".*/status(?:es)?/" + id + "(?:/.*)?")) {
        return true;
      }
    }
    return false;
  }

  private static String lang(String lang) {
    if (lang == null) {
      return null;
    }
    String l = lang.strip().toLowerCase(Locale.ROOT);
    if (l.isEmpty() || NON_LANGUAGES.contains(l)) {
      return null;
    }
    return l.equals("in") ? "id" : lang.strip();
  }

  /**
   * X edits mint a new tweet id per version and list the chain, oldest first, in {@code
   * edit_history_tweet_ids} (https://docs.x.com/x-api/fundamentals/edit-tweets): the chain's first id
   * is the post's id, so every version updates one post instead of adding one.
   *
   * @param tweet a v2 tweet object; not null
   * @return {@code edit_history_tweet_ids[0]} if it is a decimal id, else the tweet's own {@code id}
   *     (null if that is missing too)
   */
  public static String editChainRoot(JsonNode tweet) {
    JsonNode history = JsonSupport.arr(tweet, "edit_history_tweet_ids");
    if (history != null && !history.isEmpty() && history.get(0).isTextual() && history.get(0).asText().matches("\\d{1,20}")) {
      return history.get(0).asText();
    }
    return JsonSupport.nonBlank(tweet, "id");
  }
}
