package io.storyline.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One post from one platform, normalised: the value of the {@code posts} topic, keyed by {@link
 * #id()}. Immutable; lists are copied on construction.
 *
 * @param id stable id {@code <source>:<nativeId>}, e.g. {@code arxiv:2512.24880}, {@code
 *     reddit:t3_1lty0zk}, {@code twitter:1939867404252979291}; never null
 * @param source the platform; never null
 * @param nativeId the platform's own id (Reddit fullname, tweet id, Discord snowflake, arXiv id
 *     without version); never null
 * @param url canonical permalink of the post; nullable when the platform has none
 * @param author author handle or name as the platform shows it (pseudonymised data keeps its
 *     pseudonyms); nullable
 * @param channel where it was posted: subreddit, Discord channel, arXiv primary category, X list;
 *     nullable
 * @param title title (Reddit, arXiv); nullable
 * @param text plain text body, entities decoded, markup stripped; never null, may be empty
 * @param links canonical outbound URLs, in order of appearance, without duplicates; never null
 * @param createdAt when the author created it (event time); never null, in the years 1970 to 9999
 *     ({@link EventTimes})
 * @param fetchedAt when storyline (or the dump's crawler) fetched it; never null, in the years 1970
 *     to 9999
 * @param engagement counts, unknown fields null; never null
 * @param relation relation to {@code parentId}; never null
 * @param parentId the parent's post id ({@code <source>:<nativeId>}) for replies, quotes, reposts
 *     and crossposts; null for {@link Relation#NONE}
 * @param rootId the post id of the thread's first post when the platform names it and it is not
 *     the parent (a root equal to {@code parentId} is dropped): the submission of a Reddit comment
 *     ({@code link_id}), the first tweet of an X conversation ({@code conversation_id}); null
 *     otherwise, always null without a {@code parentId}. It decides the partition of {@code posts}
 *     ({@link #threadKey()})
 * @param lang BCP-47 language tag if the platform reports one; nullable
 * @param schemaVersion the record schema version, {@link #SCHEMA_VERSION} when written by this code
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Post(
    String id,
    Source source,
    String nativeId,
    String url,
    String author,
    String channel,
    String title,
    String text,
    List<String> links,
    Instant createdAt,
    Instant fetchedAt,
    Engagement engagement,
    Relation relation,
    String parentId,
    String rootId,
    String lang,
    int schemaVersion) {

  /** The schema version this code writes. */
  public static final int SCHEMA_VERSION = 1;

  /**
   * Validates and normalises the record.
   *
   * @throws NullPointerException if a never-null component is null
   * @throws IllegalArgumentException if {@code id} is not {@code source.id() + ":" + nativeId}, a time
   *     is outside the years 1970 to 9999 ({@link EventTimes}), or
   *     a {@code rootId} is given without a {@code parentId} or equals the post's own id
   */
  public Post {
    Objects.requireNonNull(source, "post source can't be null");
    Objects.requireNonNull(nativeId, "post nativeId can't be null");
    if (id == null) {
      id = id(source, nativeId);
    } else if (!id.equals(id(source, nativeId))) {
      throw new IllegalArgumentException(
          "post id '" + id + "' must equal '<source>:<nativeId>' = '" + id(source, nativeId) + "'");
    }
    Objects.requireNonNull(createdAt, () -> "post createdAt can't be null (post " + id(source, nativeId) + ")");
    text = text == null ? "" : text;
    links = links == null ? List.of() : List.copyOf(links);
    fetchedAt = fetchedAt == null ? createdAt : fetchedAt;
    EventTimes.require("post " + id, "createdAt", createdAt);
    EventTimes.require("post " + id, "fetchedAt", fetchedAt);
    engagement = engagement == null ? Engagement.UNKNOWN : engagement;
    relation = relation == null ? Relation.NONE : relation;
    if (rootId != null && rootId.equals(parentId)) {
      rootId = null; // the parent is the root: one field says it
    }
    if (rootId != null && (parentId == null || rootId.equals(id))) {
      throw new IllegalArgumentException("post " + id + " has root id '" + rootId + "' but " + (parentId == null
          ? "no parent id: only a post in a thread has a root" : "a post cannot be its own thread's root"));
    }
    schemaVersion = schemaVersion == 0 ? SCHEMA_VERSION : schemaVersion;
  }

  /**
   * Builds a post id.
   *
   * @param source the platform; may not be null
   * @param nativeId the platform's id; may not be null
   * @return {@code source.id() + ":" + nativeId}
   */
  public static String id(Source source, String nativeId) {
    return source.id() + ":" + nativeId;
  }

  /**
   * The key that decides which partition of {@code posts} a post goes to, so that a reply lands
   * where its thread is and the cluster stage's partition that holds the thread's story sees it
   * (docs/ARCHITECTURE.md, "Clustering at scale"): the thread's root if known, else the parent
   * (a reply to a thread's first post, a quote, a repost), else the post's own id.
   *
   * @return {@code rootId}, else {@code parentId}, else {@code id}; never null
   */
  public String threadKey() {
    return rootId != null ? rootId : parentId != null ? parentId : id;
  }

  /** @return a builder for a post from {@code source} with native id {@code nativeId} */
  public static Builder builder(Source source, String nativeId) {
    return new Builder(source, nativeId);
  }

  /** @return a builder initialised from this post, to derive a changed copy */
  public Builder toBuilder() {
    Builder b = new Builder(source, nativeId);
    b.url = url;
    b.author = author;
    b.channel = channel;
    b.title = title;
    b.text = text;
    b.links = links;
    b.createdAt = createdAt;
    b.fetchedAt = fetchedAt;
    b.engagement = engagement;
    b.relation = relation;
    b.parentId = parentId;
    b.rootId = rootId;
    b.lang = lang;
    return b;
  }

  /** Mutable builder of {@link Post}; not thread-safe. */
  public static final class Builder {
    private final Source source;
    private final String nativeId;
    private String url;
    private String author;
    private String channel;
    private String title;
    private String text = "";
    private List<String> links = List.of();
    private Instant createdAt;
    private Instant fetchedAt;
    private Engagement engagement = Engagement.UNKNOWN;
    private Relation relation = Relation.NONE;
    private String parentId;
    private String rootId;
    private String lang;

    private Builder(Source source, String nativeId) {
      this.source = source;
      this.nativeId = nativeId;
    }

    public Builder url(String v) { this.url = v; return this; }
    public Builder author(String v) { this.author = v; return this; }
    public Builder channel(String v) { this.channel = v; return this; }
    public Builder title(String v) { this.title = v; return this; }
    public Builder text(String v) { this.text = v; return this; }
    public Builder links(List<String> v) { this.links = v; return this; }
    public Builder createdAt(Instant v) { this.createdAt = v; return this; }
    public Builder fetchedAt(Instant v) { this.fetchedAt = v; return this; }
    public Builder engagement(Engagement v) { this.engagement = v; return this; }
    public Builder lang(String v) { this.lang = v; return this; }

    /**
     * Sets the relation to a parent post.
     *
     * @param relation the relation; may not be null
     * @param parentId the parent's post id; null only with {@link Relation#NONE}
     * @return this builder
     */
    public Builder relation(Relation relation, String parentId) {
      this.relation = relation;
      this.parentId = parentId;
      return this;
    }

    /**
     * Sets the thread's root, when the platform names it.
     *
     * @param rootId the post id of the thread's first post; null when unknown or when it is the
     *     parent
     * @return this builder
     */
    public Builder root(String rootId) {
      this.rootId = rootId;
      return this;
    }

    /**
     * @return the post
     * @throws NullPointerException if {@code createdAt} was not set
     */
    public Post build() {
      return new Post(
          null, source, nativeId, url, author, channel, title, text, links, createdAt, fetchedAt,
          engagement, relation, parentId, rootId, lang, SCHEMA_VERSION);
    }
  }
}
