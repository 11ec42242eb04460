package io.pprecordio.examples.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints the first records. */
@Command(name = "head",
    description = "Prints the first N records of pp_recordio files, one per line.")
final class HeadCommand extends PrintRecordsCommand {
  @Option(names = {"-n", "--records"}, paramLabel = "N",
      description = "How many records to print (default: ${DEFAULT-VALUE}).")
  long count = 10;

  @Override
  Plan plan(List<Input> inputs) {
    if (count < 0) {
      throw new UsageException("-n must be 0 or more, got " + count);
    }
    return new Plan(new RecordScan(io(), read.readerOptions(), inputs).progress("head", true), 0,
        count);
  }
}
