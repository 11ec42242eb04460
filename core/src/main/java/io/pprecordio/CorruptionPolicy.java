package io.pprecordio;

import java.util.Locale;

/**
 * What a reader does when it meets bytes that do not form a valid frame. A
 * {@link CorruptionBudget} ({@link ReaderOptions#withCorruptionBudget}) can bound how much
 * {@link #SKIP_AND_REPORT} skips.
 */
public enum CorruptionPolicy {
  /**
   * Skip the damaged region, report it to the listener and the counters, and keep reading. A torn
   * tail (an incomplete last frame) is reported, never an error.
   */
  SKIP_AND_REPORT,
  /**
   * Throw a {@link CorruptRecordException} naming the file and the offset at the first corrupt
   * region. A torn tail is still only reported: it is the normal trace of an interrupted writer.
   */
  FAIL;

  /**
   * The policy a setting names: {@code skip} (also {@code skip_and_report} or
   * {@code skip-and-report}) or {@code fail}, in any case. Connectors and tools share this
   * spelling, so a value valid in one is valid in all.
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static CorruptionPolicy parse(String value) {
    switch (value.strip().toLowerCase(Locale.ROOT).replace('-', '_')) {
      case "skip":
      case "skip_and_report":
        return SKIP_AND_REPORT;
      case "fail":
        return FAIL;
      default:
        throw new IllegalArgumentException(
            "unknown corruption policy '" + value + "'; expected skip or fail");
    }
  }
}
