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
    warnSkipped(name, s.corruptRegions(), s.skippedBytes());
    if (s.tornTail()) {
      warn(String.format("%s: ends inside a frame at offset %d (%s), the trace of an interrupted"
          + " write", name, s.tornTailOffset().getAsLong(), plural(s.tornTailBytes(), "byte")));
    }
    return ExitCodes.OK;
  }

  /**
   * Warns, as {@link #report(RecordScan.FileResult)} does for a read, of the damage a file's
   * record index recorded when it was built; the index does not know the torn tail's offset.
   */
  void reportIndexed(String name, RecordIndexes.Counts counts) {
    warnSkipped(name, counts.corruptRegions(), counts.skippedBytes());
    if (counts.tornTail()) {
      warn(name + ": ends inside a frame, the trace of an interrupted write");
    }
  }

  /** Reports every input; returns exit status 1 if any is not a pp_recordio file, else 0. */
  int report(RecordScan.Summary summary) {
    int status = ExitCodes.OK;
    for (RecordScan.FileResult file : summary.files()) {
      status = Math.max(status, report(file));
    }
    return status;
  }

  private void warnSkipped(String name, long regions, long bytes) {
    if (regions > 0) {
      warn(String.format("%s: skipped %s (%s); run 'pprecordio verify %s' for the list",
          name, plural(regions, "corrupt region"), plural(bytes, "byte"), name));
    }
  }

  static String notPPRecordIO(String name, long bytes) {
    return name + " is not a pp_recordio file (no valid frame in its " + plural(bytes, "byte")
        + ")";
  }

  static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
