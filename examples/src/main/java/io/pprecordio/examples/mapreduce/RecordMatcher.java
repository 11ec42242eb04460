package io.pprecordio.examples.mapreduce;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.hadoop.conf.Configuration;

/**
 * Decides whether a record is selected. A regular expression is searched for in the record read
 * as UTF-8 text (bytes that are not UTF-8 read as U+FFFD, so ASCII patterns still find text inside
 * binary records); a fixed string is searched for as raw bytes, its UTF-8 encoding, anywhere in
 * the record. Either way an empty pattern selects every record, as grep's does.
 */
final class RecordMatcher {
  /**
   * The pattern's UTF-8 bytes in base64, since a job's XML configuration cannot hold every
   * character.
   */
  static final String PATTERN = "pprecordio.examples.grep.pattern.base64";
  /** {@code true}: the pattern is a fixed string of bytes, not a regular expression. */
  static final String FIXED = "pprecordio.examples.grep.fixed";
  /** {@code true}: select the records the pattern does not match. */
  static final String INVERT = "pprecordio.examples.grep.invert";

  private final Pattern regex;
  private final byte[] fixed;
  private final boolean invert;

  private RecordMatcher(Pattern regex, byte[] fixed, boolean invert) {
    this.regex = regex;
    this.fixed = fixed;
    this.invert = invert;
  }

  /**
   * The matcher a job's configuration describes.
   *
   * @throws IllegalArgumentException when the regular expression does not compile
   */
  static RecordMatcher of(Configuration conf) {
    if (conf.get(FIXED) == null) {
      throw new IllegalArgumentException("the job has no pattern: " + FIXED + " is not set");
    }
    // An empty pattern comes back as null: the XML configuration drops empty values.
    String pattern = conf.get(PATTERN, "");
    return of(new String(Base64.getDecoder().decode(pattern), StandardCharsets.UTF_8),
        conf.getBoolean(FIXED, false), conf.getBoolean(INVERT, false));
  }

  static RecordMatcher of(String pattern, boolean fixed, boolean invert) {
    if (fixed) {
      return new RecordMatcher(null, pattern.getBytes(StandardCharsets.UTF_8), invert);
    }
    try {
      return new RecordMatcher(Pattern.compile(pattern), null, invert);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("bad regular expression '" + pattern + "': "
          + e.getDescription() + " near index " + e.getIndex() + " (use -F for a fixed string)");
    }
  }

  /** Stores the pattern in a job's configuration, for the tasks. */
  static void configure(Configuration conf, String pattern, boolean fixed, boolean invert) {
    conf.set(PATTERN, Base64.getEncoder().encodeToString(pattern.getBytes(StandardCharsets.UTF_8)));
    conf.setBoolean(FIXED, fixed);
    conf.setBoolean(INVERT, invert);
  }

  boolean selects(byte[] record, int length) {
    boolean found = fixed != null
        ? indexOf(record, length, fixed) >= 0
        : regex.matcher(new String(record, 0, length, StandardCharsets.UTF_8)).find();
    return found != invert;
  }

  static int indexOf(byte[] haystack, int length, byte[] needle) {
    if (needle.length == 0) {
      return 0;
    }
    byte first = needle[0];
    int last = length - needle.length;
    outer:
    for (int i = 0; i <= last; i++) {
      if (haystack[i] != first) {
        continue;
      }
      for (int k = 1; k < needle.length; k++) {
        if (haystack[i + k] != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
