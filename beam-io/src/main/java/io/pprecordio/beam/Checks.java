package io.pprecordio.beam;

import java.util.Objects;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Argument and state checks. Beam's vendored Guava is not used on purpose: its package name
 * changes between Beam releases, and the connector must run on the user's Beam version.
 */
final class Checks {
  private Checks() {}

  static <T> T checkNotNull(@Nullable T value) {
    return Objects.requireNonNull(value);
  }

  static <T> T checkNotNull(@Nullable T value, String name) {
    return Objects.requireNonNull(value, name);
  }

  static void checkArgument(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new IllegalArgumentException(String.format(format, args));
    }
  }

  static void checkState(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new IllegalStateException(String.format(format, args));
    }
  }
}
