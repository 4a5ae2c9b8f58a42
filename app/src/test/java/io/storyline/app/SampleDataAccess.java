package io.storyline.app;

import java.nio.file.Path;

/** Test access to the package-private {@link SampleData}. */
public final class SampleDataAccess {
  private SampleDataAccess() {}

  /**
   * @param dir an existing directory
   * @return the extracted sample directory
   */
  public static Path extract(Path dir) {
    return SampleData.extractTo(dir);
  }
}
