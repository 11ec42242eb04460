package io.pprecordio.examples.cli;

/** The exit statuses of every {@code pprecordio} command. */
final class ExitCodes {
  private ExitCodes() {}

  /** The command did its job; any corruption it skipped was reported on standard error. */
  static final int OK = 0;
  /**
   * {@code verify} found corruption or a torn tail, an input is not a pp_recordio file, or a file
   * went over {@code --max-corrupt-regions} or {@code --max-skipped-bytes}.
   */
  static final int DATA = 1;
  /** A usage error (bad flag, bad argument) or an I/O error (missing file, unreadable file). */
  static final int USAGE_OR_IO = 2;
}
