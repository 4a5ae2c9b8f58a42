package io.storyline.common.topic;

/**
 * Header names on records of the raw topics ({@code posts.raw.<source>}). Values are UTF-8 strings.
 */
public final class RawHeaders {
  private RawHeaders() {}

  /** The platform id, e.g. {@code reddit}. */
  public static final String SOURCE = "storyline.source";
  /** The native format id of the payload, e.g. {@code reddit-thing}, {@code x-v2-tweet}, {@code arxiv-atom-entry}. */
  public static final String FORMAT = "storyline.format";
  /** The file the record was replayed from; absent for live ingest. */
  public static final String FILE = "storyline.file";
  /** When the payload was fetched, ISO-8601 instant; absent when unknown. */
  public static final String FETCHED_AT = "storyline.fetched.at";
}
