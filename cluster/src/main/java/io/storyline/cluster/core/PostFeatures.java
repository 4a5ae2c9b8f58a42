package io.storyline.cluster.core;

import io.storyline.common.model.Post;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * What the core knows about one post after featurising it. Immutable by convention (maps are not
 * modified after construction).
 *
 * @param post the post; never null
 * @param vector L2-normalised TF-IDF vector, strongest term first; never null, may be empty
 * @param surfaces term to its first surface form in the post (title first), for labels; never null
 * @param keys exact-match keys ({@link LinkKeys}); never null
 * @param eventTime the post's event time: {@code createdAt}, or {@code fetchedAt} if created is
 *     later (a clock in the future); never null
 * @param engagementMass likes + reposts + replies + max(score, 0) + comments + reactions, &ge; 0
 * @param paper true if the post is an arXiv paper or links one
 * @param tool true if it links GitHub/Hugging Face repos or its title announces a release
 */
public record PostFeatures(
    Post post,
    Map<String, Double> vector,
    Map<String, String> surfaces,
    Set<String> keys,
    Instant eventTime,
    long engagementMass,
    boolean paper,
    boolean tool) {}
