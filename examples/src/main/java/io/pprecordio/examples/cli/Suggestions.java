package io.pprecordio.examples.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** The known word closest to a mistyped one, for "did you mean ...?" messages. */
final class Suggestions {
  private Suggestions() {}

  /** The candidate with the fewest edits from {@code typed}, ignoring case; ties go to order. */
  static Optional<String> nearest(String typed, Collection<String> candidates) {
    LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
    String t = typed.toLowerCase(Locale.ROOT);
    return candidates.stream()
        .min(Comparator.comparingInt(c -> distance.apply(t, c.toLowerCase(Locale.ROOT))));
  }
}
