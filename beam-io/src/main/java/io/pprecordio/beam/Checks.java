package io.pprecordio.beam;

import java.util.Objects;
import java.util.function.Supplier;
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

  /**
   * Applies a setting that core validates, prefixing core's message with the setting's key so
   * the error names what to fix: {@code corruption_policy: unknown corruption policy "x"}.
   */
  static <T> T setting(String key, Supplier<T> apply) {
    try {
      return apply.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }

  static void checkState(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new IllegalStateException(String.format(format, args));
    }
  }
}
