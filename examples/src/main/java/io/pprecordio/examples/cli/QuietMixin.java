package io.pprecordio.examples.cli;

import picocli.CommandLine.Option;

/** {@code -q}: the reading commands' way to silence their warnings about skipped regions. */
final class QuietMixin {
  @Option(names = {"-q", "--quiet"},
      description = "Do not warn about skipped corrupt regions on standard error.")
  boolean quiet;
}
