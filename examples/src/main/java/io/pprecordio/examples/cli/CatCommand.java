package io.pprecordio.examples.cli;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints every record of the inputs, or those one split would read. */
@Command(name = "cat",
    description = {
      "Prints the records of pp_recordio files, one per line.",
      "Corrupt regions are skipped and summed up on standard error; 'pprecordio verify' lists"
          + " them."
    })
final class CatCommand extends PrintRecordsCommand {
  private static final Pattern RANGE = Pattern.compile("([0-9]*):([0-9]*)");

  @Option(names = {"-r", "--range"}, paramLabel = "START:END",
      description = "Print only the records whose frames start in the byte range [START, END)"
          + " of a single file: the records one split of that range would get. START defaults"
          + " to 0 and END to the end of the file (e.g. 1048576: or :4096).")
  String range;

  @Override
  RecordScan scan(List<Input> inputs) {
    RecordScan scan = new RecordScan(io(), read.readerOptions(), inputs)
        .progress("cat", true);
    if (range == null) {
      return scan;
    }
    Matcher m = RANGE.matcher(range);
    if (!m.matches()) {
      throw new UsageException("--range must look like START:END with byte offsets (0 or more),"
          + " either one left out for the file's start or end; got '" + range + "'");
    }
    long start = parse(m.group(1), 0);
    long end = parse(m.group(2), Long.MAX_VALUE);
    if (start > end) {
      throw new UsageException("--range start " + start + " is after its end " + end);
    }
    if (inputs.size() != 1 || inputs.get(0).isStdin()) {
      throw new UsageException("--range reads one file, but " + inputs.size()
          + (inputs.size() == 1 ? " stream was" : " files were") + " named");
    }
    return scan.range(start, end);
  }

  /**
   * An offset; one beyond what a long holds is beyond the end of any file, so it stands for
   * Long.MAX_VALUE: as a start it makes the range empty, as an end it reads to the end.
   */
  private static long parse(String digits, long fallback) {
    if (digits.isEmpty()) {
      return fallback;
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE; // the pattern admits only digits, so the number is too large
    }
  }

  @Override
  long limit() {
    return Long.MAX_VALUE;
  }
}
