package io.pprecordio.examples.cli;

import io.pprecordio.ReadStats;

import java.io.PrintStream;

/**
 * One-line messages on standard error, each prefixed with the command (as in
 * {@code pprecordio cat: ...}).
 */
final class Diagnostics {
  private final PrintStream err;
  private final String command;
  private final boolean quiet;

  Diagnostics(Io io, String command, boolean quiet) {
    this.err = io.err();
    this.command = command;
    this.quiet = quiet;
  }

  void error(String message) {
    err.println(command + ": " + message);
    err.flush();
  }

  void warn(String message) {
    if (!quiet) {
      err.println(command + ": warning: " + message);
      err.flush();
    }
  }

  /**
   * Reports what was wrong with one input of a reading command: an error if it is not a
   * pp_recordio file (exit status 1), otherwise a warning summing up what was skipped.
   */
  int report(RecordScan.FileResult file) {
    ReadStats s = file.stats();
    String name = file.input().name();
    if (file.notPPRecordIO()) {
      error(notPPRecordIO(name, s.skippedBytes()));
      return ExitCodes.DATA;
    }
    if (s.corruptRegions() > 0) {
      warn(String.format("%s: skipped %s (%s); run 'pprecordio verify %s' for the list",
          name, plural(s.corruptRegions(), "corrupt region"), plural(s.skippedBytes(), "byte"),
          name));
    }
    if (s.tornTail()) {
      warn(String.format("%s: ends inside a frame at offset %d (%s), the trace of an interrupted"
          + " write", name, s.tornTailOffset().getAsLong(), plural(s.tornTailBytes(), "byte")));
    }
    return ExitCodes.OK;
  }

  /** Reports every input; returns exit status 1 if any is not a pp_recordio file, else 0. */
  int report(RecordScan.Summary summary) {
    int status = ExitCodes.OK;
    for (RecordScan.FileResult file : summary.files()) {
      status = Math.max(status, report(file));
    }
    return status;
  }

  static String notPPRecordIO(String name, long bytes) {
    return name + " is not a pp_recordio file (no valid frame in its " + plural(bytes, "byte")
        + ")";
  }

  static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
